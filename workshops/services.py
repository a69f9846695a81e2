"""Every state change of events and registrations: one function, one transaction."""

import time
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.models import Kim
from kim_portal import audit
from kim_portal.errors import ActionRefused
from kim_portal.mail import send_portal_mail
from kim_portal.pagecache import public_content_changed, public_content_changes_at
from kim_portal.slugs import save_with_unique_slug
from workshops.access import event_details_for
from workshops.models import RESERVED_SLUGS, Event, EventMaterial, Feedback, Registration

# Tests switch these to show that, without the row lock, concurrent requests overbook.
LOCK_EVENT_ROW = True
PAUSE_BETWEEN_COUNT_AND_INSERT = 0.0


class RegistrationRefused(ActionRefused, ValidationError):
    """A ValidationError too: the event views report it with the form errors."""


def _save_with_slug(event: Event) -> None:
    save_with_unique_slug(event, event.title, fallback="agenda", reserved=RESERVED_SLUGS)


def _registrant_emails(event: Event) -> list[str]:
    return list(event.registrations.open().values_list("user__email", flat=True))


def active_kims_for(user) -> list[Kim]:
    """The verified KIMs the user is an active member of."""
    return list(Kim.objects.active_for(user).order_by("name"))


@transaction.atomic
def event_create(*, actor, **fields) -> Event:
    event = Event(created_by=actor, **fields)
    event.full_clean(exclude=["slug"])
    _save_with_slug(event)
    return event


@transaction.atomic
def event_update(*, event: Event, actor) -> Event:
    """Save a form-edited event; a draft's slug follows its title until it is published."""
    if event.status == Event.Status.DRAFT:
        _save_with_slug(event)
    else:
        event.save()
    if event.status != Event.Status.DRAFT:
        _public_event_changed(event)
    return event


@transaction.atomic
def event_publish(*, event: Event, actor) -> Event:
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status != Event.Status.DRAFT:
        raise ValidationError(_("Only a draft can be published."))
    event.status = Event.Status.PUBLISHED
    event.published_at = timezone.now()
    event.save(update_fields=["status", "published_at", "updated_at"])
    audit.record(actor=actor, action=audit.Action.EVENT_PUBLISH, obj=event)
    _public_event_changed(event)
    return event


@transaction.atomic
def event_cancel(*, event: Event, actor) -> Event:
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status == Event.Status.CANCELLED:
        raise ValidationError(_("This event is already cancelled."))
    recipients = _registrant_emails(event)
    event.status = Event.Status.CANCELLED
    event.cancelled_at = timezone.now()
    event.save(update_fields=["status", "cancelled_at", "updated_at"])
    audit.record(actor=actor, action=audit.Action.EVENT_CANCEL, obj=event)
    public_content_changed()
    send_portal_mail(
        template="workshops/email/event_cancelled",
        context={"event": event},
        recipients=recipients,
        actor=actor,
    )
    return event


def _public_event_changed(event: Event) -> None:
    public_content_changed()
    # Lists of upcoming events change by themselves when it ends.
    if event.ends_at and event.ends_at > timezone.now():
        public_content_changes_at(event.ends_at)


def _has_room(event: Event, kim: Kim | None) -> bool:
    seats = event.registrations.holding_seat()
    if event.capacity is not None and seats.count() >= event.capacity:
        return False
    return not (
        kim
        and event.seats_per_kim is not None
        and seats.filter(kim=kim).count() >= event.seats_per_kim
    )


def registration_create(*, event: Event, user, kim: Kim | None = None) -> Registration:
    """Confirm a seat if one is free (overall and for the KIM), otherwise join the waiting list."""
    with transaction.atomic():
        events = Event.objects.select_for_update() if LOCK_EVENT_ROW else Event.objects
        event = events.get(pk=event.pk)
        now = timezone.now()
        if event.is_cancelled:
            raise RegistrationRefused(_("This event has been cancelled."))
        if not event.is_published:
            raise RegistrationRefused(_("This event is not open for registration."))
        if event.registration_opens_at and now < event.registration_opens_at:
            raise RegistrationRefused(
                _("Registration opens on %(date)s.")
                % {
                    "date": timezone.localtime(event.registration_opens_at).strftime(
                        "%d-%m-%Y %H:%M"
                    )
                }
            )
        if (
            event.registration_closes_at and now >= event.registration_closes_at
        ) or now >= event.starts_at:
            raise RegistrationRefused(_("Registration for this event has closed."))
        kims = active_kims_for(user)
        if kim is not None and kim not in kims:
            raise RegistrationRefused(
                _("You can only register on behalf of a KIM you are an active member of.")
            )
        if event.audience == Event.Audience.MEMBERS and not kims:
            raise RegistrationRefused(
                _("This event is for members of a verified KIM. Join your kelurahan's KIM first.")
            )
        if event.registrations.open().filter(user=user).exists():
            raise RegistrationRefused(_("You are already registered for this event."))
        has_room = _has_room(event, kim)
        if PAUSE_BETWEEN_COUNT_AND_INSERT:
            time.sleep(PAUSE_BETWEEN_COUNT_AND_INSERT)
        status = Registration.Status.CONFIRMED if has_room else Registration.Status.WAITLISTED
        public_content_changed()  # seats left
        return Registration.objects.create(event=event, user=user, kim=kim, status=status)


