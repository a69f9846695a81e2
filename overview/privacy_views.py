"""Data rights: a member's copy of their data and the deletion of their account, from the
profile; the same for the Redaksi on a person's request, at /redaksi/data-pribadi/."""

import json

from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kim_portal.roles import is_redaksi
from overview.privacy import (
    ErasureRefused,
    account_erase,
    kims_left_without_ketua,
    personal_data_export,
)
from overview.privacy_forms import AccountEraseForm, AccountLookupForm, RequestEraseForm


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


def _require_redaksi(request: HttpRequest) -> None:
    if not is_redaksi(request.user):
        raise PermissionDenied


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


@login_required
def desk_personal_data(request: HttpRequest) -> HttpResponse:
    """The Redaksi finds an account by its address, to act on its owner's request."""
    _require_redaksi(request)
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


@login_required
@require_POST
def desk_personal_data_export(request: HttpRequest, pk: int) -> HttpResponse:
    _require_redaksi(request)
    account = _account(pk)
    return _json_download(
        personal_data_export(user=account, actor=request.user), _filename(account)
    )


@login_required
@require_POST
def desk_account_erase(request: HttpRequest, pk: int) -> HttpResponse:
    _require_redaksi(request)
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
