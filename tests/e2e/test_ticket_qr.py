"""The ticket's QR code scans, read back from a screenshot by a real decoder (zbar's zbarimg),
on a phone and on a desktop, for a long event title and a production-length host name."""

import os
import shutil
import subprocess
from urllib.parse import urlsplit

import pytest
from django.urls import resolve

from tests.e2e.conftest import DESKTOP, PHONE, log_in
from tests.workshops.conftest import make_event
from workshops import tickets
from workshops.models import Registration

pytestmark = pytest.mark.django_db(transaction=True)

LONG_HOST = "https://portal-kelompok-informasi-masyarakat.diskominfo.salatigakota.go.id"
LONG_TITLE = (
    "Bimbingan Teknis Jurnalistik Warga dan Fotografi Ponsel untuk Pengurus dan Anggota "
    "Kelompok Informasi Masyarakat se-Kota Salatiga Tahun 2026"
)


def zbar(png: bytes, tmp_path) -> list[str]:
    zbarimg = shutil.which("zbarimg")
    if zbarimg is None:
        message = "zbarimg is missing (apt-get install zbar-tools)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    path = tmp_path / "ticket.png"
    path.write_bytes(png)
    result = subprocess.run(
        [zbarimg, "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result.stdout.splitlines()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "1280px"])
def test_the_ticket_qr_code_scans_on_screen(new_page, anggota, settings, tmp_path, viewport):
    settings.SITE_URL = LONG_HOST
    event = make_event(LONG_TITLE)
    registration = Registration.objects.create(
        event=event, user=anggota, status=Registration.Status.CONFIRMED
    )
    page = new_page(viewport=viewport)
    log_in(page, anggota.email)
    page.goto(registration.get_absolute_url())
    code = page.locator(".ticket-qr svg")
    box = code.bounding_box()
    assert box["width"] == pytest.approx(box["height"], abs=1)
    [decoded] = zbar(page.screenshot(full_page=True), tmp_path)
    assert len(decoded.encode()) > 250  # well past the ~180 bytes that used to be cropped
    assert decoded.startswith(LONG_HOST + "/")
    match = resolve(urlsplit(decoded).path)
    assert match.url_name == "desk_scan" and match.kwargs["slug"] == event.slug
    assert tickets.registration_from_token(match.kwargs["token"], event=event) == registration
