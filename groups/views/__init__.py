from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groups import services
from groups.access import (
    active_membership,
    can_assign_roles,
    can_edit_program,
    can_manage,
    get_kim_for_user,
)
from groups.forms import (
    KimDecisionForm,
    KimFilterForm,
    KimProfileForm,
    KimRegisterForm,
    RoleForm,
    duplicate_name_error,
)
from groups.models import Kecamatan, Kelurahan, Kim, Membership, WorkProgram
from kim_portal.pagecache import cache_public_page
from kim_portal.paging import desk_page
from kim_portal.roles import is_redaksi
from kim_portal.uploads import serve_private_file

PAGE_SIZE = 12
ROLE_ORDER = {role: index for index, role in enumerate(Membership.Role.values)}


def _with_member_count(kims):
    return kims.annotate(
        member_count=Count("memberships", filter=Q(memberships__status=Membership.Status.ACTIVE))
    )


@cache_public_page
def kim_list(request: HttpRequest) -> HttpResponse:
    form = KimFilterForm(request.GET or None)
    kims = form.filter(
        _with_member_count(Kim.objects.verified().select_related("kelurahan__kecamatan"))
    ).order_by("name", "pk")
    page = Paginator(kims, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "groups/kim_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@cache_public_page
def kim_coverage(request: HttpRequest) -> HttpResponse:
    verified = Kim.objects.verified().order_by("name").only("name", "slug", "kelurahan_id")
    kecamatan_list = Kecamatan.objects.prefetch_related(
        Prefetch(
            "kelurahan",
            queryset=Kelurahan.objects.order_by("name").prefetch_related(
                Prefetch("kims", queryset=verified, to_attr="verified_kims")
            ),
        )
    )
    covered = sum(
        1
        for kecamatan in kecamatan_list
        for kelurahan in kecamatan.kelurahan.all()
        if kelurahan.verified_kims
    )
    total = sum(len(kecamatan.kelurahan.all()) for kecamatan in kecamatan_list)
    return render(
        request,
        "groups/kim_coverage.html",
        {"kecamatan_list": kecamatan_list, "covered": covered, "total": total},
    )


@cache_public_page
def kim_detail(request: HttpRequest, slug: str) -> HttpResponse:
    kim = get_kim_for_user(request, slug)
    active = list(Membership.objects.active().filter(kim=kim).select_related("user"))
    officers = sorted(
        (m for m in active if m.role != Membership.Role.ANGGOTA),
        key=lambda m: (ROLE_ORDER[m.role], m.user.full_name),
    )
    own = None
    if request.user.is_authenticated:
        own = Membership.objects.filter(
            kim=kim,
            user=request.user,
            status__in=[Membership.Status.PENDING, Membership.Status.ACTIVE],
        ).first()
    public_program = (
        WorkProgram.objects.approved()
        .filter(kim=kim, year__lte=timezone.localdate().year)
        .order_by("-year")
        .first()
    )
    context = {
        "kim": kim,
        "public_program": public_program,
        "public_program_items": public_program.items_with_progress() if public_program else [],
        "program_year": timezone.localdate().year,
        "can_edit_program": can_edit_program(request.user, kim),
        "officers": officers,
        "member_count": len(active),
        "own_membership": own,
        "can_manage": can_manage(request.user, kim),
        "can_see_documents": can_manage(request.user, kim),
    }
    return render(request, "groups/kim_detail.html", context)


@login_required
def kim_welcome(request: HttpRequest) -> HttpResponse:
    return render(request, "groups/kim_welcome.html")


@login_required
def kim_register(request: HttpRequest) -> HttpResponse:
    form = KimRegisterForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            kim = services.kim_register(
                user=request.user,
                fields=form.profile_fields(),
                decree_file=form.cleaned_data["decree_upload"],
                statutes_file=form.cleaned_data["statutes_upload"],
                logo=form.cleaned_data["logo_upload"],
            )
        except services.KimNameTaken:
            form.add_error("name", duplicate_name_error(form.cleaned_data["kelurahan"]))
        else:
            messages.success(
                request,
                _("%(name)s is registered. Redaksi will check the decree and e-mail you.")
                % {"name": kim.name},
            )
            return redirect(kim)
    return render(request, "groups/kim_form.html", {"form": form, "registering": True})


@login_required
def kim_edit(request: HttpRequest, slug: str) -> HttpResponse:
    kim = get_kim_for_user(request, slug, manage=True)
    form = KimProfileForm(request.POST or None, request.FILES or None, instance=kim)
    if request.method == "POST" and form.is_valid():
        services.kim_update(
            kim=kim,
            actor=request.user,
            fields=form.profile_fields(),
            decree_file=form.cleaned_data["decree_upload"],
            statutes_file=form.cleaned_data["statutes_upload"],
            logo=form.cleaned_data["logo_upload"],
        )
        messages.success(request, _("The profile has been saved."))
        return redirect(kim)
    return render(request, "groups/kim_form.html", {"form": form, "kim": kim})


@login_required
def kim_document(request: HttpRequest, slug: str, document: str) -> HttpResponse:
    kim = get_kim_for_user(request, slug, manage=True)
    fieldfile = {"sk": kim.decree_file, "ad-art": kim.statutes_file}[document]
    if not fieldfile:
        raise Http404("No document.")
    return serve_private_file(fieldfile, download_name=f"{kim.slug}-{document}{_ext(fieldfile)}")


def _ext(fieldfile) -> str:
    name = fieldfile.name
    return name[name.rfind(".") :] if "." in name else ""


@login_required
def kim_mine(request: HttpRequest) -> HttpResponse:
    memberships = (
        Membership.objects.filter(
            user=request.user,
            status__in=[Membership.Status.ACTIVE, Membership.Status.PENDING],
        )
        .select_related("kim__kelurahan__kecamatan")
        .order_by("status", "kim__name")
    )
    return render(request, "groups/kim_mine.html", {"memberships": memberships})


# Membership


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


# Redaksi desk


def _require_redaksi(request: HttpRequest) -> None:
    if not is_redaksi(request.user):
        raise PermissionDenied


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    _require_redaksi(request)
    pending = Kim.objects.pending().select_related("kelurahan__kecamatan", "registered_by")
    pending = pending.order_by("created_at", "pk")
    recent = (
        Kim.objects.exclude(status=Kim.Status.PENDING)
        .select_related("kelurahan")
        .order_by("-updated_at")[:10]
    )
    paged = desk_page(request, pending)
    return render(
        request, "groups/review_queue.html", {"pending": paged["page"], "recent": recent, **paged}
    )


@login_required
def review_detail(request: HttpRequest, slug: str) -> HttpResponse:
    _require_redaksi(request)
    kim = get_object_or_404(
        Kim.objects.select_related("kelurahan__kecamatan", "registered_by"), slug=slug
    )
    form = KimDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action = form.cleaned_data["action"]
        decide = {
            form.VERIFY: services.kim_verify,
            form.REJECT: services.kim_reject,
            form.DEACTIVATE: services.kim_deactivate,
        }[action]
        try:
            decide(kim=kim, actor=request.user, note=form.cleaned_data["note"])
        except services.KimDecisionRefused as refusal:
            # The page as it is now, with the reason and the note as typed.
            messages.error(request, str(refusal))
            kim.refresh_from_db()
        else:
            messages.success(request, _("Decision recorded; the ketua has been e-mailed."))
            return redirect("groups:review_queue")
    context = {
        "kim": kim,
        "form": form,
        "changes": kim.status_changes.select_related("actor"),
        "officers": Membership.objects.pengurus().filter(kim=kim).select_related("user"),
    }
    return render(request, "groups/review_detail.html", context)
