"""Whole-page cache for anonymous visitors, invalidated exactly.

Every change to public content calls `public_content_changed()`, which bumps one version number;
each cached page carries the version it was rendered under and is served only while that is
still the current one: a page is never served stale, however it depends on the data. Content
that becomes public later on its own (a scheduled article) is announced ahead with
`public_content_changes_at(when)`; the first request after that moment bumps the version.

A hit costs one cache round trip (the page, the version and the next announced change in one
`get_many`) and no SQL. Pages live in their own cache, `CACHES["pages"]`: Redis when `REDIS_URL`
is set, otherwise files under `var/cache/pages` that every process on the machine shares (so
invalidation stays exact across gunicorn workers), with a bounded number of entries.

The body is stored compressed once, gzip and Brotli, and served
in the encoding the client accepts, with `Vary: Accept-Encoding`, a strong `ETag` per encoding
and `Last-Modified`; a conditional request for an unchanged page answers 304. Anonymous pages
say `Cache-Control: public, max-age=0, s-maxage=SHARED_CACHE_SECONDS`: browsers revalidate every
time (cheap, a 304), and a shared cache in front may hold a page for those few seconds.

The key is built from the site's host and scheme as well as the path, language and release, so
a visitor sending another `Host` never shapes the page others get (absolute URLs in pages come
from `SITE_URL` anyway: kim_portal/links.py).

A new release (code, templates, translations, static files) starts with an empty page cache: the
keys carry a digest of the project's files, computed once per process start.

Cached pages must not carry a CSRF token (a token belongs to one visitor): a view that renders
one is simply not cached, and anonymous pages are built without forms that need it.

The cache may be unreachable (Redis down): its backend (kim_portal/cache.py) then answers as an
empty cache, pages render uncached, and a change made meanwhile is applied once it is back.
Tests: tests/kim_portal/test_pagecache.py, tests/kim_portal/test_faults.py.
"""

import gzip
import hashlib
from collections.abc import Callable
from datetime import datetime
from functools import wraps

import brotli
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.connection import ConnectionProxy
from django.utils.http import http_date
from django.utils.translation import get_language

cache = ConnectionProxy(caches, "pages")


def _release_digest() -> str:
    digest = hashlib.sha1()
    for folder in (
        "kim_portal",
        "groups",
        "news",
        "materials",
        "workshops",
        "subscriptions",
        "overview",
        "templates",
        "locale",
        "locale_packages",
        "static",
    ):
        for path in sorted((settings.BASE_DIR / folder).rglob("*")):
            if (
                path.suffix in (".py", ".html", ".mo", ".css", ".js")
                and "__pycache__" not in path.parts
            ):
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


RELEASE = _release_digest()
VERSION_KEY = "public-pages:version"
NEXT_CHANGE_KEY = "public-pages:next-change"
PAGE_SECONDS = 60 * 60
# Read by the service worker (kim_portal/offline.py): which pages a phone may keep offline.
OFFLINE_COPY_HEADER = "X-Offline-Copy"


def mark_offline_copy(response: HttpResponse, scope: str) -> HttpResponse:
    """Let the service worker keep this response: `public` (anyone may see it) or `private`
    (the signed-in user's own page, in a cache cleared at logout)."""
    if scope not in ("public", "private"):
        raise ValueError(scope)
    response[OFFLINE_COPY_HEADER] = scope
    return response


_bump_owed = False


def _bump() -> None:
    global _bump_owed
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not in the cache yet (or evicted): any new number invalidates
        cache.set(VERSION_KEY, int(timezone.now().timestamp() * 1000), timeout=None)
    # An unreachable cache (kim_portal/cache.py) drops the new number: bump again once it
    # answers, or pages it held from before the outage would be served stale.
    _bump_owed = cache.get(VERSION_KEY) is None


def public_content_changed() -> None:
    """Call from any service that changes what anonymous visitors see; takes effect on commit.

    Robust: the write is committed by then, so a failing cache is logged, never raised.
    """
    transaction.on_commit(_bump, robust=True)


