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
