"""Validate uploaded documents by their content, and serve private files safely.

Imports no project app.
"""

import io
import os
import zipfile
from typing import IO, Any
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _
from django.views.static import serve as static_serve

from kim_portal.images import (
    encode_jpeg,
    encode_png,
    encode_webp,
    format_megabytes,
    normalize_image,
    open_image,
)

# In the order they are listed in messages.
DOCUMENT_LABELS = {
    "pdf": "PDF",
    "jpeg": "JPEG",
    "png": "PNG",
    "webp": "WebP",
    "docx": "Word (.docx)",
    "xlsx": "Excel (.xlsx)",
    "pptx": "PowerPoint (.pptx)",
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
EXTENSIONS = {
    "pdf": ".pdf",
    "jpeg": ".jpg,.jpeg",
    "png": ".png",
    "webp": ".webp",
    "docx": ".docx",
    "xlsx": ".xlsx",
    "pptx": ".pptx",
}
IMAGE_KINDS = {"jpeg", "png", "webp"}

_OFFICE_FOLDERS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
_IMAGE_KIND_BY_FORMAT = {"JPEG": "jpeg", "MPO": "jpeg", "PNG": "png", "WEBP": "webp"}
# testzip() inflates every member; this bounds the work a zip bomb can cause.
_MAX_UNZIPPED_BYTES = 500 * 1024 * 1024


def validate_document(file: IO[bytes], *, allowed: set[str], max_bytes: int) -> str:
    """Return the kind of document `file` holds, or raise ValidationError. Leaves it rewound."""
    _check_kinds(allowed)
    file.seek(0)
    try:
        data = file.read(max_bytes + 1)
    finally:
        file.seek(0)
    if len(data) > max_bytes:
        raise ValidationError(
            _("The file is larger than %(max_mb)s MB."),
            code="file_too_large",
            params={"max_mb": format_megabytes(max_bytes)},
        )

    kind = _sniff_kind(io.BytesIO(data))
    if kind not in allowed:
        raise ValidationError(
            _("The file must be a %(kinds)s document."),
            code="invalid_document_type",
            params={"kinds": _kinds_text(allowed)},
        )
    if kind == "pdf" and b"%%EOF" not in data[-2048:]:
        raise _damaged_error()
    if kind in _OFFICE_FOLDERS:
        _check_zip(data)
    if kind in IMAGE_KINDS:
        # Raises its own clear message when the picture does not decode.
        img = open_image(io.BytesIO(data))
        if _IMAGE_KIND_BY_FORMAT.get(img.format) != kind:
            raise _damaged_error()
    return kind


class DocumentFormField(forms.FileField):
    """A document upload; the cleaned file carries its detected kind as `.kind`."""

    def __init__(self, *, allowed: set[str], max_bytes: int, **kwargs: Any) -> None:
        _check_kinds(allowed)
        self.allowed = set(allowed)
        self.max_bytes = max_bytes
        super().__init__(**kwargs)

    def to_python(self, data: UploadedFile | None) -> UploadedFile | None:
        uploaded = super().to_python(data)
        if uploaded is None:
            return None
        kind = validate_document(uploaded, allowed=self.allowed, max_bytes=self.max_bytes)
        if kind in IMAGE_KINDS:
            uploaded = reencode_image_document(uploaded, kind)
        uploaded.kind = kind
        return uploaded

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            kinds = _ordered(self.allowed)
            attrs["accept"] = ",".join(
                [CONTENT_TYPES[kind] for kind in kinds] + [EXTENSIONS[kind] for kind in kinds]
            )
        return attrs


def reencode_image_document(uploaded: UploadedFile, kind: str) -> UploadedFile:
    """A photo uploaded as a document (a decree photographed with a phone) is stored
    re-encoded: no EXIF or GPS position, and nothing appended after the picture survives."""
    image = normalize_image(open_image(uploaded))
    encode = {"jpeg": encode_jpeg, "png": encode_png, "webp": encode_webp}[kind]
    clean = SimpleUploadedFile(uploaded.name, encode(image), content_type=CONTENT_TYPES[kind])
    clean.image = image
    return clean


def private_storage() -> Storage:
    """Storage for files that only some people may see (a callable, so tests can swap it)."""
    return storages["private"]


def serve_private_file(fieldfile: FieldFile, *, download_name: str | None = None) -> HttpResponse:
    """Stream a stored file; the caller has already checked that the user may see it."""
    try:
        file = fieldfile.storage.open(fieldfile.name, "rb")
    except FileNotFoundError:
        raise Http404("The file is missing from storage.") from None
    # The stored name came from the uploader, so the content decides how a browser treats it:
    # a PDF named page.html must never be served as HTML.
    kind = _sniff_kind(file)
    # Always a download: a PDF opened in the portal's origin could run its JavaScript.
    as_attachment = True
    filename = download_name or os.path.basename(fieldfile.name)
    content_type = CONTENT_TYPES.get(kind, "application/octet-stream")
    if settings.PRIVATE_MEDIA_ACCEL_URL:
        # nginx sends the bytes from its internal location (deploy/nginx-kim.conf); the worker
        # is free at once. nginx keeps these headers of ours.
        file.close()
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.PRIVATE_MEDIA_ACCEL_URL + quote(fieldfile.name)
        response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    else:
        file.seek(0)
        response = FileResponse(
            file, as_attachment=as_attachment, filename=filename, content_type=content_type
        )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return harden_file_response(response)


def harden_file_response(response):
    """Uploaded bytes are never a page of the portal: the browser must not guess another type,
    and whatever opens the file gets no scripts, forms or same-origin access."""
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response


def serve_public_media(request, path: str, document_root: str):
    """/media/: re-encoded photos only, still served hardened (and images inline, for <img>)."""
    response = static_serve(request, path, document_root=document_root)
    if not response.get("Content-Type", "").startswith("image/"):
        response["Content-Disposition"] = "attachment"
    return harden_file_response(response)


def _sniff_kind(file: IO[bytes]) -> str | None:
    """Guess the kind from magic bytes (and a zip's file list); cheap, proves nothing."""
    file.seek(0)
    head = file.read(16)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(file) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        if "[Content_Types].xml" in names:
            for kind, folder in _OFFICE_FOLDERS.items():
                if any(name.startswith(folder) for name in names):
                    return kind
    return None


def _check_zip(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(member.file_size for member in archive.infolist()) > _MAX_UNZIPPED_BYTES:
                raise _damaged_error()
            if archive.testzip() is not None:
                raise _damaged_error()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        # NotImplementedError: a compression method Python cannot read.
        raise _damaged_error() from None


def _check_kinds(allowed: set[str]) -> None:
    if not allowed or not allowed <= DOCUMENT_LABELS.keys():
        raise ValueError(f"allowed must be a non-empty subset of {sorted(DOCUMENT_LABELS)}")


def _ordered(kinds: set[str]) -> list[str]:
    return [kind for kind in DOCUMENT_LABELS if kind in kinds]


def _kinds_text(kinds: set[str]) -> str:
    return get_text_list([DOCUMENT_LABELS[kind] for kind in _ordered(kinds)])


def _damaged_error() -> ValidationError:
    return ValidationError(_("The file is damaged or incomplete."), code="damaged_document")
