"""Check-in happens on the event's day(s), never by the attendee themself; a certificate exists
only for an attendance on those days."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from kim_portal.roles import REDAKSI_GROUP
from tests.conftest import make_user
from tests.workshops.conftest import make_event
from workshops import services
from workshops.models import Event, Registration

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _registered(event, user) -> Registration:
    return Registration.objects.create(event=event, user=user, status="confirmed")


def _move(event, *, starts_in: timedelta, hours: int = 3) -> None:
    start = timezone.now() + starts_in
    Event.objects.filter(pk=event.pk).update(
        starts_at=start, ends_at=start + timedelta(hours=hours)
    )


def test_check_in_days_before_the_event_is_refused(client_for, redaksi, anggota):
    event = make_event(starts_at=timezone.now() + timedelta(days=3))
    registration = _registered(event, anggota)
    url = reverse("workshops:desk_check_in", args=[event.slug, registration.pk])
    response = client_for(redaksi).post(url, follow=True)
    assertContains(response, "Check-in is only possible on the day of the event.")
    registration.refresh_from_db()
    assert registration.status == "confirmed" and registration.checked_in_at is None


def test_check_in_the_day_after_a_one_day_event_is_refused(redaksi, anggota):
    event = make_event(starts_at=timezone.now() - timedelta(days=2))
    registration = _registered(event, anggota)
    with pytest.raises(ValidationError, match="only possible on the day"):
        services.registration_check_in(registration=registration, actor=redaksi)


def test_check_in_on_the_second_day_of_a_two_day_event_works(redaksi, anggota):
    event = make_event(starts_at=timezone.now() - timedelta(days=1))
    _move(event, starts_in=-timedelta(days=1), hours=48)
    registration = services.registration_check_in(
        registration=_registered(event, anggota), actor=redaksi
    )
    assert registration.attended and registration.has_certificate


def test_a_redaksi_cannot_check_themself_in(redaksi, anggota):
    event = make_event(starts_at=timezone.now() - timedelta(hours=1))
    registration = _registered(event, redaksi)
    with pytest.raises(ValidationError, match="cannot check yourself in"):
        services.registration_check_in(registration=registration, actor=redaksi)
    other = make_user("redaksi2@uji.kim.id")
    other.groups.add(Group.objects.get(name=REDAKSI_GROUP))
    assert services.registration_check_in(registration=registration, actor=other).attended


def test_an_attendance_recorded_before_the_event_day_earns_no_certificate(
    client, client_for, anggota
):
    event = make_event(starts_at=timezone.now() + timedelta(days=5))
    registration = Registration.objects.create(
        event=event, user=anggota, status="attended", checked_in_at=timezone.now()
    )
    assert not registration.has_certificate
    owner = client_for(anggota)
    assert owner.get(reverse("workshops:certificate", args=[registration.pk])).status_code == 404
    ticket = owner.get(reverse("workshops:ticket", args=[registration.pk]))
    assert reverse("workshops:certificate", args=[registration.pk]) not in ticket.content.decode()
    verify = reverse("workshops:certificate_verify", args=[registration.certificate_code])
    assert client.get(verify).status_code == 404


def test_an_attendance_on_the_event_day_earns_its_certificate(client_for, redaksi, anggota):
    event = make_event(starts_at=timezone.now() - timedelta(hours=1))
    registration = services.registration_check_in(
        registration=_registered(event, anggota), actor=redaksi
    )
    response = client_for(anggota).get(reverse("workshops:certificate", args=[registration.pk]))
    assert response.content.startswith(b"%PDF")
