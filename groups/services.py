"""Every state change of a KIM and its memberships happens here, each in one transaction."""

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from groups.access import pengurus_emails
from groups.models import Kim, KimStatusChange, Membership
from kim_portal import audit
from kim_portal.errors import ActionRefused
from kim_portal.images import encode_jpeg, resize_to_width
from kim_portal.mail import send_portal_mail
from kim_portal.pagecache import public_content_changed
from kim_portal.roles import redaksi_emails
from kim_portal.slugs import save_with_unique_slug
from kim_portal.uploads import EXTENSIONS

LOGO_WIDTH = 480


class KimNameTaken(ActionRefused):
    """Another KIM in the same kelurahan already has this name (case-insensitive)."""


class MembershipError(ActionRefused):
    """A membership change that the rules forbid; the message is shown to the user."""


class KimDecisionRefused(ActionRefused):
    """A verification decision that is not allowed (any more); the message is shown as is."""


def kim_name_taken(*, name: str, kelurahan, exclude_pk: int | None = None) -> bool:
    kims = Kim.objects.filter(name__iexact=name.strip(), kelurahan=kelurahan)
    if exclude_pk:
        kims = kims.exclude(pk=exclude_pk)
    return kims.exists()


def _slug_text(name: str, kelurahan) -> str:
    """A KIM's slug is its name, or its name and kelurahan when another KIM has the name."""
    if Kim.objects.filter(slug=slugify(name)[:150]).exists():
        return f"{name} {kelurahan.slug}"
    return name


def _attach_files(kim: Kim, *, decree_file=None, statutes_file=None, logo=None) -> None:
    if decree_file:
        kim.decree_file.save(_document_name("sk", decree_file), decree_file, save=False)
    if statutes_file:
        kim.statutes_file.save(_document_name("ad-art", statutes_file), statutes_file, save=False)
    if logo:
        image = resize_to_width(logo.image, LOGO_WIDTH)
        kim.logo.save("logo.jpg", ContentFile(encode_jpeg(image)), save=False)


def _document_name(stem: str, uploaded: UploadedFile) -> str:
    # The extension follows the content the upload field detected, not what the user named it.
    return stem + EXTENSIONS[uploaded.kind].split(",")[0]


def kim_register(*, user, fields: dict, decree_file=None, statutes_file=None, logo=None) -> Kim:
    """A new pending KIM; the registrant becomes its ketua. Raises KimNameTaken."""
    name = fields["name"].strip()
    kelurahan = fields["kelurahan"]
    if kim_name_taken(name=name, kelurahan=kelurahan):
        raise KimNameTaken
    try:
        with transaction.atomic():
            kim = Kim(**{**fields, "name": name}, status=Kim.Status.PENDING, registered_by=user)
            _attach_files(kim, decree_file=decree_file, statutes_file=statutes_file, logo=logo)
            save_with_unique_slug(kim, _slug_text(name, kelurahan), fallback="kim", max_length=160)
            KimStatusChange.objects.create(
                kim=kim, actor=user, from_status="", to_status=Kim.Status.PENDING
            )
            Membership.objects.create(
                kim=kim,
                user=user,
                role=Membership.Role.KETUA,
                status=Membership.Status.ACTIVE,
                decided_at=timezone.now(),
                decided_by=user,
            )
    except IntegrityError:
        # Two people registering the same KIM at once: the database constraint decides.
        if kim_name_taken(name=name, kelurahan=kelurahan):
            raise KimNameTaken from None
        raise
    _mail_redaksi_new_kim(kim, actor=user)
    return kim


def _mail_redaksi_new_kim(kim: Kim, *, actor) -> None:
    send_portal_mail(
        template="groups/email/kim_registered",
        context={"kim": kim},
        recipients=redaksi_emails(),
        actor=actor,
    )


def kim_update(
    *, kim: Kim, actor, fields: dict, decree_file=None, statutes_file=None, logo=None
) -> Kim:
    """Pengurus edit the profile; name, kelurahan and status are not theirs to change."""
    with transaction.atomic():
        for field, value in fields.items():
            setattr(kim, field, value)
        _attach_files(kim, decree_file=decree_file, statutes_file=statutes_file, logo=logo)
        kim.save()
        public_content_changed()
    return kim


# Which decision moves a KIM from which states.
_TRANSITIONS = {
    Kim.Status.VERIFIED: {Kim.Status.PENDING, Kim.Status.INACTIVE},
    Kim.Status.REJECTED: {Kim.Status.PENDING},
    Kim.Status.INACTIVE: {Kim.Status.VERIFIED},
}


_KIM_AUDIT_ACTIONS = {
    Kim.Status.VERIFIED: audit.Action.KIM_VERIFY,
    Kim.Status.REJECTED: audit.Action.KIM_REJECT,
    Kim.Status.INACTIVE: audit.Action.KIM_DEACTIVATE,
}


def _kim_change_status(*, kim: Kim, actor, to_status: str, note: str) -> KimStatusChange:
    with transaction.atomic():
        locked = Kim.objects.select_for_update().get(pk=kim.pk)
        if (
            locked.registered_by_id == actor.pk
            or locked.memberships.active().filter(user=actor).exists()
        ):
            raise KimDecisionRefused(
                _("You cannot decide on a KIM you registered or belong to; another Redaksi must.")
            )
        if locked.status not in _TRANSITIONS[to_status]:
            raise KimDecisionRefused(
                _("This KIM is now “%(status)s”: that decision is no longer possible.")
                % {"status": locked.get_status_display()}
            )
        change = KimStatusChange.objects.create(
            kim=locked,
            actor=actor,
            from_status=locked.status,
            to_status=to_status,
            note=note.strip(),
        )
        locked.status = to_status
        locked.save(update_fields=["status", "updated_at"])
        audit.record(actor=actor, action=_KIM_AUDIT_ACTIONS[to_status], obj=locked, note=note)
        public_content_changed()
        kim.status = to_status
        recipients = _registrant_and_ketua_emails(locked)
        send_portal_mail(
            template="groups/email/kim_decision",
            context={"kim": locked, "change": change},
            recipients=recipients,
            actor=actor,
        )
    return change


