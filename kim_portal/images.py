"""Validate uploaded photos and re-encode them without metadata.

Pure functions over file objects and PIL images, so a background task can use them as well as
a form. Imports no project app.
"""

import io
from typing import IO, Any

import pillow_heif
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

pillow_heif.register_heif_opener()

MAX_IMAGE_BYTES = 15 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
# Longer side over shorter side. A panorama is about 4:1, a long screenshot 10:1; 50,000 × 10
# is no photo (and becomes a 1 px line or a huge page when resized).
MAX_ASPECT_RATIO = 20
RENDITION_WIDTHS = (480, 960, 1600)

# Only these decoders ever see user bytes: fewer parsers, less attack surface.
IMAGE_FORMATS = ("JPEG", "PNG", "WEBP", "HEIF")
IMAGE_ACCEPT = "image/jpeg,image/png,image/webp,image/heic,image/heif,.heic,.heif"

_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def open_image(file: IO[bytes]) -> Image.Image:
    """Return the fully decoded image, or raise ValidationError. Leaves `file` rewound."""
    data = _read_at_most(file, MAX_IMAGE_BYTES)
    if len(data) > MAX_IMAGE_BYTES:
        raise ValidationError(
            _("The photo is larger than %(max_mb)s MB."),
            code="image_too_large",
            params={"max_mb": format_megabytes(MAX_IMAGE_BYTES)},
        )
    try:
        img = Image.open(io.BytesIO(data), formats=IMAGE_FORMATS)
    except UnidentifiedImageError:
        raise _wrong_type_error() from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # The warning only arrives as an exception when warnings are errors (e.g. in tests).
        raise _too_many_pixels_error() from None
    except Exception:
        # Header parsers raise assorted exception types on hostile input.
        raise _damaged_error() from None

    # The header gives the size; refuse before decoding allocates anything.
    if img.width * img.height > MAX_IMAGE_PIXELS:
        raise _too_many_pixels_error()
    if max(img.size) > MAX_ASPECT_RATIO * max(1, min(img.size)):
        raise ValidationError(
            _(
                "The picture is %(width)s × %(height)s pixels: far too long and narrow. "
                "Crop it to at most %(ratio)s times as long as it is wide."
            ),
            code="image_aspect_ratio",
            params={
                "width": number_format(img.width, force_grouping=True),
                "height": number_format(img.height, force_grouping=True),
                "ratio": MAX_ASPECT_RATIO,
            },
        )
    try:
        img.load()
    except Exception:
        raise _damaged_error() from None
    return img


def normalize_image(img: Image.Image) -> Image.Image:
    """Upright, RGB, sRGB, and free of metadata (EXIF, GPS, XMP, ICC, comments)."""
    icc_profile = img.info.get("icc_profile")
    img = ImageOps.exif_transpose(img)
    if img.mode in ("I", "I;16", "I;16B", "I;16L"):
        # 16-bit greyscale: scale down, or convert() would clip almost everything to white.
        img = img.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    if img.has_transparency_data:
        rgba = img.convert("RGBA")
        img = Image.new("RGB", rgba.size, "white")
        img.paste(rgba, mask=rgba.getchannel("A"))
    if icc_profile:
        img = _to_srgb(img, icc_profile)
    # convert() always returns a fresh image, so no cached EXIF survives on it.
    img = img.convert("RGB")
    img.info = {}
    return img


def encode_jpeg(img: Image.Image, *, quality: int = 85) -> bytes:
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
    return buffer.getvalue()


def encode_png(img: Image.Image) -> bytes:
    buffer = io.BytesIO()
    img.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def encode_webp(img: Image.Image, *, quality: int = 80) -> bytes:
    buffer = io.BytesIO()
    img.save(buffer, "WEBP", quality=quality)
    return buffer.getvalue()


def resize_to_width(img: Image.Image, width: int) -> Image.Image:
    """Scale down to `width`, keeping the aspect ratio; a narrower image is returned as is."""
    if img.width <= width:
        return img
    height = max(1, round(img.height * width / img.width))
    return img.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)


class ImageFormField(forms.FileField):
    """A photo upload; the cleaned file carries the normalized image as `.image`."""

    def to_python(self, data: UploadedFile | None) -> UploadedFile | None:
        uploaded = super().to_python(data)
        if uploaded is None:
            return None
        uploaded.image = normalize_image(open_image(uploaded))
        return uploaded

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = IMAGE_ACCEPT
        return attrs


def _read_at_most(file: IO[bytes], limit: int) -> bytes:
    """Read up to limit + 1 bytes, so the caller can tell an over-size file apart."""
    file.seek(0)
    try:
        return file.read(limit + 1)
    finally:
        file.seek(0)


def _to_srgb(img: Image.Image, icc_profile: bytes) -> Image.Image:
    # Phones shoot in Display P3; dropping the profile without converting dulls the colours.
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        return ImageCms.profileToProfile(img, source, _SRGB, outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError):
        # A broken or mismatched profile is not worth refusing the photo for.
        return img


def format_megabytes(size: int) -> str:
    """A byte limit as a number for messages: 15728640 → "15"."""
    megabytes = round(size / (1024 * 1024), 1)
    return number_format(int(megabytes) if megabytes.is_integer() else megabytes)


def _wrong_type_error() -> ValidationError:
    return ValidationError(
        _("The photo must be a JPEG, PNG, WebP or HEIC image."), code="invalid_image_type"
    )


def _too_many_pixels_error() -> ValidationError:
    return ValidationError(
        _("The photo has more than %(max_megapixels)s megapixels."),
        code="image_too_many_pixels",
        params={"max_megapixels": number_format(MAX_IMAGE_PIXELS // 1_000_000)},
    )


def _damaged_error() -> ValidationError:
    return ValidationError(_("The photo file is damaged or incomplete."), code="damaged_image")
