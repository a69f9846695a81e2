from django.urls import path

from subscriptions import views

app_name = "subscriptions"

urlpatterns = [
    path("langganan/", views.subscribe, name="subscribe"),
    path("langganan/cek-email/", views.sent, name="sent"),
    path("langganan/konfirmasi/<str:token>/", views.confirm, name="confirm"),
    path("langganan/berhenti/<str:token>/", views.unsubscribe, name="unsubscribe"),
    # The digest's one-click link: every subscription whose news comes in the same mail.
    path(
        "langganan/berhenti/<str:token>/semua/",
        views.unsubscribe,
        {"whole_digest": True},
        name="unsubscribe_digest",
    ),
    path("langganan/push/", views.push_subscribe, name="push_subscribe"),
    path("langganan/push/hapus/", views.push_unsubscribe, name="push_unsubscribe"),
    path("langganan/sw.js", views.service_worker, name="service_worker"),
    path("akun/langganan/", views.mine, name="mine"),
    path("akun/langganan/<int:pk>/", views.manage, name="manage"),
]