def _registrant_and_ketua_emails(kim: Kim) -> list[str]:
    emails = set(
        Membership.objects.active()
        .filter(kim=kim, role=Membership.Role.KETUA)
        .values_list("user__email", flat=True)
    )
    if kim.registered_by_id:
        emails.add(kim.registered_by.email)
    return sorted(emails)


def kim_verify(*, kim: Kim, actor, note: str = "") -> KimStatusChange:
    return _kim_change_status(kim=kim, actor=actor, to_status=Kim.Status.VERIFIED, note=note)


def kim_reject(*, kim: Kim, actor, note: str) -> KimStatusChange:
    if not note.strip():
        raise KimDecisionRefused(_("Write the reason for the registrant."))
    return _kim_change_status(kim=kim, actor=actor, to_status=Kim.Status.REJECTED, note=note)


def kim_deactivate(*, kim: Kim, actor, note: str) -> KimStatusChange:
    if not note.strip():
        raise KimDecisionRefused(_("Write the reason for the registrant."))
    return _kim_change_status(kim=kim, actor=actor, to_status=Kim.Status.INACTIVE, note=note)


# Membership


def membership_request(*, kim: Kim, user) -> Membership:
    if not kim.is_verified:
        raise MembershipError(_("Only verified KIM accept members."))
    if Membership.objects.filter(
        kim=kim, user=user, status__in=[Membership.Status.PENDING, Membership.Status.ACTIVE]
    ).exists():
        raise MembershipError(_("You are already a member of this KIM or have asked to join."))
    try:
        with transaction.atomic():
            membership = Membership.objects.create(kim=kim, user=user)
    except IntegrityError:
        raise MembershipError(
            _("You are already a member of this KIM or have asked to join.")
        ) from None
    recipients = pengurus_emails(kim)
    send_portal_mail(
        template="groups/email/join_requested",
        context={"kim": kim, "membership": membership},
        recipients=recipients,
        actor=user,
    )
    return membership


def _decide(*, membership: Membership, actor, status: str) -> Membership:
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
        if locked.status != Membership.Status.PENDING:
            raise MembershipError(
                _("This request has already been decided: %(status)s.")
                % {"status": locked.get_status_display()}
            )
        if locked.user_id == actor.pk:
            raise MembershipError(_("You cannot decide on your own request to join."))
        locked.status = status
        locked.decided_at = timezone.now()
        locked.decided_by = actor
        locked.save(update_fields=["status", "decided_at", "decided_by"])
        audit.record(
            actor=actor,
            action=audit.Action.MEMBERSHIP_APPROVE
            if status == Membership.Status.ACTIVE
            else audit.Action.MEMBERSHIP_DECLINE,
            obj=locked,
        )
        public_content_changed()  # member counts
        send_portal_mail(
            template="groups/email/join_decided",
            context={"kim": locked.kim, "membership": locked},
            recipients=[locked.user.email],
            actor=actor,
        )
    return locked


def membership_approve(*, membership: Membership, actor) -> Membership:
    return _decide(membership=membership, actor=actor, status=Membership.Status.ACTIVE)


def membership_decline(*, membership: Membership, actor) -> Membership:
    return _decide(membership=membership, actor=actor, status=Membership.Status.DECLINED)


def _check_not_last_ketua(membership: Membership) -> None:
    if membership.role != Membership.Role.KETUA:
        return
    # Lock every ketua row so that two ketua cannot both step down at the same moment.
    ketua_ids = list(
        Membership.objects.active()
        .select_for_update()
        .filter(kim_id=membership.kim_id, role=Membership.Role.KETUA)
        .values_list("pk", flat=True)
    )
    if ketua_ids == [membership.pk]:
        raise MembershipError(
            _(
                "The KIM needs a ketua. Make another member ketua first, then step down, "
                "leave or remove this one."
            )
        )


def _lock_active(membership: Membership) -> Membership:
    locked = Membership.objects.select_for_update().get(pk=membership.pk)
    if locked.status != Membership.Status.ACTIVE:
        raise MembershipError(_("This person is no longer an active member."))
    return locked


def membership_change_role(*, membership: Membership, actor, role: str) -> Membership:
    with transaction.atomic():
        locked = _lock_active(membership)
        if role != Membership.Role.KETUA:
            _check_not_last_ketua(locked)
        audit.record(
            actor=actor,
            action=audit.Action.MEMBERSHIP_ROLE,
            obj=locked,
            note=f"{locked.role} → {role}",
        )
        locked.role = role
        locked.save(update_fields=["role"])
        public_content_changed()  # officer lists
    return locked


def membership_remove(*, membership: Membership, actor) -> Membership:
    return _end(membership=membership, actor=actor, status=Membership.Status.REMOVED)


def membership_leave(*, membership: Membership) -> Membership:
    return _end(membership=membership, actor=membership.user, status=Membership.Status.LEFT)


def _end(*, membership: Membership, actor, status: str) -> Membership:
    with transaction.atomic():
        locked = _lock_active(membership)
        _check_not_last_ketua(locked)
        locked.status = status
        locked.decided_at = timezone.now()
        locked.decided_by = actor
        locked.save(update_fields=["status", "decided_at", "decided_by"])
        if status == Membership.Status.REMOVED:
            audit.record(actor=actor, action=audit.Action.MEMBERSHIP_REMOVE, obj=locked)
        public_content_changed()
    return locked
