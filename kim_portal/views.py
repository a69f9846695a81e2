from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from groups.models import Kecamatan, Kelurahan, Kim
from kim_portal.forms import ProfileForm
from kim_portal.roles import is_redaksi
from news.models import Article, DisseminationReport, Material
from workshops.models import Event, Registration


def home(request: HttpRequest) -> HttpResponse:
    verified = Kim.objects.verified()
    context = {
        "kim_count": verified.count(),
        "kelurahan_count": Kelurahan.objects.count(),
        "covered_count": Kelurahan.objects.filter(kims__in=verified).distinct().count(),
        "kecamatan_list": Kecamatan.objects.order_by("name"),
        "upcoming_events": list(Event.objects.upcoming()[:3]),
    }
    return render(request, "kim_portal/home.html", context)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("profile")
    return render(request, "kim_portal/profile.html", {"form": form})


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    if not is_redaksi(request.user):
        raise PermissionDenied
    now = timezone.now()
    desk_events = Event.objects.aggregate(
        drafts=Count("pk", filter=Q(status=Event.Status.DRAFT)),
        upcoming=Count("pk", filter=Q(status=Event.Status.PUBLISHED, ends_at__gte=now)),
    )
    desk_events["waitlisted"] = Registration.objects.filter(
        status=Registration.Status.WAITLISTED,
        event__status=Event.Status.PUBLISHED,
        event__starts_at__gte=now,
    ).count()
    news_waiting = Article.objects.waiting_for_redaksi().select_related("kim")
    context = {
        "sections": [
            "news/_desk_articles.html",
            "groups/_desk_kims.html",
            "workshops/_desk_events.html",
            "news/_desk_materials.html",
        ],
        "news_waiting_count": news_waiting.count(),
        "news_waiting": news_waiting[:5],
        "pending_kim_count": Kim.objects.pending().count(),
        "desk_events": desk_events,
        "desk_materials": {
            **Material.objects.aggregate(
                drafts=Count("pk", filter=Q(published_at__isnull=True)),
                current=Count("pk", filter=Q(pk__in=Material.objects.current().values("pk"))),
            ),
            **DisseminationReport.objects.filter(shared_at__gte=now - timedelta(days=30)).aggregate(
                reports=Count("pk"), people=Sum("people_reached")
            ),
        },
    }
    return render(request, "kim_portal/desk.html", context)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /accounts/",
        "Disallow: /admin/",
        "Disallow: /redaksi/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def error_page(template: str, status: int):
    def view(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
        return render(request, template, status=status)

    return view


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the request's context processors: the database may be what failed.
    return HttpResponse(render_to_string("500.html"), status=500)


@require_GET
def set_language(request: HttpRequest, code: str) -> HttpResponse:
    """The language switch as a plain link: pages stay free of CSRF tokens and cacheable."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = redirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response
