"""The pages that read every app: the home page, the Redaksi desk, statistics, scorecards, and
a person's data rights (a copy of their data, deleting the account; overview/privacy.py)."""

import json

from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groups.access import get_kim_for_user, is_pengurus
from groups.models import Kecamatan, Kelurahan, Kim
from kim_portal.exports import csv_response
from kim_portal.pagecache import cache_public_page
from kim_portal.roles import is_redaksi, redaksi_required
from news.models import Article
from overview import statistics
from overview.desk import desk_figures
from overview.forms import AccountEraseForm, AccountLookupForm, PeriodForm, RequestEraseForm
from overview.privacy import (
    ErasureRefused,
    account_erase,
    kims_left_without_ketua,
    personal_data_export,
)
from workshops.models import Event

HOME_LATEST = 6
HOME_PER_KECAMATAN = 3
# The newest this many public articles are read (two columns each) to fill the page: enough
# for every active kecamatan, and the same cost however many articles exist.
HOME_RECENT = 1000


def _home_articles(public) -> tuple:
    """The featured article, the latest, and the newest few per kecamatan: three small queries
    (four when a kecamatan has published nothing lately) whatever the number of articles."""
    featured_pk = (
        public.filter(featured_at__isnull=False)
        .order_by("-featured_at")
        .values_list("pk", flat=True)
        .first()
    )
    recent = list(
        public.order_by("-published_at", "-pk").values_list("pk", "kelurahan__kecamatan")[
            :HOME_RECENT
        ]
    )
    if featured_pk is None and recent:
        featured_pk = recent[0][0]
    latest = [pk for pk, _ in recent if pk != featured_pk][:HOME_LATEST]
    kecamatan_list = list(Kecamatan.objects.order_by("name"))
    picked = {kecamatan.pk: [] for kecamatan in kecamatan_list}
    for pk, kecamatan in recent:
        if kecamatan is not None and len(picked[kecamatan]) < HOME_PER_KECAMATAN:
            picked[kecamatan].append(pk)
    quiet = [k for k, pks in picked.items() if len(pks) < HOME_PER_KECAMATAN]
    if quiet and len(recent) == HOME_RECENT:
        # Kecamatan with little news lately: their newest, from their own (older) articles.
        older = public.filter(kelurahan__kecamatan__in=quiet).annotate(
            position=Window(
                RowNumber(),
                partition_by=F("kelurahan__kecamatan"),
                order_by=[F("published_at").desc(), F("pk").desc()],
            )
        )
        # Their newest few overall, which include any the window above found.
        picked.update({kecamatan: [] for kecamatan in quiet})
        for pk, kecamatan in older.filter(position__lte=HOME_PER_KECAMATAN).values_list(
            "pk", "kelurahan__kecamatan"
        ):
            picked[kecamatan].append(pk)
    wanted = {featured_pk, *latest, *(pk for pks in picked.values() for pk in pks)} - {None}
    articles = (
        public.select_related("kim", "kelurahan", "photo", "author")
        .defer("body", "search_vector")
        .in_bulk(wanted)
    )

    def newest_first(pks) -> list:
        found = (articles[pk] for pk in pks if pk in articles)
        return sorted(found, key=lambda article: (article.published_at, article.pk), reverse=True)

    kecamatan_news = [
        (kecamatan, newest_first(picked[kecamatan.pk]))
        for kecamatan in kecamatan_list
        if picked[kecamatan.pk]
    ]
    return articles.get(featured_pk), newest_first(latest), kecamatan_news


@cache_public_page
def home(request: HttpRequest) -> HttpResponse:
    verified = Kim.objects.verified()
    public = Article.objects.public()
    featured, latest, kecamatan_news = _home_articles(public)
    month_start = timezone.localtime().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    context = {
        "featured": featured,
        "latest": latest,
        "kecamatan_news": kecamatan_news,
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


@cache_public_page
def stats(request: HttpRequest) -> HttpResponse:
    """Public: aggregate numbers and charts. The Redaksi also sees per-KIM figures and CSV
    (signed in, so never from the page cache)."""
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
    return csv_response(
        f"statistik-{table}-{suffix}.csv", data.headers, data.rows, actor=request.user
    )


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


# -- Data rights (UU 27/2022) -------------------------------------------------------------


def _json_download(data: dict, filename: str) -> HttpResponse:
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _filename(user) -> str:
    return f"data-pribadi-{user.pk}-{timezone.localdate():%Y%m%d}.json"


@login_required
@require_POST
def my_data(request: HttpRequest) -> HttpResponse:
    data = personal_data_export(user=request.user, actor=request.user)
    return _json_download(data, _filename(request.user))


@login_required
def account_delete(request: HttpRequest) -> HttpResponse:
    form = AccountEraseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            account_erase(user=request.user, actor=request.user)
        except ErasureRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            logout(request)
            messages.success(
                request, _("Your account has been deleted. Thank you for taking part.")
            )
            return redirect("home")
    context = {"form": form, "kims_without_ketua": kims_left_without_ketua(request.user)}
    return render(request, "overview/account_delete.html", context)


def _account(pk: int):
    return get_object_or_404(get_user_model(), pk=pk, erased_at__isnull=True)


def _desk_page(request, *, lookup, account=None, erase_form=None) -> HttpResponse:
    context = {
        "lookup": lookup,
        "account": account,
        "erase_form": erase_form or RequestEraseForm(),
        "kims_without_ketua": kims_left_without_ketua(account) if account else [],
    }
    return render(request, "overview/personal_data_desk.html", context)


@redaksi_required
def desk_personal_data(request: HttpRequest) -> HttpResponse:
    """The Redaksi finds an account by its address, to act on its owner's request."""
    lookup = AccountLookupForm(request.GET or None)
    account = None
    if lookup.is_bound and lookup.is_valid():
        account = (
            get_user_model()
            .objects.filter(email__iexact=lookup.cleaned_data["email"], erased_at__isnull=True)
            .first()
        )
        if account is None:
            lookup.add_error("email", _("No account has this e-mail address."))
    return _desk_page(request, lookup=lookup, account=account)


@redaksi_required
@require_POST
def desk_personal_data_export(request: HttpRequest, pk: int) -> HttpResponse:
    account = _account(pk)
    return _json_download(
        personal_data_export(user=account, actor=request.user), _filename(account)
    )


@redaksi_required
@require_POST
def desk_account_erase(request: HttpRequest, pk: int) -> HttpResponse:
    account = _account(pk)
    form = RequestEraseForm(request.POST)
    if form.is_valid():
        try:
            account_erase(user=account, actor=request.user, note=form.cleaned_data["note"])
        except ErasureRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("The account has been deleted."))
            return redirect("desk_personal_data")
    lookup = AccountLookupForm({"email": account.email})
    lookup.is_valid()
    return _desk_page(request, lookup=lookup, account=account, erase_form=form)
