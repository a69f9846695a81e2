"""The portal's absolute addresses: always from SITE_URL, never from the request.

A request's `Host` is whatever the client sent (any name that passes ALLOWED_HOSTS, any port);
a page, feed, sitemap or e-mail that is cached or sent on must name the portal's one public
address. Imports no project app.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest


def absolute_url(path: str) -> str:
    """`path` (from reverse(), get_absolute_url(), a storage or static URL) under SITE_URL."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL + "/" + path.lstrip("/")


class SiteRequest:
    """A request seen through SITE_URL, for Django's own views that build absolute addresses
    from the request (syndication feeds, sitemaps): host and scheme are the portal's."""

    def __init__(self, request: HttpRequest):
        self._request = request

    def __getattr__(self, name: str):
        return getattr(self._request, name)

    @property
    def scheme(self) -> str:
        return urlsplit(settings.SITE_URL).scheme

    def get_host(self) -> str:
        return urlsplit(settings.SITE_URL).netloc

    def is_secure(self) -> bool:
        return self.scheme == "https"

    def build_absolute_uri(self, location: str | None = None) -> str:
        return absolute_url(location if location is not None else self._request.get_full_path())
