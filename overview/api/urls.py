from django.urls import path, re_path

from overview.api import views

app_name = "api"

urlpatterns = [
    path("openapi.json", views.openapi, name="openapi"),
    path("articles/", views.articles, name="articles"),
    path("articles/<str:slug>/", views.article_detail, name="article"),
    path("kims/", views.kims, name="kims"),
    path("events/", views.events, name="events"),
    path("regions/", views.regions, name="regions"),
    path("datasets/", views.datasets, name="datasets"),
    path("datasets/<str:name>.json", views.dataset_json, name="dataset_json"),
    path("datasets/<str:name>.csv", views.dataset_csv, name="dataset_csv"),
    # Anything else under /api/v1/ answers in JSON too, not with the portal's HTML 404 page.
    re_path(r"^(?P<path>.*)$", views.not_found, name="not_found"),
]
