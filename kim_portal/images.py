"""Validate uploaded photos and re-encode them without metadata.

Pure functions over file objects and PIL images, so a background task can use them as well as
a form. Imports no project app.

Size and memory. A photo may have up to MAX_IMAGE_PIXELS (60 megapixels: many phones sold in
Indonesia shoot 48-50 MP). What is kept of it is at most MASTER_MAX_SIDE (2560 px, what
`static/js/upload-progress.js` already shrinks to on the phone) on its long side, so
`open_image(..., max_side=...)` decodes a JPEG at reduced scale (`Image.draft`: libjpeg's scaled
IDCT at 1/2, 1/4 or 1/8, the smallest that still has max_side pixels), and
`normalize_image(..., max_side=...)` shrinks first and turns, converts and flattens the small
picture, so no second full-size copy is ever made.

Peak memory from the uploaded bytes to the last rendition, over the process's size before, as
`bench/photos.py` measured it (VmHWM, 2026-12-01; Pillow holds RGB at 4 bytes a pixel):

    12 MP JPEG               ~100 MB   decoded full size (at 1/2 it would be under 2560 px)
    48 or 60 MP JPEG    ~100-120 MB   decoded at 1/2 (12-15 MP)
    60 MP progressive JPEG   ~230 MB   at 1/2, but libjpeg holds every DCT coefficient
    60 MP PNG                ~315 MB   full size: PNG, WebP and HEIF cannot decode at 1/2
    60 MP HEIC               ~420 MB   libheif's RGB buffer and Pillow's copy of it
    60 MP WebP               ~920 MB   Pillow's reader holds the canvas, a copy and the image

Phones send JPEG or HEIC; a WebP or PNG that large is rare (the phone-side shrink sends WebP of
at most 2560 px). Before 2026-12 every photo was decoded, turned and converted at full size:
~170 MB for 12 MP, ~500 MB for a 40 MP JPEG (~590 MB at 48 MP, ~725 MB at 60 MP).
"""

import io
from collections.abc import Iterator
from typing import IO, Any

import pillow_heif
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps, JpegImagePlugin, UnidentifiedImageError

pillow_heif.register_heif_opener()

# A 48–60 MP JPEG from a phone is 12–20 MB; nginx (deploy/nginx-kim.conf) takes 21 MB a request.
MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_IMAGE_PIXELS = 60_000_000
# The long side of what is kept of a photo: the master a Photo stores and what ImageFormField
# hands over. The largest rendition is 1600 px wide; the master itself is shown in article
# bodies and link previews.
MASTER_MAX_SIDE = 2560
# Longer side over shorter side. A panorama is about 4:1, a long screenshot 10:1; 50,000 × 10
# is no photo (and becomes a 1 px line or a huge page when resized).
MAX_ASPECT_RATIO = 20
RENDITION_WIDTHS = (480, 960, 1600)
# libwebp's effort, 0-6 (Pillow's default, used until 2026-12, is 4). Measured on the bench's
# photos at quality 80: method 2 encodes in 45% of method 4's time for files 6% larger and
# 0.2 dB lower PSNR; 3 is no faster than 4; 6 is 2.4 times slower for files 16% smaller.
WEBP_METHOD = 2

# Only these decoders ever see user bytes: fewer parsers, less attack surface.
IMAGE_FORMATS = ("JPEG", "PNG", "WEBP", "HEIF")
IMAGE_ACCEPT = "image/jpeg,image/png,image/webp,image/heic,image/heif,.heic,.heif"

_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def open_image(file: IO[bytes], *, max_side: int | None = None) -> Image.Image:
    """Return the fully decoded image, or raise ValidationError. Leaves `file` rewound.

    With `max_side`, a JPEG whose long side is at least twice that is decoded at 1/2, 1/4 or
    1/8 scale, never below max_side on its long side: the caller shrinks it the rest of the way
    (`normalize_image(..., max_side=...)`). Every byte is still decoded, so a damaged file is
    still refused; other formats cannot decode at reduced scale and come back full size.
    """
    data = _read_at_most(file, MAX_IMAGE_BYTES)
    if len(data) > MAX_IMAGE_BYTES:
        raise ValidationError(
            _("The photo is larger than %(max_mb)s MB."),
            code="image_too_large",
            params={"max_mb": format_megabytes(MAX_IMAGE_BYTES)},
        )
    # Pillow's WebP reader allocates the whole canvas when it opens the file, before the
    # check below could see the size: read it from the header first.
    webp_size = _webp_canvas_size(data)
    if webp_size and webp_size[0] * webp_size[1] > MAX_IMAGE_PIXELS:
        raise _too_many_pixels_error()
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
    if max_side is not None and isinstance(img, JpegImagePlugin.JpegImageFile):
        img.draft(None, _size_within(img.size, max_side))
    try:
        img.load()
    except Exception:
        raise _damaged_error() from None
    return img


