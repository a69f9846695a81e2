from django.urls import path

from news import views

app_name = "news"

urlpatterns = [
    path("berita/", views.article_list, name="list"),
    path("berita/tulis/", views.article_write, name="write"),
    path("berita/saya/", views.article_mine, name="mine"),
    path("berita/tinjau/", views.kim_queue, name="kim_queue"),
    path("berita/gambar/", views.body_image_upload, name="image_upload"),
    path("berita/naskah/<int:pk>/", views.article_review, name="review"),
    path("berita/naskah/<int:pk>/ubah/", views.article_edit, name="edit"),
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
    path("berita/<slug:slug>/", views.article_detail, name="detail"),
]