def _promote_waitlisted(event: Event) -> Registration | None:
    for candidate in event.registrations.filter(
        status=Registration.Status.WAITLISTED
    ).select_related("user"):
        if _has_room(event, candidate.kim):
            candidate.status = Registration.Status.CONFIRMED
            candidate.save(update_fields=["status"])
            send_portal_mail(
                template="workshops/email/promoted",
                context={"event": event, "registration": candidate},
                recipients=[candidate.user.email],
            )
            return candidate
        if not event.seats_per_kim:
            return None
    return None


@transaction.atomic
def registration_cancel(*, registration: Registration, actor) -> Registration | None:
    """Cancel a place; a freed seat goes to the first person on the waiting list who fits."""
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status not in (Registration.Status.CONFIRMED, Registration.Status.WAITLISTED):
        raise ValidationError(_("This registration can no longer be cancelled."))
    if event.has_started:
        raise ValidationError(_("The event has already started."))
    freed_seat = registration.status == Registration.Status.CONFIRMED
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    public_content_changed()  # seats left
    if freed_seat and event.is_published:
        return _promote_waitlisted(event)
    return None


@transaction.atomic
def registration_check_in(*, registration: Registration, actor) -> Registration:
    registration = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("event", "user")
        .get(pk=registration.pk)
    )
    if registration.user_id == actor.pk:
        raise ValidationError(_("You cannot check yourself in; ask another organiser."))
    if registration.status == Registration.Status.ATTENDED:
        raise ValidationError(_("%(name)s is already checked in.") % {"name": registration.user})
    if registration.status != Registration.Status.CONFIRMED:
        raise ValidationError(_("Only a confirmed registration can be checked in."))
    if not registration.event.is_on_event_day(timezone.now()):
        raise ValidationError(_("Check-in is only possible on the day of the event."))
    registration.status = Registration.Status.ATTENDED
    registration.checked_in_at = timezone.now()
    registration.checked_in_by = actor
    registration.save(update_fields=["status", "checked_in_at", "checked_in_by"])
    audit.record(actor=actor, action=audit.Action.EVENT_CHECK_IN, obj=registration)
    public_content_changed()  # a KIM page lists the events its members attended
    return registration


@transaction.atomic
def feedback_create(*, registration: Registration, rating: int, comment: str) -> Feedback:
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if not registration.attended:
        raise ValidationError(_("Only people who attended can rate the event."))
    if Feedback.objects.filter(registration=registration).exists():
        raise ValidationError(_("You have already rated this event."))
    feedback = Feedback(registration=registration, rating=rating, comment=comment)
    feedback.full_clean()
    feedback.save()
    return feedback


@transaction.atomic
def event_material_add(*, event: Event, title: str, file, actor) -> EventMaterial:
    public_content_changed()
    return EventMaterial.objects.create(
        event=event, title=title, file=file, kind=getattr(file, "kind", "")
    )


@transaction.atomic
def event_material_delete(*, material: EventMaterial, actor) -> None:
    public_content_changed()
    material.file.delete(save=False)
    material.delete()


def reminders_send(*, now=None) -> int:
    """Remind confirmed registrants of events starting within a day; each person at most once."""
    now = now or timezone.now()
    sent = 0
    with transaction.atomic():
        due = (
            Registration.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(
                status=Registration.Status.CONFIRMED,
                reminder_sent_at__isnull=True,
                event__status=Event.Status.PUBLISHED,
                event__starts_at__gt=now,
                event__starts_at__lte=now + timedelta(days=1),
            )
            .select_related("event", "user")
        )
        for registration in due:
            registration.reminder_sent_at = now
            registration.save(update_fields=["reminder_sent_at"])
            send_portal_mail(
                template="workshops/email/reminder",
                context={
                    "event": registration.event,
                    "registration": registration,
                    "details": event_details_for(
                        registration.user, registration.event, holds_seat=True
                    ),
                },
                recipients=[registration.user.email],
            )
            sent += 1
    return sent
