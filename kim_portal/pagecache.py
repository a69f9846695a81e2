"""Whole-page cache for anonymous visitors, invalidated exactly.

Every change to public content calls `public_content_changed()`, which bumps one version number
that is part of every cache key: a page is never served stale, however it depends on the data.
Content that becomes public later on its own (a scheduled article) is announced ahead with
`public_content_changes_at(when)`; the first request after that moment bumps the version.

A new release (code, templates, translations, static files) starts with an empty page cache: the
keys carry a digest of the project's files, computed once per process start.

Cached pages must not carry a CSRF token (a token belongs to one visitor): a view that renders
one is simply not cached, and anonymous pages are built without forms that need it.

The cache may be unreachable (Redis down): its backend (kim_portal/cache.py) then answers as an
empty cache, pages render uncached, and a change made meanwhile is applied once it is back.
Tests: tests/kim_portal/test_faults.py.
"""

import hashlib
from collections.abc import Callable
from datetime import datetime
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import get_language


def _release_digest() -> str:
    digest = hashlib.sha1()
    for folder in (
        "kim_portal",
        "groups",
        "news",
        "materials",
        "workshops",
        "overview",
        "templates",
        "locale",
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


def _version() -> int | None:
    if _bump_owed:
        _bump()
    next_change = cache.get(NEXT_CHANGE_KEY)
    if next_change is not None and next_change <= timezone.now():
        cache.delete(NEXT_CHANGE_KEY)
        _bump()
    version = cache.get(VERSION_KEY)
    if version is None:
        _bump()
        version = cache.get(VERSION_KEY)
    return version


def cache_public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if (
            request.method not in ("GET", "HEAD")
            or request.user.is_authenticated
            or len(get_messages(request))
        ):
            return view(request, *args, **kwargs)
        # Hashed: a long query string must not exceed the cache's key length (255 in the
        # database cache).
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"public-pages:{RELEASE}:{_version()}:{get_language()}:{path}"
        cached = cache.get(key)
        if cached is not None:
            content, content_type = cached
            response = HttpResponse(content, content_type=content_type)
            response["X-Page-Cache"] = "hit"
            return mark_offline_copy(response, "public")
        response = view(request, *args, **kwargs)
        if (
            response.status_code == 200
            and not response.streaming
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not response.cookies
        ):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            cache.set(key, (response.content, response["Content-Type"]), PAGE_SECONDS)
            response["X-Page-Cache"] = "miss"
            # What may be cached here for every visitor, a phone may keep for reading offline.
            mark_offline_copy(response, "public")
        return response

    return wrapper
