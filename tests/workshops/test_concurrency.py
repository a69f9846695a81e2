"""Forty people press "Register" at once for ten seats: the row lock keeps the count honest."""

import threading

import pytest
from django.db import connection

from tests.conftest import make_user
from tests.workshops.conftest import make_event
from workshops import services
from workshops.models import Registration

# The flush after each test removes migrated reference data; conftest.py puts it back.
pytestmark = [
    pytest.mark.django_db(transaction=True),
    # Row locks and parallel writers are PostgreSQL's; SQLite serialises the whole database.
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]

PEOPLE = 40
SEATS = 10


def _register_all_at_once(event, users) -> list[BaseException]:
    barrier = threading.Barrier(len(users))
    errors: list[BaseException] = []

    def register(user):
        try:
            barrier.wait()
            services.registration_create(event=event, user=user)
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def _forty_people_and_a_ten_seat_event():
    event = make_event(capacity=SEATS)
    users = [make_user(f"orang{n}@uji.kim.id") for n in range(PEOPLE)]
    return event, users


def test_concurrent_registrations_never_overbook_a_ten_seat_event():
    event, users = _forty_people_and_a_ten_seat_event()
    assert _register_all_at_once(event, users) == []
    registrations = Registration.objects.filter(event=event)
    assert registrations.filter(status="confirmed").count() == SEATS
    assert registrations.filter(status="waitlisted").count() == PEOPLE - SEATS


def test_without_the_row_lock_concurrent_registrations_overbook(monkeypatch):
    """The counterpart: proves the test above would catch a missing lock."""
    monkeypatch.setattr(services, "LOCK_EVENT_ROW", False)
    # Widen the gap between counting and inserting so the race shows up every run.
    monkeypatch.setattr(services, "PAUSE_BETWEEN_COUNT_AND_INSERT", 0.2)
    event, users = _forty_people_and_a_ten_seat_event()
    assert _register_all_at_once(event, users) == []
    assert Registration.objects.filter(event=event, status="confirmed").count() > SEATS


def test_cancel_and_check_in_of_one_registration_at_once():
    """The registrant cancels while the Redaksi checks them in: one wins, the other is told."""
    from datetime import timedelta

    from django.urls import reverse
    from django.utils import timezone

    from tests.parallel import Request, make_redaksi, post_in_parallel, text

    event = make_event(starts_at=timezone.now() + timedelta(minutes=5))
    person = make_user("peserta@uji.kim.id")
    registration = Registration.objects.create(event=event, user=person, status="confirmed")
    responses = post_in_parallel(
        [
            Request(person, reverse("workshops:registration_cancel", args=[registration.pk])),
            Request(
                make_redaksi("redaksi@uji.kim.id"),
                reverse("workshops:desk_check_in", args=[event.slug, registration.pk]),
            ),
        ]
    )
    assert [r.status_code for r in responses] == [200, 200]
    refused = [i for i, r in enumerate(responses) if 'class="message message-error"' in text(r)]
    assert len(refused) == 1
    registration.refresh_from_db()
    assert registration.status == ("cancelled", "attended")[1 - refused[0]]
