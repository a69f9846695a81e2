from django.urls import path

from kim_portal.pagecache import cache_public_page
from news import views
from news.feeds import ArticleFeed, CategoryFeed, KimFeed

app_name = "news"

urlpatterns = [
    path("berita/", views.article_list, name="list"),
    path("berita/feed/", cache_public_page(ArticleFeed()), name="feed"),
    path("berita/kategori/<slug:slug>/", views.category_detail, name="category"),
    path(
        "berita/kategori/<slug:slug>/feed/", cache_public_page(CategoryFeed()), name="category_feed"
    ),
    path("kim/<slug:slug>/feed/", cache_public_page(KimFeed()), name="kim_feed"),
    path("berita/tulis/", views.article_write, name="write"),
    path("berita/tulis/simpan/", views.article_autosave_new, name="autosave_new"),
    path("berita/saya/", views.article_mine, name="mine"),
    path("berita/tinjau/", views.kim_queue, name="kim_queue"),
    path("berita/gambar/", views.body_image_upload, name="image_upload"),
    path("berita/naskah/<int:pk>/", views.article_review, name="review"),
    path("berita/naskah/<int:pk>/ubah/", views.article_edit, name="edit"),
    path("berita/naskah/<int:pk>/simpan/", views.article_autosave, name="autosave"),
    *[
        path(
            f"berita/naskah/<int:pk>/{action}/",
            views.article_action,
            {"action": action},
            name=action.replace("-", "_"),
        )
        for action in views.ACTIONS
    ],
    path("redaksi/berita/", views.redaksi_queue, name="redaksi_queue"),
    path("redaksi/komentar/", views.comment_queue, name="comment_queue"),
    *[
        path(
            f"redaksi/komentar/<int:pk>/{action}/",
            views.comment_moderate,
            {"action": action},
            name=f"comment_{action}",
        )
        for action in views.COMMENT_ACTIONS
    ],
    path("berita/<slug:slug>/komentar/", views.comment_post, name="comment"),
    path("berita/<slug:slug>/", views.article_detail, name="detail"),
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