def public_content_changes_at(when: datetime) -> None:
    """Remember that public pages change at `when` without any write happening then."""
    current = cache.get(NEXT_CHANGE_KEY)
    if current is None or when < current:
        cache.set(NEXT_CHANGE_KEY, when, timeout=None)


def _current_version(found: dict) -> int | None:
    """The version now, from what one `get_many` found; bumps where a change is due."""
    if _bump_owed:
        _bump()
        return cache.get(VERSION_KEY)
    next_change = found.get(NEXT_CHANGE_KEY)
    if next_change is not None and next_change <= timezone.now():
        cache.delete(NEXT_CHANGE_KEY)
        _bump()
        return cache.get(VERSION_KEY)
    version = found.get(VERSION_KEY)
    if version is None:
        _bump()
        version = cache.get(VERSION_KEY)
    return version


def _page_key(request: HttpRequest) -> str:
    # Hashed: a long query string must not exceed a cache's key length (250 in memcached).
    where = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(where.encode()).hexdigest()
    return f"public-pages:{RELEASE}:{get_language()}:{digest}"


def _encoding_for(request: HttpRequest) -> str:
    accepted = {
        part.split(";")[0].strip().lower()
        for part in request.headers.get("Accept-Encoding", "").split(",")
        if not part.strip().endswith(";q=0")
    }
    if "br" in accepted:
        return "br"
    if "gzip" in accepted:
        return "gzip"
    return "identity"


def _entry(version: int | None, response: HttpResponse) -> dict:
    content = response.content
    bodies = {
        "gzip": gzip.compress(content, compresslevel=6, mtime=0),
        "br": brotli.compress(content, quality=5),
    }
    return {
        "version": version,
        "content_type": response["Content-Type"],
        # What the view said besides the body (a file name, a link header), served on every hit.
        "headers": {
            header: value
            for header, value in response.items()
            if header.lower() not in ("content-type", "content-length")
        },
        "bodies": bodies,
        "etag": hashlib.sha256(content).hexdigest()[:20],
        "modified": timezone.now().timestamp(),
    }


def _response_from(request: HttpRequest, entry: dict, status: str) -> HttpResponse:
    encoding = _encoding_for(request)
    if encoding == "identity":
        body = gzip.decompress(entry["bodies"]["gzip"])
    else:
        body = entry["bodies"][encoding]
    response = HttpResponse(body, content_type=entry["content_type"])
    for header, value in entry["headers"].items():
        response[header] = value
    if encoding != "identity":
        response["Content-Encoding"] = encoding
    # One representation per encoding: a strong validator names it.
    etag = f'"{entry["etag"]}-{encoding[0]}"'
    response["ETag"] = etag
    response["Last-Modified"] = http_date(entry["modified"])
    response["Cache-Control"] = f"public, max-age=0, s-maxage={settings.SHARED_CACHE_SECONDS}"
    patch_vary_headers(response, ["Accept-Encoding"])
    response["X-Page-Cache"] = status
    mark_offline_copy(response, "public")
    conditional = get_conditional_response(
        request, etag=etag, last_modified=int(entry["modified"]), response=response
    )
    if request.method == "HEAD" and conditional is response:
        response.content = b""
        response["Content-Length"] = str(len(body))
    return conditional


def cache_public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if (
            request.method not in ("GET", "HEAD")
            or request.user.is_authenticated
            or len(get_messages(request))
        ):
            return view(request, *args, **kwargs)
        key = _page_key(request)
        found = cache.get_many([key, VERSION_KEY, NEXT_CHANGE_KEY])
        version = _current_version(found)
        entry = found.get(key)
        if entry is not None and version is not None and entry["version"] == version:
            return _response_from(request, entry, "hit")
        response = view(request, *args, **kwargs)
        if (
            response.status_code == 200
            and not response.streaming
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not response.cookies
        ):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            entry = _entry(version, response)
            if version is not None:
                cache.set(key, entry, PAGE_SECONDS)
            return _response_from(request, entry, "miss")
        return response

    return wrapper
