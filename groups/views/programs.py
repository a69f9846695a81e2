"""Work programs (program kerja): pengurus draft and report, the Redaksi approves."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groups import program_services as services
from groups.access import can_edit_program, get_program_for_user
from groups.forms import ProgramDecisionForm, ProgramItemForm, ProgramProgressForm
from groups.models import WorkProgram
from kim_portal.paging import desk_page
from kim_portal.roles import redaksi_required


def program_detail(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    if not request.user.is_authenticated and not (
        WorkProgram.objects.approved().filter(kim__slug=slug, year=year).exists()
    ):
        return redirect_to_login(request.get_full_path())
    kim, program = get_program_for_user(request, slug, year)
    can_edit = can_edit_program(request.user, kim)
    context = {
        "kim": kim,
        "year": year,
        "program": program,
        "items": program.items_with_progress() if program else [],
        "can_edit": can_edit,
        "reviews": list(program.reviews.select_related("actor")) if program and can_edit else [],
    }
    return render(request, "groups/program_detail.html", context)


@require_POST
@login_required
def program_create(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    kim, program = get_program_for_user(request, slug, year, edit=True)
    if program is None:
        try:
            services.program_create(kim=kim, year=year, actor=request.user)
        except services.ProgramActionRefused as refused:
            messages.error(request, str(refused))
    return redirect("groups:program", kim.slug, year)


@login_required
def program_item_edit(request: HttpRequest, slug: str, year: int, pk: int | None = None):
    kim, program = get_program_for_user(request, slug, year, edit=True)
    if program is None:
        return redirect("groups:program", kim.slug, year)
    item = get_object_or_404(program.items, pk=pk) if pk else None
    if program.status == WorkProgram.Status.SUBMITTED or (
        program.status == WorkProgram.Status.APPROVED and item is None
    ):
        raise PermissionDenied
    form_class = ProgramItemForm if program.is_editable else ProgramProgressForm
    form = form_class(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.program_item_save(
                program=program, actor=request.user, item=item, fields=form.cleaned_data
            )
        except services.ProgramActionRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("The activity has been saved."))
        return redirect("groups:program", kim.slug, year)
    context = {"kim": kim, "program": program, "item": item, "form": form}
    return render(request, "groups/program_item_form.html", context)


@require_POST
@login_required
def program_submit(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    kim, program = get_program_for_user(request, slug, year, edit=True)
    if program is None:
        return redirect("groups:program", kim.slug, year)
    try:
        services.program_submit(program=program, actor=request.user)
    except services.ProgramActionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("The work program has been sent to the Redaksi."))
    return redirect("groups:program", kim.slug, year)


# Redaksi desk


@redaksi_required
def program_queue(request: HttpRequest) -> HttpResponse:
    waiting = WorkProgram.objects.waiting_for_redaksi().select_related("kim__kelurahan")
    recent = (
        WorkProgram.objects.exclude(
            status__in=[WorkProgram.Status.DRAFT, WorkProgram.Status.SUBMITTED]
        )
        .select_related("kim")
        .order_by("-decided_at", "-pk")[:10]
    )
    paged = desk_page(request, waiting.order_by("submitted_at", "pk"))
    return render(
        request, "groups/program_desk.html", {"waiting": paged["page"], "recent": recent, **paged}
    )


@redaksi_required
def program_review(request: HttpRequest, pk: int) -> HttpResponse:
    program = get_object_or_404(WorkProgram.objects.select_related("kim__kelurahan"), pk=pk)
    form = ProgramDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decide = {
            form.APPROVE: services.program_approve,
            form.REVISE: services.program_request_revision,
        }[form.cleaned_data["action"]]
        try:
            decide(program=program, actor=request.user, note=form.cleaned_data["note"])
        except services.ProgramActionRefused as refused:
            # The page as it is now, with the reason and the note as typed.
            messages.error(request, str(refused))
            program.refresh_from_db()
        else:
            messages.success(request, _("Decision recorded; the pengurus have been e-mailed."))
            return redirect("groups:program_queue")
    context = {
        "program": program,
        "kim": program.kim,
        "items": program.items_with_progress(),
        "form": form,
        "reviews": program.reviews.select_related("actor"),
        "now": timezone.now(),
    }
    return render(request, "groups/program_review.html", context)
