"""The installable, offline-capable portal: web app manifest, service worker and offline page.

The service worker (templates/kim_portal/service_worker.js) keeps the photos of pages read
recently (`/media/` holds public files only), and a copy of a page only when the response says it
may, in the `X-Offline-Copy` header: `public` for a page built for anonymous visitors (kim_portal.pagecache marks those), `private` for a signed-in author's writing form.
Private copies have a cache of their own, and every login and logout clears the site's storage
(`ClearSiteDataOnAccountChange`), so no copy outlives the session it was made in.
"""

import json
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from kim_portal.pagecache import OFFLINE_COPY_HEADER, RELEASE, mark_offline_copy

THEME_COLOR = "#0b5c55"
ICONS = (("img/icon-192.png", 192, "any"), ("img/icon-512.png", 512, "any"))
MASKABLE_ICON = ("img/icon-maskable-512.png", 512, "maskable")


def private_offline_copy(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page its signed-in user may reopen offline (the writing form); nobody else sees it."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if request.method == "GET" and response.status_code == 200:
            mark_offline_copy(response, "private")
        return response

    return wrapper


class ClearSiteDataOnAccountChange:
    """A login or logout clears the browser's caches and storage for the site: offline copies
    and drafts kept on the device belong to the account that made them. Django's login and
    logout signals mark the request; the session itself is never read here (so a request made
    while the database is down still reaches the 503 page)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, ACCOUNT_CHANGED, False):
            response["Clear-Site-Data"] = '"cache", "storage"'
        return response


ACCOUNT_CHANGED = "kim_account_changed"


@receiver(user_logged_in)
@receiver(user_logged_out)
def _mark_account_change(sender, request=None, **kwargs) -> None:
    if request is not None:
        setattr(request, ACCOUNT_CHANGED, True)


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    shell = [
        reverse("offline"),
        static("css/portal.css"),
        static("img/logo.svg"),
        static("img/favicon.svg"),
        *(static(path) for path, _size, _purpose in ICONS),
    ]
    response = render(
        request,
        "kim_portal/service_worker.js",
        {
            "version": RELEASE,
            "shell": json.dumps(shell),
            "offline_url": json.dumps(reverse("offline")),
            "static_prefix": json.dumps(static("")),
            "media_prefix": json.dumps(settings.MEDIA_URL),
            "header": json.dumps(OFFLINE_COPY_HEADER),
        },
        content_type="text/javascript; charset=utf-8",
    )
    # Served from the root so that it may control every page; the browser checks for a new
    # version on each visit.
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@require_safe
def web_manifest(request: HttpRequest) -> HttpResponse:
    icons = [
        {"src": static(path), "sizes": f"{size}x{size}", "type": "image/png", "purpose": purpose}
        for path, size, purpose in (*ICONS, MASKABLE_ICON)
    ]
    manifest = {
        "name": _("KIM Portal of Salatiga"),
        "short_name": _("KIM Salatiga"),
        "description": _("News, events and community information groups (KIM) of Kota Salatiga."),
        "lang": request.LANGUAGE_CODE,
        "start_url": reverse("home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#f7f8f6",
        "theme_color": THEME_COLOR,
        "icons": icons,
    }
    return JsonResponse(
        manifest, content_type="application/manifest+json", json_dumps_params={"indent": 1}
    )


@require_safe
def offline_page(request: HttpRequest) -> HttpResponse:
    return mark_offline_copy(render(request, "kim_portal/offline.html"), "public")
