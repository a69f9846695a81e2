from django.urls import path

from workshops import views

app_name = "workshops"

urlpatterns = [
    path("agenda/", views.event_list, name="list"),
    path("agenda/kalender.ics", views.calendar_feed, name="calendar"),
    path("agenda/saya/", views.mine, name="mine"),
    path("agenda/saya/<int:pk>/", views.ticket, name="ticket"),
    path("agenda/saya/<int:pk>/batal/", views.registration_cancel, name="registration_cancel"),
    path("agenda/saya/<int:pk>/ulasan/", views.feedback, name="feedback"),
    path("agenda/saya/<int:pk>/sertifikat.pdf", views.certificate_download, name="certificate"),
    path("agenda/sertifikat/<str:code>/", views.certificate_verify, name="certificate_verify"),
    path("agenda/<slug:slug>/", views.event_detail, name="detail"),
    path("agenda/<slug:slug>/daftar/", views.event_register, name="register"),
    path("agenda/<slug:slug>/kalender.ics", views.event_ics, name="ics"),
    path(
        "agenda/<slug:slug>/materi/<int:pk>/", views.event_material_download, name="event_material"
    ),
    path("redaksi/agenda/", views.desk_list, name="desk_list"),
    path("redaksi/agenda/baru/", views.desk_create, name="desk_create"),
    path("redaksi/agenda/<slug:slug>/", views.desk_edit, name="desk_edit"),
    path("redaksi/agenda/<slug:slug>/terbitkan/", views.desk_publish, name="desk_publish"),
    path("redaksi/agenda/<slug:slug>/batalkan/", views.desk_cancel, name="desk_cancel"),
    path(
        "redaksi/agenda/<slug:slug>/materi/",
        views.desk_event_material_add,
        name="event_material_add",
    ),
    path(
        "redaksi/agenda/<slug:slug>/materi/<int:pk>/hapus/",
        views.desk_event_material_delete,
        name="event_material_delete",
    ),
    path("redaksi/agenda/<slug:slug>/peserta/", views.desk_registrants, name="desk_registrants"),
    path("redaksi/agenda/<slug:slug>/peserta.csv", views.desk_export, name="desk_export"),
    path(
        "redaksi/agenda/<slug:slug>/peserta/<int:pk>/hadir/",
        views.desk_check_in,
        name="desk_check_in",
    ),
    path("redaksi/agenda/<slug:slug>/scan/<str:token>/", views.desk_scan, name="desk_scan"),
]
