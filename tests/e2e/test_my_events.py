"""'Agenda saya' on a phone: the next event first, one row per event, and a cancellation that
asks first."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.e2e.conftest import log_in
from tests.workshops.conftest import make_event
from workshops import services
from workshops.models import Registration

pytestmark = pytest.mark.django_db(transaction=True)


def test_my_events_lists_the_next_first_once_each_and_cancelling_asks_first(page, anggota):
    now = timezone.now()
    far = make_event("Sarasehan KIM se-Kota", starts_at=now + timedelta(days=30))
    near = make_event("Bimtek Foto Ponsel", starts_at=now + timedelta(days=3))
    past = make_event("Forum KIM Tingkir", starts_at=now - timedelta(days=10))
    for event in (far, near, past):
        Registration.objects.create(event=event, user=anggota, status=Registration.Status.CONFIRMED)
    # Cancelled, then registered again: one row, the new one.
    first = Registration.objects.get(event=near)
    services.registration_cancel(registration=first, actor=anggota)
    again = services.registration_create(event=near, user=anggota)

    log_in(page, anggota.email)
    page.goto("/agenda/saya/")
    titles = page.locator("main h3").all_inner_texts()
    assert titles == [near.title, far.title, past.title]

    page.locator(f'main a[href="{again.get_absolute_url()}"]').click()
    with page.expect_navigation():
        page.get_by_role("link", name="Batalkan pendaftaran saya").click()
    assert "Batalkan pendaftaran Anda untuk" in page.locator("main").inner_text()
    again.refresh_from_db()
    assert again.status == Registration.Status.CONFIRMED  # nothing happened yet
    page.get_by_role("button", name="Ya, batalkan pendaftaran saya").click()
    page.locator(".messages").wait_for()
    assert "Pendaftaran Anda dibatalkan." in page.locator(".messages").inner_text()
    again.refresh_from_db()
    assert again.status == Registration.Status.CANCELLED
    assert page.locator("main h3").all_inner_texts().count(near.title) == 1
