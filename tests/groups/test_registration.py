import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse

from groups import services
from groups.models import Kelurahan, Kim, KimStatusChange, Membership
from tests.conftest import image_bytes, make_kim
from tests.groups.conftest import pdf_upload, registration_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def noborejo():
    return Kelurahan.objects.get(slug="noborejo")


def _post(client, noborejo, **files_and_overrides):
    data = registration_data(kelurahan=noborejo.pk)
    data.update(files_and_overrides)
    data.setdefault("decree_upload", pdf_upload())
    return client.post(reverse("groups:register"), data)


def _stored_files(settings) -> list:
    root = settings.PRIVATE_MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_registrant_becomes_ketua_of_a_pending_kim(
    client_for, outsider, noborejo, redaksi, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client_for(outsider), noborejo)
    kim = Kim.objects.get(name="KIM Noborejo Rukun")
    assert response.status_code == 302
    assert response.url == f"/kim/{kim.slug}/"
    assert kim.status == Kim.Status.PENDING
    assert kim.registered_by == outsider
    assert kim.focus_areas == ["kesehatan", "pendidikan"]
    assert kim.decree_file.name.startswith("kim/decrees/")
    assert kim.decree_file.name.endswith(".pdf")
    membership = Membership.objects.get(kim=kim)
    assert (membership.user, membership.role, membership.status) == (
        outsider,
        Membership.Role.KETUA,
        Membership.Status.ACTIVE,
    )
    change = KimStatusChange.objects.get(kim=kim)
    assert (change.actor, change.from_status, change.to_status) == (outsider, "", "pending")
    assert [m.to for m in mailoutbox] == [[redaksi.email]]


def test_decree_is_required(client_for, outsider, noborejo):
    response = _post(client_for(outsider), noborejo, decree_upload="")
    assert response.status_code == 200
    assert "decree_upload" in response.context["form"].errors
    assert not Kim.objects.filter(name="KIM Noborejo Rukun").exists()


def _assert_refused(response, field, settings, message_part):
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    assert message_part in str(form.errors[field])
    # What the user typed stays.
    html = response.content.decode()
    assert 'value="KIM Noborejo Rukun"' in html
    assert "Kabar warga Noborejo." in html
    assert 'value="148/7/KEL.NBR/2025"' in html
    assert not Kim.objects.filter(name="KIM Noborejo Rukun").exists()
    assert _stored_files(settings) == []


def test_a_file_that_only_pretends_to_be_a_pdf_is_refused(client_for, outsider, noborejo, settings):
    fake = SimpleUploadedFile(
        "sk.pdf", b"<html><script>alert(1)</script></html>", "application/pdf"
    )
    response = _post(client_for(outsider), noborejo, decree_upload=fake)
    _assert_refused(response, "decree_upload", settings, "harus berupa dokumen PDF")


def test_an_oversized_decree_is_refused(client_for, outsider, noborejo, settings):
    big = SimpleUploadedFile("sk.pdf", b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024) + b"%%EOF\n")
    response = _post(client_for(outsider), noborejo, decree_upload=big)
    _assert_refused(response, "decree_upload", settings, "lebih dari 5 MB")


def test_a_truncated_pdf_is_refused(client_for, outsider, noborejo, settings):
    from groups.demo import demo_pdf

    cut = SimpleUploadedFile("sk.pdf", demo_pdf("SK")[:200])
    response = _post(client_for(outsider), noborejo, decree_upload=cut)
    _assert_refused(response, "decree_upload", settings, "rusak atau tidak lengkap")


def test_a_truncated_png_decree_is_refused(client_for, outsider, noborejo, settings):
    cut = SimpleUploadedFile("sk.png", image_bytes()[:60])
    response = _post(client_for(outsider), noborejo, decree_upload=cut)
    _assert_refused(response, "decree_upload", settings, "rusak atau tidak lengkap")


def _png_header_only(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def test_a_decompression_bomb_logo_is_refused(client_for, outsider, noborejo, settings):
    bomb = SimpleUploadedFile("logo.png", _png_header_only(30000, 30000), "image/png")
    response = _post(client_for(outsider), noborejo, logo_upload=bomb)
    _assert_refused(response, "logo_upload", settings, "lebih dari 60 megapiksel")


def test_a_logo_is_reencoded_without_metadata(client_for, outsider, noborejo, settings):
    from PIL import Image

    exif = Image.Exif()
    exif[0x010E] = "rahasia"
    logo = SimpleUploadedFile(
        "logo.jpg", image_bytes("JPEG", (900, 600), "red", exif=exif), "image/jpeg"
    )
    _post(client_for(outsider), noborejo, logo_upload=logo)
    kim = Kim.objects.get(name="KIM Noborejo Rukun")
    with Image.open(kim.logo.path) as stored:
        assert stored.width == 480
        assert not stored.getexif()
    assert str(kim.logo.path).startswith(str(settings.MEDIA_ROOT))


@pytest.mark.usefixtures("english")
def test_a_second_kim_with_the_same_name_in_the_kelurahan_is_refused(
    client_for, outsider, noborejo, settings
):
    make_kim("KIM Noborejo Rukun", kelurahan="noborejo")
    response = _post(client_for(outsider), noborejo, name="kim noborejo RUKUN")
    assert response.status_code == 200
    assert "already registered in Kelurahan Noborejo" in str(
        response.context["form"].errors["name"]
    )
    assert Kim.objects.filter(name__iexact="KIM Noborejo Rukun").count() == 1


def test_the_same_name_in_another_kelurahan_is_fine(client_for, outsider, noborejo):
    make_kim("KIM Noborejo Rukun", kelurahan="ledok")
    response = _post(client_for(outsider), noborejo)
    assert response.status_code == 302
    assert Kim.objects.filter(name="KIM Noborejo Rukun").count() == 2


@pytest.mark.usefixtures("english")
def test_a_duplicate_that_slips_past_the_form_in_a_race_gets_a_form_error(
    client_for, outsider, noborejo, monkeypatch
):
    # The form's check passes; the KIM appears before the insert; the constraint decides.
    monkeypatch.setattr("groups.forms.kim_name_taken", lambda **kwargs: False)
    real_check = services.kim_name_taken
    calls = []

    def check_then_race(**kwargs):
        calls.append(kwargs)
        if len(calls) == 1:
            make_kim("KIM Noborejo Rukun", kelurahan="noborejo")
            return False
        return real_check(**kwargs)

    monkeypatch.setattr(services, "kim_name_taken", check_then_race)
    response = _post(client_for(outsider), noborejo)
    assert response.status_code == 200
    assert "already registered" in str(response.context["form"].errors["name"])


def test_the_database_refuses_a_case_insensitive_duplicate(noborejo):
    make_kim("KIM Sama", kelurahan="noborejo")
    with pytest.raises(IntegrityError):
        Kim.objects.create(name="kim sama", slug="kim-sama-2", kelurahan=noborejo)


def test_pengurus_edits_the_profile(client_for, ketua, kim):
    data = registration_data(description="Deskripsi baru.")
    response = client_for(ketua).post(reverse("groups:edit", args=[kim.slug]), data)
    assert response.status_code == 302
    kim.refresh_from_db()
    assert kim.description == "Deskripsi baru."
    assert kim.name == "KIM Uji Coba"  # the name is not part of the profile form
