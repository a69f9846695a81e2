from django.urls import path

from groups import views
from groups.views import programs

app_name = "groups"

urlpatterns = [
    path("kim/", views.kim_list, name="list"),
    path("kim/cakupan/", views.kim_coverage, name="coverage"),
    path("kim/daftar/", views.kim_register, name="register"),
    path("kim/mulai/", views.kim_welcome, name="welcome"),
    path("kim/saya/", views.kim_mine, name="mine"),
    path("kim/<slug:slug>/", views.kim_detail, name="detail"),
    path("kim/<slug:slug>/ubah/", views.kim_edit, name="edit"),
    path("kim/<slug:slug>/dokumen/sk/", views.kim_document, {"document": "sk"}, name="decree"),
    path(
        "kim/<slug:slug>/dokumen/ad-art/",
        views.kim_document,
        {"document": "ad-art"},
        name="statutes",
    ),
    path("kim/<slug:slug>/gabung/", views.membership_join, name="join"),
    path("kim/<slug:slug>/keluar/", views.membership_leave, name="leave"),
    path("kim/<slug:slug>/anggota/", views.kim_members, name="members"),
    path("kim/<slug:slug>/anggota/<int:pk>/peran/", views.membership_role, name="membership_role"),
    path(
        "kim/<slug:slug>/anggota/<int:pk>/keluarkan/",
        views.membership_remove,
        name="membership_remove",
    ),
    path(
        "kim/<slug:slug>/anggota/<int:pk>/setujui/",
        views.membership_decide,
        {"decision": "setujui"},
        name="membership_approve",
    ),
    path(
        "kim/<slug:slug>/anggota/<int:pk>/tolak/",
        views.membership_decide,
        {"decision": "tolak"},
        name="membership_decline",
    ),
    path("kim/<slug:slug>/program/<int:year>/", programs.program_detail, name="program"),
    path(
        "kim/<slug:slug>/program/<int:year>/buat/", programs.program_create, name="program_create"
    ),
    path(
        "kim/<slug:slug>/program/<int:year>/kegiatan/baru/",
        programs.program_item_edit,
        name="program_item_add",
    ),
    path(
        "kim/<slug:slug>/program/<int:year>/kegiatan/<int:pk>/",
        programs.program_item_edit,
        name="program_item_edit",
    ),
    path(
        "kim/<slug:slug>/program/<int:year>/ajukan/", programs.program_submit, name="program_submit"
    ),
    path("redaksi/program/", programs.program_queue, name="program_queue"),
    path("redaksi/program/<int:pk>/", programs.program_review, name="program_review"),
    path("redaksi/kim/", views.review_queue, name="review_queue"),
    path("redaksi/kim/<slug:slug>/", views.review_detail, name="review"),
]
