"""A person's data rights under UU 27/2022: a copy of their data, and erasing their account.

Both read every app, so they live on the top floor. The privacy notice
(templates/kim_portal/privacy.html) tells people what erasure keeps; keep the two in step.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.models import Kim, Membership
from kim_portal import audit
from kim_portal.errors import ActionRefused
from kim_portal.pagecache import public_content_changed
from materials.models import AnnouncementRecipient, DisseminationReport
from news.models import Article, Comment
from workshops.models import Feedback, Registration
from workshops.services import registration_cancel

# The byline and commenter name of an erased account, in the portal's language.
FORMER_MEMBER = "Mantan anggota"


class ErasureRefused(ActionRefused):
    """The account cannot be erased yet; the message says what to do first."""


def _when(value) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def personal_data(user) -> dict:
    """Everything the portal keeps about `user`, as JSON-ready data."""
    return {
        "exported_at": _when(timezone.now()),
        "profile": {
            "email": user.email,
            "full_name": user.full_name,
            "whatsapp": user.whatsapp,
            "wants_news_email": user.wants_news_email,
            "date_joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
            "privacy_consent_at": _when(user.privacy_consent_at),
        },
        "memberships": [
            {
                "kim": m.kim.name,
                "role": m.role,
                "status": m.status,
                "requested_at": _when(m.requested_at),
                "decided_at": _when(m.decided_at),
            }
            for m in user.memberships.select_related("kim").order_by("requested_at", "pk")
        ],
        "kims_registered": [
            {"name": kim.name, "status": kim.status, "registered_at": _when(kim.created_at)}
            for kim in Kim.objects.filter(registered_by=user).order_by("pk")
        ],
        "articles": [
            {
                "title": a.title,
                "state": a.state,
                "kim": a.kim.name if a.kim else None,
                "summary": a.summary,
                "body": a.body,
                "photo_caption": a.photo_caption,
                "photo_credit": a.photo_credit,
                "created_at": _when(a.created_at),
                "submitted_at": _when(a.submitted_at),
                "published_at": _when(a.published_at),
            }
            for a in user.articles.select_related("kim").order_by("created_at", "pk")
        ],
        "comments": [
            {
                "article": c.article.title,
                "name": c.name,
                "email": c.email,
                "text": c.text,
                "state": c.state,
                "ip_address": c.ip_address,
                "user_agent": c.user_agent,
                "written_at": _when(c.created_at),
            }
            for c in _comments_of(user).select_related("article").order_by("created_at", "pk")
        ],
        "event_registrations": [
            {
                "event": r.event.title,
                "starts_at": _when(r.event.starts_at),
                "on_behalf_of_kim": r.kim.name if r.kim else None,
                "status": r.status,
                "registered_at": _when(r.created_at),
                "cancelled_at": _when(r.cancelled_at),
                "checked_in_at": _when(r.checked_in_at),
                "certificate_code": r.certificate_code if r.attended else None,
                "feedback": _feedback(r),
            }
            for r in user.event_registrations.select_related("event", "kim").order_by("pk")
        ],
        "dissemination_reports": [
            {
                "material": d.material.title,
                "kim": d.kim.name,
                "channel": d.channel,
                "shared_at": _when(d.shared_at),
                "people_reached": d.people_reached,
                "note": d.note,
                "evidence_url": d.evidence_url,
            }
            for d in DisseminationReport.objects.filter(reporter=user)
            .select_related("material", "kim")
            .order_by("shared_at", "pk")
        ],
        "announcements_received": [
            {
                "title": r.announcement.title,
                "emailed_at": _when(r.emailed_at),
                "read_at": _when(r.read_at),
            }
            for r in user.announcements_received.select_related("announcement").order_by("pk")
        ],
    }


def _feedback(registration: Registration) -> dict | None:
    try:
        feedback = registration.feedback
    except Feedback.DoesNotExist:
        return None
    return {"rating": feedback.rating, "comment": feedback.comment}


def _comments_of(user):
    # Comments written before signing in carry the account's address, not the account.
    return Comment.objects.filter(Q(user=user) | Q(email__iexact=user.email))


def personal_data_export(*, user, actor) -> dict:
    """The data of `user` for download by themselves or, on their request, by the Redaksi."""
    with transaction.atomic():
        data = personal_data(user)
        audit.record(
            actor=actor, action=audit.Action.ACCOUNT_EXPORT, obj=user, object_repr=f"#{user.pk}"
        )
    return data


def kims_left_without_ketua(user) -> list[Kim]:
    """The KIMs whose only active ketua `user` is: they must hand over before erasure."""
    ketua_of = Membership.objects.active().filter(user=user, role=Membership.Role.KETUA)
    other_ketua = Membership.objects.active().filter(role=Membership.Role.KETUA).exclude(user=user)
    return list(
        Kim.objects.filter(memberships__in=ketua_of)
        .exclude(memberships__in=other_ketua)
        .order_by("name")
    )


def account_erase(*, user, actor, note: str = "") -> None:
    """Erase an account: what identifies the person goes, what the city must keep stays.

    Published articles stay under the neutral byline FORMER_MEMBER; comments are anonymised;
    past registrations keep event, KIM, attendance and certificate code (the city's attendance
    figures and certificates already issued); upcoming ones are cancelled, freeing the seat;
    memberships end. Refused while the person is the last ketua of a KIM.
    """
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.erased_at:
            raise ErasureRefused(_("This account has already been deleted."))
        if user.is_superuser and actor.pk != user.pk:
            raise ErasureRefused(_("An administrator's account can only be deleted by its owner."))
        kims = kims_left_without_ketua(user)
        if kims:
            raise ErasureRefused(
                _(
                    "%(names)s would be left without a ketua. Make another member ketua first, "
                    "then delete the account."
                )
                % {"names": ", ".join(kim.name for kim in kims)}
            )
        now = timezone.now()
        user.memberships.filter(
            status__in=[Membership.Status.PENDING, Membership.Status.ACTIVE]
        ).update(status=Membership.Status.LEFT, decided_at=now, decided_by=actor)
        Article.objects.filter(
            author=user,
            state__in=[
                Article.State.DRAFT,
                Article.State.KIM_REVIEW,
                Article.State.REDAKSI_REVIEW,
                Article.State.CHANGES_REQUESTED,
            ],
        ).update(state=Article.State.WITHDRAWN, updated_at=now)
        _comments_of(user).update(
            user=None, name=FORMER_MEMBER, email="", ip_address=None, user_agent=""
        )
        upcoming = user.event_registrations.filter(
            status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED],
            event__starts_at__gt=now,
        )
        for registration in upcoming:
            registration_cancel(registration=registration, actor=actor)
        Feedback.objects.filter(registration__user=user).update(comment="")
        # The figures stay; the note and the evidence link (often the person's own post) go.
        DisseminationReport.objects.filter(reporter=user).update(note="", evidence_url="")
        AnnouncementRecipient.objects.filter(user=user).delete()
        user.emailaddress_set.all().delete()
        user.email = f"mantan-anggota-{user.pk}@invalid"
        user.full_name = FORMER_MEMBER
        user.whatsapp = ""
        user.wants_news_email = False
        user.is_active = user.is_staff = user.is_superuser = False
        user.set_unusable_password()  # also ends every session: their auth hash no longer holds
        user.erased_at = now
        user.save()
        user.groups.clear()
        user.user_permissions.clear()
        audit.record(
            # The owner's entry carries the neutral name, not the one just erased.
            actor=user if actor.pk == user.pk else actor,
            action=audit.Action.ACCOUNT_ERASE,
            obj=user,
            object_repr=f"#{user.pk}",
            note=note,
        )
        public_content_changed()  # bylines, comment names, member counts