def normalize_image(img: Image.Image, *, max_side: int | None = None) -> Image.Image:
    """Upright, RGB, sRGB, and free of metadata (EXIF, GPS, XMP, ICC, comments); with
    `max_side`, at most that many pixels on its long side.

    The shrinking comes first, so turning, colour conversion and flattening work on the small
    image and a 60 MP photo never has a second full-size copy.
    """
    icc_profile = img.info.get("icc_profile")
    if img.mode in ("I", "I;16", "I;16B", "I;16L"):
        # 16-bit greyscale: scale down, or convert() would clip almost everything to white.
        img = img.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    if max_side is not None and max(img.size) > max_side:
        if img.mode in ("1", "P", "PA") or (
            img.has_transparency_data and img.mode not in ("RGBA", "LA")
        ):
            # Palettes and colour-key transparency do not survive resampling; an alpha does.
            img = img.convert("RGBA" if img.has_transparency_data else "RGB")
        img = fit_within(img, max_side)  # keeps `info`: the EXIF orientation, the ICC profile
    img = ImageOps.exif_transpose(img)
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
    """Progressive (it shows early on a slow connection). libjpeg-turbo always computes
    optimal Huffman tables for a progressive file, so `optimize` would cost nothing and add
    nothing: it is left out."""
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", quality=quality, progressive=True)
    return buffer.getvalue()


def encode_png(img: Image.Image) -> bytes:
    buffer = io.BytesIO()
    img.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def encode_webp(img: Image.Image, *, quality: int = 80) -> bytes:
    buffer = io.BytesIO()
    img.save(buffer, "WEBP", quality=quality, method=WEBP_METHOD)
    return buffer.getvalue()


def fit_within(img: Image.Image, max_side: int) -> Image.Image:
    """Scale down so the long side is at most `max_side`, keeping the aspect ratio; a smaller
    image is returned as is."""
    if max(img.size) <= max_side:
        return img
    return _resample(img, _size_within(img.size, max_side))


def resize_to_width(img: Image.Image, width: int) -> Image.Image:
    """Scale down to `width`, keeping the aspect ratio; a narrower image is returned as is."""
    if img.width <= width:
        return img
    height = max(1, round(img.height * width / img.width))
    return _resample(img, (width, height))


def resize_chain(img: Image.Image, widths) -> Iterator[tuple[int, Image.Image]]:
    """(width, image) for each of `widths`, widest first, each made from the one before rather
    than from `img`: a step of 2× or less costs a fraction of one from the full-size picture.
    Never upscales: a width at or above the image's own gives the image as it is."""
    for width in sorted(set(widths), reverse=True):
        img = resize_to_width(img, width)
        yield width, img


def _resample(img: Image.Image, size: tuple[int, int]) -> Image.Image:
    # Bicubic: within 47-50 dB PSNR of Lanczos on the bench's photos (no visible difference)
    # at two thirds of its time. reducing_gap: a whole-factor box reduce first when the scale
    # is 6× or more, then bicubic over the last 3× or less.
    return img.resize(size, Image.Resampling.BICUBIC, reducing_gap=3.0)


def _size_within(size: tuple[int, int], max_side: int) -> tuple[int, int]:
    width, height = size
    scale = min(1.0, max_side / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


class ImageFormField(forms.FileField):
    """A photo upload; the cleaned file carries the normalized image as `.image`, at most
    `max_side` pixels on its long side (MASTER_MAX_SIDE unless told; None keeps full size and
    full-size memory)."""

    def __init__(self, *, max_side: int | None = MASTER_MAX_SIDE, **kwargs: Any) -> None:
        self.max_side = max_side
        super().__init__(**kwargs)

    def to_python(self, data: UploadedFile | None) -> UploadedFile | None:
        uploaded = super().to_python(data)
        if uploaded is None:
            return None
        uploaded.image = normalize_image(
            open_image(uploaded, max_side=self.max_side), max_side=self.max_side
        )
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


def _webp_canvas_size(data: bytes) -> tuple[int, int] | None:
    """The width and height a WebP file's header declares, or None for anything else."""
    if len(data) < 30 or data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        return None
    chunk = data[12:16]
    if chunk == b"VP8X":  # extended: the canvas, 24-bit sizes minus one
        return (
            int.from_bytes(data[24:27], "little") + 1,
            int.from_bytes(data[27:30], "little") + 1,
        )
    if chunk == b"VP8L" and data[20] == 0x2F:  # lossless: 14-bit sizes minus one
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8 " and data[23:26] == b"\x9d\x01\x2a":  # lossy key frame
        width = int.from_bytes(data[26:28], "little") & 0x3FFF
        return width, int.from_bytes(data[28:30], "little") & 0x3FFF
    return None


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
