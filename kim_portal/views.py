import sys

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from kim_portal.exports import csv_response
from kim_portal.forms import AuditFilterForm, ProfileForm
from kim_portal.links import absolute_url
from kim_portal.middleware import database_unavailable_response, database_unreachable
from kim_portal.models import AuditEntry
from kim_portal.roles import redaksi_required


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("profile")
    return render(request, "kim_portal/profile.html", {"form": form})


AUDIT_PAGE_SIZE = 50


def _audit_entries(request: HttpRequest) -> tuple[AuditFilterForm, object]:
    object_types = list(
        AuditEntry.objects.order_by("object_type")
        .exclude(object_type="")
        .values_list("object_type", flat=True)
        .distinct()
    )
    form = AuditFilterForm(request.GET or None, object_types=object_types)
    return form, form.filter(AuditEntry.objects.all())


@redaksi_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """The Redaksi reads the audit log, newest first, filtered."""
    form, entries = _audit_entries(request)
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "kim_portal/audit_desk.html", context)


@redaksi_required
def audit_log_csv(request: HttpRequest) -> HttpResponse:
    _form, entries = _audit_entries(request)
    headers = [
        _("Time"),
        _("Actor"),
        _("Action"),
        _("Object type"),
        _("Object id"),
        _("Object"),
        _("Note"),
    ]
    rows = (
        [
            timezone.localtime(entry.created_at).strftime("%Y-%m-%d %H:%M:%S"),
            entry.actor_name,
            entry.action,
            entry.object_type,
            entry.object_id,
            entry.object_repr,
            entry.note,
        ]
        for entry in entries.iterator()
    )
    filename = f"audit-{timezone.localdate():%Y%m%d}.csv"
    return csv_response(filename, headers, rows, actor=request.user)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """Each dependency's state. 503 only without the database: a node serves well without the
    cache (uncached), and a shared Redis down must not take every node out of the balancer."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except DatabaseError:
        database = "down"
    if not hasattr(cache, "is_available"):
        cache_state = "in the database"
    else:
        cache_state = "ok" if cache.is_available() else "down (serving uncached)"
    return HttpResponse(
        f"database: {database}\ncache: {cache_state}\n",
        status=200 if database == "ok" else 503,
        content_type="text/plain",
    )


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /accounts/",
        "Disallow: /admin/",
        "Disallow: /redaksi/",
        f"Sitemap: {absolute_url(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def error_page(template: str, status: int):
    def view(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
        if request.path.startswith("/api/"):
            # The open-data API answers its clients in JSON, refusals at the gate included.
            return JsonResponse({"error": template.removesuffix(".html")}, status=status)
        return render(request, template, status=status)

    return view


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's last resort, for errors the view's middleware did not turn into a page. It is
    called while the exception is being handled, so sys.exc_info() names it."""
    if database_unreachable(sys.exc_info()[1]):
        # Raised outside the view, such as the session saved after it.
        return database_unavailable_response(request, outside_view=True)
    # Rendered without the request's context processors: the database may be what failed.
    return HttpResponse(render_to_string("500.html"), status=500)


@require_safe
def set_language(request: HttpRequest, code: str) -> HttpResponse:
    """The language switch as a plain link: pages stay free of CSRF tokens and cacheable."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    if request.user.is_authenticated:
        request.user.remember_language(code)
    response = redirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response
