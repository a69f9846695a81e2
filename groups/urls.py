from django.urls import path

from groups.views import desk, files, membership, programs, registry

app_name = "groups"

urlpatterns = [
    path("kim/", registry.kim_list, name="list"),
    path("kim/cakupan/", registry.kim_coverage, name="coverage"),
    path("kim/daftar/", registry.kim_register, name="register"),
    path("kim/mulai/", registry.kim_welcome, name="welcome"),
    path("kim/saya/", registry.kim_mine, name="mine"),
    path("kim/<slug:slug>/", registry.kim_detail, name="detail"),
    path("kim/<slug:slug>/ubah/", registry.kim_edit, name="edit"),
    path("kim/<slug:slug>/dokumen/sk/", files.kim_document, {"document": "sk"}, name="decree"),
    path(
        "kim/<slug:slug>/dokumen/ad-art/",
        files.kim_document,
        {"document": "ad-art"},
        name="statutes",
    ),
    path("kim/<slug:slug>/gabung/", membership.membership_join, name="join"),
    path("kim/<slug:slug>/keluar/", membership.membership_leave, name="leave"),
    path("kim/<slug:slug>/anggota/", membership.kim_members, name="members"),
    path(
        "kim/<slug:slug>/anggota/<int:pk>/peran/",
        membership.membership_role,
        name="membership_role",
    ),
    path(
        "kim/<slug:slug>/anggota/<int:pk>/keluarkan/",
        membership.membership_remove,
        name="membership_remove",
    ),
    path(
        "kim/<slug:slug>/anggota/<int:pk>/setujui/",
        membership.membership_decide,
        {"decision": "setujui"},
        name="membership_approve",
    ),
    path(
        "kim/<slug:slug>/anggota/<int:pk>/tolak/",
        membership.membership_decide,
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
    path("redaksi/kim/", desk.review_queue, name="review_queue"),
    path("redaksi/kim/<slug:slug>/", desk.review_detail, name="review"),
]
