"""The portal's URLs plus the article page behind the anonymous page cache, whatever the
article view itself is decorated with: the comment tests check the cache is refreshed."""

from django.urls import path

from kim_portal.pagecache import cache_public_page
from kim_portal.urls import urlpatterns as portal_urlpatterns
from news import views

urlpatterns = [
    path("tersimpan/<slug:slug>/", cache_public_page(views.article_detail), name="cached_article"),
    *portal_urlpatterns,
]
