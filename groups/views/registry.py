"""The KIM registry and directory: listing, coverage, a KIM's page, registering and editing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from groups import services
from groups.access import (
    can_edit_program,
    can_manage,
    get_kim_for_user,
)
from groups.forms import (
    KimFilterForm,
    KimProfileForm,
    KimRegisterForm,
    duplicate_name_error,
)
from groups.models import Kecamatan, Kelurahan, Kim, Membership, WorkProgram
from kim_portal.pagecache import cache_public_page
from kim_portal.paging import LIST_COUNT_CAP, paged

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
    return render(
        request,
        "groups/kim_list.html",
        {"form": form, **paged(request, kims, per_page=PAGE_SIZE, cap=LIST_COUNT_CAP)},
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
def kim_mine(request: HttpRequest) -> HttpResponse:
    memberships = (
        Membership.objects.filter(
            user=request.user,
            status__in=[Membership.Status.ACTIVE, Membership.Status.PENDING],
        )
        .select_related("kim__kelurahan__kecamatan")
        .annotate(
            # What waits for a pengurus: join requests, and (through the reverse relation, as
            # a KIM page reaches its news) articles at the KIM's review stage.
            join_requests=Count(
                "kim__memberships",
                filter=Q(kim__memberships__status=Membership.Status.PENDING),
                distinct=True,
            ),
            articles_waiting=Count(
                "kim__articles", filter=Q(kim__articles__state="kim_review"), distinct=True
            ),
        )
        .order_by("status", "kim__name")
    )
    return render(request, "groups/kim_mine.html", {"memberships": memberships})
