"""Membership: joining, leaving, and the pengurus managing members and roles."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groups import services
from groups.access import (
    active_membership,
    can_assign_roles,
    get_kim_for_user,
)
from groups.forms import (
    RoleForm,
)
from groups.models import Kim, Membership

ROLE_ORDER = {role: index for index, role in enumerate(Membership.Role.values)}


@require_POST
@login_required
def membership_join(request: HttpRequest, slug: str) -> HttpResponse:
    kim = get_kim_for_user(request, slug)
    try:
        services.membership_request(kim=kim, user=request.user)
    except services.MembershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Your request has been sent. The KIM's officers will answer it.")
        )
    return redirect(kim)


@require_POST
@login_required
def membership_leave(request: HttpRequest, slug: str) -> HttpResponse:
    kim = get_kim_for_user(request, slug)
    membership = active_membership(request.user, kim)
    if membership is None:
        raise PermissionDenied
    try:
        services.membership_leave(membership=membership)
    except services.MembershipError as error:
        messages.error(request, str(error))
        return redirect(kim)
    messages.success(request, _("You have left %(name)s.") % {"name": kim.name})
    return redirect("groups:mine")


@login_required
def kim_members(request: HttpRequest, slug: str) -> HttpResponse:
    kim = get_kim_for_user(request, slug, manage=True)
    memberships = list(
        Membership.objects.filter(
            kim=kim, status__in=[Membership.Status.ACTIVE, Membership.Status.PENDING]
        ).select_related("user")
    )
    pending = sorted(
        (m for m in memberships if m.status == Membership.Status.PENDING),
        key=lambda m: m.requested_at,
    )
    active = sorted(
        (m for m in memberships if m.status == Membership.Status.ACTIVE),
        key=lambda m: (ROLE_ORDER[m.role], m.user.full_name),
    )
    context = {
        "kim": kim,
        "pending": pending,
        "active": active,
        "role_choices": Membership.Role.choices,
        "can_assign_roles": can_assign_roles(request.user, kim),
    }
    return render(request, "groups/kim_members.html", context)


def _membership_for_manager(request: HttpRequest, slug: str, pk: int) -> tuple[Kim, Membership]:
    kim = get_kim_for_user(request, slug, manage=True)
    membership = get_object_or_404(Membership.objects.select_related("user"), kim=kim, pk=pk)
    return kim, membership


@require_POST
@login_required
def membership_decide(request: HttpRequest, slug: str, pk: int, decision: str) -> HttpResponse:
    kim, membership = _membership_for_manager(request, slug, pk)
    action = {"setujui": services.membership_approve, "tolak": services.membership_decline}
    try:
        action[decision](membership=membership, actor=request.user)
    except services.MembershipError as error:
        messages.error(request, str(error))
    else:
        if decision == "setujui":
            message = _("%(name)s is now a member.")
        else:
            message = _("The request of %(name)s has been declined.")
        messages.success(request, message % {"name": membership.user.full_name})
    return redirect("groups:members", kim.slug)


@require_POST
@login_required
def membership_role(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    kim, membership = _membership_for_manager(request, slug, pk)
    if not can_assign_roles(request.user, kim):
        raise PermissionDenied
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the listed roles."))
        return redirect("groups:members", kim.slug)
    try:
        services.membership_change_role(
            membership=membership, actor=request.user, role=form.cleaned_data["role"]
        )
    except services.MembershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("The role of %(name)s has been changed.") % {"name": membership.user}
        )
    return redirect("groups:members", kim.slug)


@require_POST
@login_required
def membership_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    kim, membership = _membership_for_manager(request, slug, pk)
    # Any pengurus may remove a plain member; only the ketua (or Redaksi) removes an officer.
    if membership.role != Membership.Role.ANGGOTA and not can_assign_roles(request.user, kim):
        raise PermissionDenied
    try:
        services.membership_remove(membership=membership, actor=request.user)
    except services.MembershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("%(name)s has been removed from the KIM.") % {"name": membership.user}
        )
    return redirect("groups:members", kim.slug)
