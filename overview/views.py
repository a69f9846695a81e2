"""The pages that read every app: the home page, the Redaksi desk, statistics and scorecards."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from groups.access import get_kim_for_user, is_pengurus
from groups.models import Kecamatan, Kelurahan, Kim
from kim_portal.exports import csv_response
from kim_portal.pagecache import cache_public_page
from kim_portal.roles import is_redaksi, redaksi_required
from news.models import Article
from overview import statistics
from overview.desk import desk_figures
from overview.forms import PeriodForm
from workshops.models import Event

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
    return render(request, "overview/home.html", context)


@redaksi_required
def desk(request: HttpRequest) -> HttpResponse:
    return render(request, "overview/desk.html", desk_figures(timezone.now()))


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
    return render(request, "overview/statistics.html", context)


@redaksi_required
def stats_csv(request: HttpRequest, table: str) -> HttpResponse:
    period = _period_form(request).period()
    data = statistics.table_for_csv(table, period)
    if data is None:
        raise Http404("No such table.")
    suffix = f"{period.year}" + (f"-{period.month:02d}" if period.month else "")
    return csv_response(f"statistik-{table}-{suffix}.csv", data.headers, data.rows)


@login_required
def kim_scorecard(request: HttpRequest, slug: str) -> HttpResponse:
    """A KIM's yearly scorecard (rapor) for the city's assessment: its pengurus and the Redaksi."""
    kim = get_kim_for_user(request, slug)
    if not (is_redaksi(request.user) or is_pengurus(request.user, kim)):
        raise PermissionDenied
    form = _period_form(request)
    context = statistics.scorecard(kim, form.period())
    context.update(kim=kim, form=form)
    return render(request, "overview/scorecard.html", context)
