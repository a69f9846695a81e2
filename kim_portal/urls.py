from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from groups.sitemaps import KimPagesSitemap, KimSitemap
from kim_portal import views
from kim_portal.sitemaps import StaticPagesSitemap
from kim_portal.uploads import serve_public_media
from materials.sitemaps import MaterialPagesSitemap, MaterialSitemap
from news.sitemaps import CategorySitemap, NewsSitemap
from workshops.sitemaps import EventSitemap

sitemaps = {
    "pages": StaticPagesSitemap,
    "kim-pages": KimPagesSitemap,
    "kim": KimSitemap,
    "events": EventSitemap,
    "news": NewsSitemap,
    "news-categories": CategorySitemap,
    "material-pages": MaterialPagesSitemap,
    "materials": MaterialSitemap,
}

urlpatterns = [
    path("", include("overview.urls")),
    path("", include("groups.urls")),
    path("", include("news.urls")),
    path("", include("materials.urls")),
    path("", include("workshops.urls")),
    path("akun/profil/", views.profile, name="profile"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("accounts/", include("allauth.urls")),
    path("bahasa/<str:code>/", views.set_language, name="set_language"),
    path("admin/", admin.site.urls),
    # Public media (re-encoded photos with unique names). A proxy in front may serve /media/
    # itself; private documents never live here.
    path(
        f"{settings.MEDIA_URL.strip('/')}/<path:path>",
        serve_public_media,
        {"document_root": settings.MEDIA_ROOT},
    ),
]

handler400 = views.error_page("400.html", 400)
handler403 = views.error_page("403.html", 403)
handler404 = views.error_page("404.html", 404)
handler500 = views.server_error
