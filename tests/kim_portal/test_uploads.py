import io
import zipfile

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import FileField
from django.db.models.fields.files import FieldFile
from django.http import Http404

from kim_portal.uploads import DocumentFormField, serve_private_file, validate_document
from tests.conftest import image_bytes

pytestmark = pytest.mark.usefixtures("english")


MB = 1024 * 1024
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
ALL_KINDS = {"pdf", "jpeg", "png", "webp", "docx", "xlsx", "pptx"}


def pdf_of_size(size: int) -> bytes:
    padding = b"%" + b"x" * (size - len(PDF) - 2) + b"\n"
    return PDF.replace(b"trailer", padding + b"trailer")


def office_file(folder: str, *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr(f"{folder}document.xml", "<document>hello world</document>")
    return buffer.getvalue()


def validate(name: str, content: bytes, allowed: set[str] = ALL_KINDS, max_bytes: int = MB):
    return validate_document(
        SimpleUploadedFile(name, content), allowed=allowed, max_bytes=max_bytes
    )


def refusal(name: str, content: bytes, allowed: set[str] = ALL_KINDS, max_bytes: int = MB):
    with pytest.raises(ValidationError) as caught:
        validate(name, content, allowed, max_bytes)
    return caught.value


# Detection


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("sk.pdf", PDF, "pdf"),
        ("scan.jpg", image_bytes("JPEG"), "jpeg"),
        ("scan.png", image_bytes("PNG"), "png"),
        ("scan.webp", image_bytes("WEBP"), "webp"),
        ("notulen.docx", office_file("word/"), "docx"),
        ("anggaran.xlsx", office_file("xl/"), "xlsx"),
        ("paparan.pptx", office_file("ppt/"), "pptx"),
    ],
)
def test_document_kind_is_detected(name, content, kind):
    assert validate(name, content) == kind


def test_kind_comes_from_content_not_name():
    assert validate("laporan.docx", PDF) == "pdf"


def test_validation_rewinds_the_file():
    file = SimpleUploadedFile("sk.pdf", PDF)

    validate_document(file, allowed={"pdf"}, max_bytes=MB)

    assert file.tell() == 0


# Refusals


def test_executable_named_pdf_is_refused():
    error = refusal("sk.pdf", EXE, allowed={"pdf"})

    assert error.code == "invalid_document_type"
    assert error.messages == ["The file must be a PDF document."]


def test_message_lists_every_allowed_kind():
    error = refusal("sk.pdf", EXE, allowed={"png", "pdf", "jpeg"})

    assert error.messages == ["The file must be a PDF, JPEG or PNG document."]


def test_truncated_pdf_is_refused():
    pdf = pdf_of_size(10_000)

    error = refusal("sk.pdf", pdf[:6000], allowed={"pdf"})

    assert error.code == "damaged_document"
    assert error.messages == ["The file is damaged or incomplete."]


def test_pdf_over_the_limit_is_refused():
    error = refusal("sk.pdf", pdf_of_size(2 * MB), allowed={"pdf"}, max_bytes=MB)

    assert error.code == "file_too_large"
    assert error.messages == ["The file is larger than 1 MB."]


def test_pdf_at_the_limit_is_accepted():
    assert validate("sk.pdf", pdf_of_size(MB), allowed={"pdf"}, max_bytes=MB) == "pdf"


def test_zip_that_is_not_an_office_file_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")

    error = refusal("notulen.docx", buffer.getvalue(), allowed={"docx"})

    assert error.messages == ["The file must be a Word (.docx) document."]


def test_office_file_with_a_corrupt_member_is_refused():
    docx = office_file("word/", compression=zipfile.ZIP_STORED)
    corrupt = docx.replace(b"hello world", b"hellO world")

    assert refusal("notulen.docx", corrupt).code == "damaged_document"


def test_kind_not_in_the_allowed_set_is_refused():
    error = refusal("scan.jpg", image_bytes("JPEG"), allowed={"pdf", "docx"})

    assert error.messages == ["The file must be a PDF or Word (.docx) document."]


def test_damaged_image_document_is_refused():
    jpeg = image_bytes("JPEG")

    assert refusal("scan.jpg", jpeg[: len(jpeg) // 2]).code == "damaged_image"


def test_gif_document_is_refused():
    assert refusal("scan.gif", image_bytes("GIF")).code == "invalid_document_type"


def test_unknown_allowed_kind_is_a_programming_error():
    with pytest.raises(ValueError):
        validate("sk.pdf", PDF, allowed={"pdf", "exe"})


# Form field


class DecreeForm(forms.Form):
    decree = DocumentFormField(allowed={"pdf", "jpeg", "png"}, max_bytes=MB)


def test_form_shows_the_error_for_a_bad_file():
    form = DecreeForm(files={"decree": SimpleUploadedFile("sk.pdf", EXE)})

    assert not form.is_valid()
    assert form.errors["decree"] == ["The file must be a PDF, JPEG or PNG document."]


def test_form_attaches_the_detected_kind():
    form = DecreeForm(files={"decree": SimpleUploadedFile("sk.pdf", PDF)})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["decree"].kind == "pdf"


def test_form_widget_accepts_only_the_allowed_kinds():
    html = str(DecreeForm()["decree"])

    assert 'accept="application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"' in html


# Serving


@pytest.fixture
def storage():
    return InMemoryStorage()


def stored(storage, name: str, content: bytes) -> FieldFile:
    saved_name = storage.save(name, ContentFile(content))
    return FieldFile(None, FileField(storage=storage), saved_name)


def test_pdf_is_served_as_an_attachment_with_safe_headers(storage):
    """A PDF carrying JavaScript must never open inside the portal's origin."""
    response = serve_private_file(stored(storage, "decrees/sk.pdf", PDF))

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="sk.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Length"] == str(len(PDF))
    assert b"".join(response.streaming_content) == PDF


def test_behind_nginx_the_file_is_handed_off_with_x_accel_redirect(storage, settings):
    settings.PRIVATE_MEDIA_ACCEL_URL = "/_private/"

    response = serve_private_file(stored(storage, "decrees/sk 1.pdf", PDF))

    assert response["X-Accel-Redirect"] == "/_private/decrees/sk%201.pdf"
    assert response.content == b""
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="sk 1.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_image_document_is_served_as_an_attachment_too(storage):
    response = serve_private_file(stored(storage, "scans/ktp.png", image_bytes("PNG")))

    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Security-Policy"] == "sandbox"


def test_office_file_is_downloaded_under_the_given_name(storage):
    fieldfile = stored(storage, "minutes/x1y2.docx", office_file("word/"))

    response = serve_private_file(fieldfile, download_name="Notulen rapat.docx")

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"] == 'attachment; filename="Notulen rapat.docx"'


def test_stored_name_never_decides_the_content_type(storage):
    response = serve_private_file(stored(storage, "decrees/page.html", PDF))

    assert response["Content-Type"] == "application/pdf"


def test_unrecognised_content_is_downloaded_as_octet_stream(storage):
    response = serve_private_file(stored(storage, "x/page.html", b"<script>alert(1)</script>"))

    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_missing_file_is_not_found(storage):
    with pytest.raises(Http404):
        serve_private_file(FieldFile(None, FileField(storage=storage), "gone.pdf"))
