"""The certificate of attendance, read back with poppler's pdftotext: every character people
type on phones survives (the font is embedded), and it says who, what, when, who signs and how
to check it."""

import os
import shutil
import subprocess
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from tests.conftest import make_user
from tests.workshops.conftest import make_event
from workshops.models import Registration

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes, tmp_path) -> str:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        message = "pdftotext is missing (apt-get install poppler-utils)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    path = tmp_path / "certificate.pdf"
    path.write_bytes(content)
    result = subprocess.run([pdftotext, str(path), "-"], capture_output=True, check=True)
    return " ".join(result.stdout.decode().split())


def pdf_title(content: bytes, tmp_path) -> str:
    path = tmp_path / "certificate.pdf"
    path.write_bytes(content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True).stdout
    return next(line for line in info.decode().splitlines() if line.startswith("Title:"))


def test_the_certificate_keeps_every_character_and_says_what_it_certifies(
    client_for, redaksi, tmp_path, settings
):
    settings.SITE_URL = "https://kim.salatiga.go.id"
    event = make_event(
        "Pelatihan “Foto & Video” – Jurnalistik Warga",
        signatory_name="Drs. Ahmad Syafi’i, M.Si.",
        signatory_title="Kepala Dinas Komunikasi dan Informatika Kota Salatiga",
        venue="Aula Diskominfo",
        starts_at=datetime(2026, 12, 7, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta")),
    )
    attendee = make_user("syafii@uji.kim.id", "Muhammad Syafi’i")
    registration = Registration.objects.create(
        event=event,
        user=attendee,
        status=Registration.Status.ATTENDED,
        checked_in_at=event.starts_at,
        checked_in_by=redaksi,
    )
    response = client_for(attendee).get(reverse("workshops:certificate", args=[registration.pk]))
    text = pdf_text(response.content, tmp_path)
    for expected in [
        "SERTIFIKAT KEHADIRAN",
        "Muhammad Syafi’i",
        "Pelatihan “Foto & Video” – Jurnalistik Warga",
        settings.OFFICE_NAME.upper(),
        "Drs. Ahmad Syafi’i, M.Si.",
        "Kepala Dinas Komunikasi dan Informatika",
        f"Kode verifikasi: {registration.certificate_code}",
        f"https://kim.salatiga.go.id/agenda/sertifikat/{registration.certificate_code}/",
    ]:
        assert expected in text, expected
    assert "Syafi?i" not in text
    assert "Senin, 7 Desember 2026" in text  # the date written out in Indonesian
    assert "Sertifikat kehadiran: Pelatihan “Foto & Video”" in pdf_title(response.content, tmp_path)
