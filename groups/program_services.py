"""Every change to a work program (program kerja) happens here, each in one transaction."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.access import is_pengurus, pengurus_emails
from groups.models import Kim, WorkProgram, WorkProgramItem, WorkProgramReview
from kim_portal import audit
from kim_portal.errors import ActionRefused
from kim_portal.mail import send_portal_mail
from kim_portal.pagecache import public_content_changed
from kim_portal.roles import is_redaksi, redaksi_emails

Status = WorkProgram.Status

# What pengurus may still change once the plan is approved: how the work goes, not the plan.
PROGRESS_FIELDS = {"status", "progress_notes", "evidence_links", "manual_progress"}
PLAN_FIELDS = {"activity", "objective", "indicator", "target", "unit", "planned_months"}


class ProgramActionRefused(ActionRefused):
    """A change the rules forbid; the message is shown to the user as is."""


def program_create(*, kim: Kim, year: int, actor) -> WorkProgram:
    """A new draft program; a KIM has at most one per year (raises ProgramActionRefused)."""
    _require_pengurus(kim, actor)
    try:
        with transaction.atomic():
            program = WorkProgram.objects.create(kim=kim, year=year, created_by=actor)
            WorkProgramReview.objects.create(program=program, actor=actor, to_status=Status.DRAFT)
    except IntegrityError:
        raise ProgramActionRefused(
            _("This KIM already has a work program for that year.")
        ) from None
    return program


def program_item_save(
    *, program: WorkProgram, actor, fields: dict, item: WorkProgramItem | None = None
) -> WorkProgramItem:
    """Add or change an item. Before approval everything may change; after it, only progress."""
    with transaction.atomic():
        program = _locked(program)
        _require_pengurus(program.kim, actor)
        unknown = set(fields) - PROGRESS_FIELDS - PLAN_FIELDS
        if unknown:
            raise TypeError(f"program_item_save() got unexpected fields {sorted(unknown)}")
        if program.status == Status.SUBMITTED:
            raise ProgramActionRefused(
                _("The program is waiting for the Redaksi and cannot be changed now.")
            )
        if program.status == Status.APPROVED:
            if item is None:
                raise ProgramActionRefused(_("An approved program cannot get new activities."))
            fields = {name: value for name, value in fields.items() if name in PROGRESS_FIELDS}
        if item is None:
            item = WorkProgramItem(program=program)
        elif item.program_id != program.pk:
            raise ProgramActionRefused(_("This activity belongs to another program."))
        for name, value in fields.items():
            setattr(item, name, value)
        if "planned_months" in fields:
            item.planned_months = sorted({int(month) for month in fields["planned_months"]})
        item.save()
        program.save(update_fields=["updated_at"])
        if program.status == Status.APPROVED:
            public_content_changed()
    return item


def program_submit(*, program: WorkProgram, actor) -> WorkProgram:
    with transaction.atomic():
        program = _locked(program)
        _require_pengurus(program.kim, actor)
        _require_status(program, Status.DRAFT, Status.REVISION_REQUESTED)
        if not program.items.exists():
            raise ProgramActionRefused(_("Add at least one activity before submitting."))
        program.submitted_at = timezone.now()
        _move(program, actor=actor, to=Status.SUBMITTED)
    _mail(program, "groups/email/program_submitted", redaksi_emails(), actor)
    return program


def program_approve(*, program: WorkProgram, actor, note: str = "") -> WorkProgram:
    with transaction.atomic():
        program = _locked(program)
        _require_redaksi(actor, program)
        _require_status(program, Status.SUBMITTED)
        program.decided_at = timezone.now()
        _move(program, actor=actor, to=Status.APPROVED, note=note.strip())
        audit.record(actor=actor, action=audit.Action.PROGRAM_APPROVE, obj=program, note=note)
        public_content_changed()
    _mail(program, "groups/email/program_decision", pengurus_emails(program.kim), actor)
    return program


def program_request_revision(*, program: WorkProgram, actor, note: str) -> WorkProgram:
    note = (note or "").strip()
    if not note:
        raise ProgramActionRefused(_("Write a note saying what should be revised."))
    with transaction.atomic():
        program = _locked(program)
        _require_redaksi(actor, program)
        _require_status(program, Status.SUBMITTED)
        program.decided_at = timezone.now()
        _move(program, actor=actor, to=Status.REVISION_REQUESTED, note=note)
        audit.record(actor=actor, action=audit.Action.PROGRAM_REVISION, obj=program, note=note)
    _mail(program, "groups/email/program_decision", pengurus_emails(program.kim), actor)
    return program


# -- helpers ------------------------------------------------------------------


def _locked(program: WorkProgram) -> WorkProgram:
    program.refresh_from_db(from_queryset=WorkProgram.objects.select_for_update(of=("self",)))
    return program


def _move(program: WorkProgram, *, actor, to: str, note: str = "") -> None:
    WorkProgramReview.objects.create(
        program=program, actor=actor, from_status=program.status, to_status=to, note=note
    )
    program.status = to
    program.save()


def _require_status(program: WorkProgram, *statuses: str) -> None:
    if program.status not in statuses:
        raise ProgramActionRefused(
            _("This is not possible while the program is “%(status)s”.")
            % {"status": program.get_status_display()}
        )


def _require_pengurus(kim: Kim, actor) -> None:
    if not is_pengurus(actor, kim):
        raise ProgramActionRefused(_("Only the KIM's pengurus can change its work program."))


def _require_redaksi(actor, program: WorkProgram) -> None:
    if not is_redaksi(actor):
        raise ProgramActionRefused(_("Only the Redaksi can decide on a work program."))
    if program.kim.memberships.active().filter(user=actor).exists() or (
        program.reviews.filter(actor=actor, to_status__in=[Status.DRAFT, Status.SUBMITTED]).exists()
    ):
        raise ProgramActionRefused(
            _("You cannot decide on a work program you wrote or whose KIM you belong to.")
        )


def _mail(program: WorkProgram, template: str, recipients: list[str], actor) -> None:
    send_portal_mail(
        template=template,
        context={"program": program, "kim": program.kim, "note": _last_note(program)},
        recipients=recipients,
        actor=actor,
    )


def _last_note(program: WorkProgram) -> str:
    last = program.reviews.order_by("-created_at", "-id").first()
    return last.note if last else ""
