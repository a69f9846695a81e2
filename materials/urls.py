from django.urls import path

from materials import views

app_name = "materials"

urlpatterns = [
    path("bahan/", views.material_list, name="materials"),
    path("bahan/laporan-saya/", views.report_mine, name="my_reports"),
    path("bahan/laporan/<int:pk>/ubah/", views.report_edit, name="report_edit"),
    path("bahan/<slug:slug>/", views.material_detail, name="material"),
    path("bahan/<slug:slug>/lapor/", views.report_create, name="material_report"),
    path(
        "bahan/<slug:slug>/berkas/<int:pk>/",
        views.material_file,
        name="material_file",
    ),
    path("redaksi/bahan/", views.desk_materials, name="desk_materials"),
    path("redaksi/bahan/baru/", views.material_create, name="material_create"),
    path("redaksi/bahan/laporan/", views.desk_reports, name="desk_reports"),
    path("redaksi/bahan/laporan.csv", views.desk_reports_csv, name="desk_reports_csv"),
    path("redaksi/bahan/<int:pk>/", views.material_edit, name="material_edit"),
    path(
        "redaksi/bahan/<int:pk>/terbitkan/",
        views.material_publish,
        name="material_publish",
    ),
    path(
        "redaksi/bahan/<int:pk>/tarik/",
        views.material_unpublish,
        name="material_unpublish",
    ),
    path(
        "redaksi/bahan/<int:pk>/berkas/<int:file_pk>/hapus/",
        views.material_file_delete,
        name="material_file_delete",
    ),
    path("pengumuman/", views.announcement_list, name="announcements"),
    path("pengumuman/<int:pk>/", views.announcement_detail, name="announcement"),
    path("redaksi/pengumuman/", views.desk_announcements, name="desk_announcements"),
    path(
        "redaksi/pengumuman/baru/",
        views.announcement_create,
        name="announcement_create",
    ),
]
