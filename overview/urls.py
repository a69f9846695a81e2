# Included at the root without a namespace: "home", "desk" and "stats" are the portal's own
# addresses, linked from every app's templates.
from django.urls import path

from overview import views

urlpatterns = [
    path("", views.home, name="home"),
    path("redaksi/", views.desk, name="desk"),
    path("akun/data-saya.json", views.my_data, name="my_data"),
    path("akun/hapus/", views.account_delete, name="account_delete"),
    path("redaksi/data-pribadi/", views.desk_personal_data, name="desk_personal_data"),
    path(
        "redaksi/data-pribadi/<int:pk>/data.json",
        views.desk_personal_data_export,
        name="desk_personal_data_export",
    ),
    path(
        "redaksi/data-pribadi/<int:pk>/hapus/",
        views.desk_account_erase,
        name="desk_account_erase",
    ),
    path("statistik/", views.stats, name="stats"),
    path("statistik/csv/<slug:table>/", views.stats_csv, name="stats_csv"),
    path("kim/<slug:slug>/rapor/", views.kim_scorecard, name="kim_scorecard"),
]
