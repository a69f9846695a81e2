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
    path("redaksi/komentar/massal/", views.comment_bulk_moderate, name="comment_bulk"),
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
]
