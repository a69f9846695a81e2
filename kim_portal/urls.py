from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.generic import TemplateView
from django.views.i18n import JavaScriptCatalog

from groups.sitemaps import KimPagesSitemap, KimSitemap
from kim_portal import offline, views
from kim_portal.links import SiteRequest
from kim_portal.pagecache import cache_public_page
from kim_portal.sitemaps import StaticPagesSitemap
from kim_portal.uploads import serve_public_media
from materials.sitemaps import MaterialPagesSitemap, MaterialSitemap
from news.sitemaps import CategorySitemap, NewsSitemap
from overview.api import views as api_views
from workshops.sitemaps import EventSitemap

# /sitemap.xml is an index of these sections, each paged: /sitemap-<section>.xml?p=N
# (kim_portal/sitemaps.py).
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


# Django's sitemap views, their addresses under SITE_URL whatever host was asked.
@cache_public_page
def sitemap_index(request, **kwargs):
    return sitemap_views.index(SiteRequest(request), sitemap_url_name="sitemap_section", **kwargs)


@cache_public_page
def sitemap_section(request, **kwargs):
    return sitemap_views.sitemap(SiteRequest(request), **kwargs)


def footer_page(template: str):
    office = {
        "name": settings.OFFICE_NAME,
        "address": settings.OFFICE_ADDRESS,
        "email": settings.CONTACT_EMAIL,
    }
    return cache_public_page(
        TemplateView.as_view(template_name=template, extra_context={"office": office})
    )


urlpatterns = [
    path("", include("overview.urls")),
    path("", include("groups.urls")),
    path("", include("news.urls")),
    path("", include("materials.urls")),
    path("", include("workshops.urls")),
    path("", include("subscriptions.urls")),
    path("akun/profil/", views.profile, name="profile"),
    path("tentang/", footer_page("kim_portal/about.html"), name="about"),
    path("kontak/", footer_page("kim_portal/contact.html"), name="contact"),
    path("privasi/", footer_page("kim_portal/privacy.html"), name="privacy"),
    path("redaksi/audit/", views.audit_log, name="audit_log"),
    path("redaksi/audit.csv", views.audit_log_csv, name="audit_log_csv"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sw.js", offline.service_worker, name="service_worker"),
    path("manifest.webmanifest", offline.web_manifest, name="web_manifest"),
    path("luring/", offline.offline_page, name="offline"),
    path("sitemap.xml", sitemap_index, {"sitemaps": sitemaps}, name="sitemap"),
    path(
        "sitemap-<str:section>.xml",
        sitemap_section,
        {"sitemaps": sitemaps},
        name="sitemap_section",
    ),
    path("api/v1/", include("overview.api.urls")),
    path("data-terbuka/", api_views.data_dictionary, name="open_data"),
    path("accounts/", include("allauth.urls")),
    path("bahasa/<str:code>/", views.set_language, name="set_language"),
    # The words of the rich-text editor (window.gettext), from locale/<lang>/djangojs.po.
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript_catalog"),
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
