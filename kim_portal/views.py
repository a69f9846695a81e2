import csv
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection
from django.db.models import Count, F, Q, Sum, Window
from django.db.models.functions import RowNumber
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from groups.access import get_kim_for_user, is_pengurus
from groups.models import Kecamatan, Kelurahan, Kim, WorkProgram
from kim_portal import statistics
from kim_portal.forms import PeriodForm, ProfileForm
from kim_portal.pagecache import cache_public_page
from kim_portal.roles import is_redaksi
from materials.models import DisseminationReport, Material
from news.models import Article, Comment
from workshops.models import Event, Registration

HOME_LATEST = 6
HOME_PER_KECAMATAN = 3


@cache_public_page
def home(request: HttpRequest) -> HttpResponse:
    verified = Kim.objects.verified()
    public = Article.objects.public()
    listed = public.select_related("kim", "kelurahan", "photo", "author")
    featured = listed.featured_first().first()
    latest = list(listed.exclude(pk=featured.pk if featured else None)[:HOME_LATEST])
    # The newest few per kecamatan, in one query.
    by_kecamatan = listed.annotate(
        position=Window(
            RowNumber(),
            partition_by=F("kelurahan__kecamatan"),
            order_by=[F("published_at").desc(), F("pk").desc()],
        )
    ).filter(position__lte=HOME_PER_KECAMATAN, kelurahan__isnull=False)
    kecamatan_list = list(Kecamatan.objects.order_by("name"))
    news_by_kecamatan = {kecamatan.pk: [] for kecamatan in kecamatan_list}
    for article in by_kecamatan.order_by("-published_at", "-pk"):
        news_by_kecamatan[article.kelurahan.kecamatan_id].append(article)
    month_start = timezone.localtime().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    context = {
        "featured": featured,
        "latest": latest,
        "kecamatan_news": [
            (kecamatan, news_by_kecamatan[kecamatan.pk])
            for kecamatan in kecamatan_list
            if news_by_kecamatan[kecamatan.pk]
        ],
        "kim_count": verified.count(),
        "kelurahan_count": Kelurahan.objects.count(),
        "covered_count": Kelurahan.objects.filter(kims__in=verified).distinct().count(),
        "articles_this_month": public.filter(published_at__gte=month_start).count(),
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
    # KIM registrations and work programs waiting, in one query.
    desk_groups = Kim.objects.aggregate(
        pending_kims=Count("pk", filter=Q(status=Kim.Status.PENDING), distinct=True),
        programs_waiting=Count(
            "work_programs",
            filter=Q(work_programs__status=WorkProgram.Status.SUBMITTED),
            distinct=True,
        ),
    )
    context = {
        "sections": [
            "news/_desk_articles.html",
            "groups/_desk_kims.html",
            "workshops/_desk_events.html",
            "news/_desk_comments.html",
            "groups/_desk_programs.html",
            "materials/_desk_materials.html",
        ],
        "news_waiting_count": news_waiting.count(),
        "news_waiting": news_waiting[:5],
        "pending_kim_count": desk_groups["pending_kims"],
        "programs_waiting_count": desk_groups["programs_waiting"],
        "desk_events": desk_events,
        "comments_pending_count": Comment.objects.pending().count(),
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


# -- Statistics ---------------------------------------------------------------------------


def _period_form(request: HttpRequest) -> PeriodForm:
    return PeriodForm(request.GET or None, this_year=timezone.localdate().year)


def stats(request: HttpRequest) -> HttpResponse:
    """Public: aggregate numbers and charts. The Redaksi also sees per-KIM figures and CSV."""
    form = _period_form(request)
    period = form.period()
    full = is_redaksi(request.user)
    context = statistics.dashboard(period, full=full)
    context.update(
        form=form, query=f"year={period.year}" + (f"&month={period.month}" if period.month else "")
    )
    return render(request, "kim_portal/statistics.html", context)


@login_required
def stats_csv(request: HttpRequest, table: str) -> HttpResponse:
    if not is_redaksi(request.user):
        raise PermissionDenied
    period = _period_form(request).period()
    data = statistics.table_for_csv(table, period)
    if data is None:
        raise Http404("No such table.")
    suffix = f"{period.year}" + (f"-{period.month:02d}" if period.month else "")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="statistik-{table}-{suffix}.csv"'
    writer = csv.writer(response)
    writer.writerow([str(header) for header in data.headers])
    writer.writerows(["" if value is None else value for value in row] for row in data.rows)
    return response


@login_required
def kim_scorecard(request: HttpRequest, slug: str) -> HttpResponse:
    """A KIM's yearly scorecard (rapor) for the city's assessment: its pengurus and the Redaksi."""
    kim = get_kim_for_user(request, slug)
    if not (is_redaksi(request.user) or is_pengurus(request.user, kim)):
        raise PermissionDenied
    form = _period_form(request)
    context = statistics.scorecard(kim, form.period())
    context.update(kim=kim, form=form)
    return render(request, "kim_portal/scorecard.html", context)
