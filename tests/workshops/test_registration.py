from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from groups.models import Kim
from tests.conftest import add_member, make_kim, make_user
from tests.workshops.conftest import make_event
from workshops import services
from workshops.models import Event, Registration

pytestmark = pytest.mark.django_db


def test_registrations_beyond_capacity_join_the_waiting_list(outsider):
    event = make_event(capacity=1)
    first = services.registration_create(event=event, user=outsider)
    second = services.registration_create(event=event, user=make_user("b@uji.kim.id"))
    assert first.status == Registration.Status.CONFIRMED
    assert second.status == Registration.Status.WAITLISTED


def test_event_without_capacity_confirms_everyone(db):
    event = make_event(capacity=None)
    for n in range(5):
        registration = services.registration_create(event=event, user=make_user(f"u{n}@uji.kim.id"))
        assert registration.status == Registration.Status.CONFIRMED


def test_cancelling_a_seat_promotes_the_first_waitlisted_person_and_emails_them(
    db, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1)
    holder = services.registration_create(event=event, user=make_user("a@uji.kim.id"))
    first_waiting = services.registration_create(event=event, user=make_user("b@uji.kim.id"))
    services.registration_create(event=event, user=make_user("c@uji.kim.id"))
    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.registration_cancel(registration=holder, actor=holder.user)
    assert promoted == first_waiting
    first_waiting.refresh_from_db()
    assert first_waiting.status == Registration.Status.CONFIRMED
    assert [m.to for m in mail.outbox] == [["b@uji.kim.id"]]


def test_seats_per_kim_waitlist_a_kims_extra_members_but_not_other_kims(kim):
    other_kim = make_kim("KIM Lain", kelurahan="kalicacing")
    event = make_event(capacity=10, seats_per_kim=1)
    users = [make_user(f"m{n}@uji.kim.id") for n in range(3)]
    add_member(kim, users[0])
    add_member(kim, users[1])
    add_member(other_kim, users[2])
    statuses = [
        services.registration_create(event=event, user=users[0], kim=kim).status,
        services.registration_create(event=event, user=users[1], kim=kim).status,
        services.registration_create(event=event, user=users[2], kim=other_kim).status,
    ]
    assert statuses == ["confirmed", "waitlisted", "confirmed"]


@pytest.mark.usefixtures("english")
def test_nobody_registers_on_behalf_of_a_kim_they_do_not_belong_to(kim, outsider):
    with pytest.raises(ValidationError, match="active member"):
        services.registration_create(event=make_event(), user=outsider, kim=kim)


@pytest.mark.usefixtures("english")
def test_registration_before_the_window_opens_is_refused_with_the_date(outsider):
    event = make_event(registration_opens_at=timezone.now() + timedelta(days=1))
    with pytest.raises(ValidationError, match="Registration opens on"):
        services.registration_create(event=event, user=outsider)
    assert not Registration.objects.exists()


@pytest.mark.usefixtures("english")
def test_registration_after_the_window_closes_is_refused(outsider):
    event = make_event(registration_closes_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationError, match="has closed"):
        services.registration_create(event=event, user=outsider)


@pytest.mark.usefixtures("english")
def test_members_only_event_refuses_people_without_a_verified_kim(outsider):
    pending = make_kim("KIM Belum Terverifikasi", kelurahan="kalicacing", status=Kim.Status.PENDING)
    add_member(pending, outsider)
    event = make_event(audience=Event.Audience.MEMBERS)
    with pytest.raises(ValidationError, match="members of a verified KIM"):
        services.registration_create(event=event, user=outsider)


def test_members_only_event_accepts_an_active_member(anggota, kim):
    event = make_event(audience=Event.Audience.MEMBERS)
    registration = services.registration_create(event=event, user=anggota, kim=kim)
    assert registration.status == Registration.Status.CONFIRMED


@pytest.mark.usefixtures("english")
def test_cancelled_and_draft_events_refuse_registrations(outsider):
    with pytest.raises(ValidationError, match="cancelled"):
        services.registration_create(
            event=make_event("A", status=Event.Status.CANCELLED), user=outsider
        )
    with pytest.raises(ValidationError, match="not open"):
        services.registration_create(
            event=make_event("B", status=Event.Status.DRAFT), user=outsider
        )


@pytest.mark.usefixtures("english")
def test_a_person_registers_only_once(outsider):
    event = make_event()
    services.registration_create(event=event, user=outsider)
    with pytest.raises(ValidationError, match="already registered"):
        services.registration_create(event=event, user=outsider)


def test_cancelling_an_event_emails_every_registrant(redaksi, django_capture_on_commit_callbacks):
    event = make_event(capacity=1)
    services.registration_create(event=event, user=make_user("a@uji.kim.id"))
    services.registration_create(event=event, user=make_user("b@uji.kim.id"))
    with django_capture_on_commit_callbacks(execute=True):
        services.event_cancel(event=event, actor=redaksi)
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
    assert sorted(m.to[0] for m in mail.outbox) == ["a@uji.kim.id", "b@uji.kim.id"]


def test_event_description_keeps_only_the_allowed_markup(redaksi):
    event = make_event(
        description='<p onclick="x()">Hai <script>alert(1)</script><a href="https://kim.id">tautan</a></p><img src=x>'
    )
    assert event.description == (
        '<p>Hai <a href="https://kim.id" rel="noopener nofollow ugc">tautan</a></p>'
    )


def test_reminders_go_out_once_to_confirmed_registrants_of_tomorrows_events(
    db, django_capture_on_commit_callbacks
):
    tomorrow = make_event("Besok", starts_at=timezone.now() + timedelta(hours=20))
    later = make_event("Minggu Depan", starts_at=timezone.now() + timedelta(days=5))
    services.registration_create(event=tomorrow, user=make_user("a@uji.kim.id"))
    services.registration_create(event=later, user=make_user("b@uji.kim.id"))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send() == 1
        assert services.reminders_send() == 0
    assert [m.to for m in mail.outbox] == [["a@uji.kim.id"]]
    assert Registration.objects.get(event=tomorrow).reminder_sent_at is not None


def test_reminder_command_is_idempotent(db, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    event = make_event("Besok", starts_at=timezone.now() + timedelta(hours=5))
    services.registration_create(event=event, user=make_user("a@uji.kim.id"))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_event_reminders")
        call_command("send_event_reminders")
    assert len(mail.outbox) == 1
