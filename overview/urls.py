# Included at the root without a namespace: "home", "desk" and "stats" are the portal's own
# addresses, linked from every app's templates.
from django.urls import path

from overview import views

urlpatterns = [
    path("", views.home, name="home"),
    path("redaksi/", views.desk, name="desk"),
    path("statistik/", views.stats, name="stats"),
    path("statistik/csv/<slug:table>/", views.stats_csv, name="stats_csv"),
    path("kim/<slug:slug>/rapor/", views.kim_scorecard, name="kim_scorecard"),
]
