"""Anggota registers and sees the ticket → Redaksi checks them in → anggota rates and downloads."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.conftest import add_member, make_kim, make_redaksi, make_user
from tests.e2e.conftest import log_in
from workshops.models import Event, Registration


@pytest.mark.django_db(transaction=True)
def test_member_registers_is_checked_in_rates_and_downloads_certificate(
    page, new_page, live_server
):
    kim = make_kim()
    member = make_user("anggota@uji.kim.id", "Anggota Uji")
    add_member(kim, member)
    redaksi = make_redaksi()
    start = timezone.now() + timedelta(days=3)
    Event.objects.create(
        title="Pelatihan Dasar KIM",
        slug="pelatihan-dasar-kim",
        summary="Dasar-dasar KIM.",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        venue="Aula",
        capacity=10,
        audience=Event.Audience.MEMBERS,
        status=Event.Status.PUBLISHED,
    )

    log_in(page, member.email)
    page.goto("/agenda/")
    page.click('a[href="/agenda/pelatihan-dasar-kim/"]')
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.locator(".ticket-qr svg").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    registration = Registration.objects.get(user=member)

    # The day of the event: only now can the Redaksi check people in.
    now = timezone.now()
    Event.objects.filter(slug="pelatihan-dasar-kim").update(
        starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=2)
    )
    desk = new_page()
    log_in(desk, redaksi.email)
    desk.goto("/redaksi/agenda/pelatihan-dasar-kim/peserta/")
    desk.fill("input[name=q]", "Anggota")
    desk.locator("main form.filter-form button").click()
    with desk.expect_navigation():
        desk.locator("table button[type=submit]").click()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.ATTENDED

    page.goto(f"/agenda/saya/{registration.pk}/")
    page.locator("main a[href$='/ulasan/']").click()
    page.locator("input[name=rating][value='5']").check()
    page.fill("textarea[name=comment]", "Sangat bermanfaat.")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert registration.feedback.rating == 5
    with page.expect_download() as download:
        page.locator("main a[href$='sertifikat.pdf']").click()
    assert download.value.suggested_filename == "sertifikat-pelatihan-dasar-kim.pdf"
