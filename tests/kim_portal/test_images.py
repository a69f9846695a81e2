import io
import os
import struct
import zlib
from unittest import mock

import pillow_heif
import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, ImageCms

from kim_portal import images
from kim_portal.images import (
    MASTER_MAX_SIDE,
    ImageFormField,
    encode_jpeg,
    encode_webp,
    fit_within,
    normalize_image,
    open_image,
    resize_chain,
    resize_to_width,
)
from tests.conftest import image_bytes

pytestmark = pytest.mark.usefixtures("english")


HEIC_ENCODER_AVAILABLE = bool(pillow_heif.libheif_info().get("HEIF"))

MAKER_EXIF = Image.Exif()
MAKER_EXIF[ExifTags.Base.Make] = "Samsung"


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def phone_photo_with_gps() -> bytes:
    """A 40×20 JPEG, left half red, stored sideways (orientation 6) with a GPS position."""
    img = Image.new("RGB", (40, 20), "blue")
    img.paste("red", (0, 0, 20, 20))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "Apple"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "S"
    gps[ExifTags.GPS.GPSLatitude] = (7.0, 19.0, 48.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (110.0, 30.0, 0.0)
    return image_bytes("JPEG", image=img, exif=exif, comment=b"secret note")


def noise(width: int, height: int) -> Image.Image:
    return Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))


def png_declaring(width: int, height: int) -> bytes:
    """A few hundred bytes whose header claims width × height; the pixel data is nonsense."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        checksum = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", checksum)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 100))
        + chunk(b"IEND", b"")
    )


def jpeg_declaring(width: int, height: int) -> bytes:
    """A small real JPEG whose frame header (SOF0) claims width × height."""
    jpeg = bytearray(image_bytes("JPEG", (16, 16), "red"))
    sof = jpeg.index(b"\xff\xc0")
    jpeg[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(jpeg)


@pytest.fixture(scope="module")
def sixty_megapixels() -> bytes:
    """A 60 MP (8944 × 6708) phone JPEG, stored sideways (orientation 6) with a GPS position:
    the left half dark, the rest light. Greyscale at low quality, so it is made in a blink."""
    img = Image.new("L", (8944, 6708), 220)
    img.paste(20, (0, 0, 4472, 6708))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "Samsung"
    exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitude] = (7.0, 19.0, 48.0)
    return image_bytes("JPEG", image=img, exif=exif, quality=30)


def assert_refused(content: bytes, name: str, code: str) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        open_image(upload(name, content))
    assert caught.value.code == code
    return caught.value


# Accepted formats


def test_phone_photo_is_rotated_and_loses_exif_and_gps():
    original = Image.open(io.BytesIO(phone_photo_with_gps()))
    assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the sample really carries GPS

    img = normalize_image(open_image(upload("IMG_0001.jpg", phone_photo_with_gps())))

    assert img.size == (20, 40)
    assert img.info == {}
    for output in (encode_jpeg(img), encode_webp(img)):
        reopened = Image.open(io.BytesIO(output))
        assert not reopened.getexif()
        assert not reopened.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert "exif" not in reopened.info
        assert "comment" not in reopened.info
        assert reopened.size == (20, 40)
        assert b"Apple" not in output
        assert b"secret note" not in output


def test_rotation_puts_the_left_of_the_sensor_on_top():
    img = normalize_image(open_image(upload("IMG_0001.jpg", phone_photo_with_gps())))

    # Orientation 6 is a 90° clockwise turn: the red left half ends up at the top.
    red, green, blue = img.getpixel((10, 5))
    assert red > 200 and blue < 60


def test_png_transparency_is_flattened_onto_white():
    img = Image.new("RGBA", (10, 10), (0, 0, 0, 0))
    img.putpixel((0, 0), (255, 0, 0, 255))

    normalized = normalize_image(open_image(upload("logo.png", image_bytes("PNG", image=img))))

    assert normalized.mode == "RGB"
    assert normalized.getpixel((5, 5)) == (255, 255, 255)
    assert normalized.getpixel((0, 0)) == (255, 0, 0)


def test_palette_png_with_transparency_is_flattened_onto_white():
    img = Image.new("RGBA", (10, 10), (0, 0, 0, 0)).convert("P")

    normalized = normalize_image(open_image(upload("logo.png", image_bytes("PNG", image=img))))

    assert normalized.getpixel((5, 5)) == (255, 255, 255)


def test_webp_is_accepted():
    img = open_image(upload("photo.webp", image_bytes("WEBP", (30, 20), "green")))

    assert img.format == "WEBP"
    assert normalize_image(img).size == (30, 20)


@pytest.mark.skipif(
    not HEIC_ENCODER_AVAILABLE, reason="pillow_heif was built without a HEVC (x265) encoder"
)
def test_iphone_heic_is_accepted_and_loses_exif_and_gps():
    pillow_heif.register_heif_opener()  # Registered by kim_portal.images; makes save() work too.
    exif = Image.Exif()
    # In HEIF the container's own transforms rotate the picture; the EXIF tag must not
    # rotate it a second time.
    exif[ExifTags.Base.Orientation] = 6
    exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitude] = (7.0, 19.0, 48.0)
    heic = image_bytes("HEIF", (64, 48), "orange", exif=exif, quality=90)

    img = open_image(upload("IMG_0002.HEIC", heic))

    assert img.format == "HEIF"
    normalized = normalize_image(img)
    assert normalized.mode == "RGB"
    assert normalized.size == (64, 48)
    assert normalized.info == {}
    reopened = Image.open(io.BytesIO(encode_jpeg(normalized)))
    assert not reopened.getexif()
    assert not reopened.getexif().get_ifd(ExifTags.IFD.GPSInfo)


@pytest.mark.skipif(
    not HEIC_ENCODER_AVAILABLE, reason="pillow_heif was built without a HEVC (x265) encoder"
)
def test_a_heic_shrunk_before_turning_is_still_turned_only_once():
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    heic = image_bytes("HEIF", (64, 48), "orange", exif=exif, quality=90)

    normalized = normalize_image(open_image(upload("IMG_0002.HEIC", heic)), max_side=32)

    assert normalized.size == (32, 24)
    assert normalized.info == {}


def test_cmyk_jpeg_becomes_rgb():
    cmyk = image_bytes("JPEG", image=Image.new("CMYK", (10, 10), (0, 255, 255, 0)))

    assert normalize_image(open_image(upload("print.jpg", cmyk))).mode == "RGB"


def test_sixteen_bit_greyscale_keeps_its_tone():
    grey = image_bytes("PNG", image=Image.new("I;16", (10, 10), 32768))

    red, green, blue = normalize_image(open_image(upload("scan.png", grey))).getpixel((0, 0))

    assert 120 < red < 136 and red == green == blue


def test_colour_profile_is_dropped_after_conversion_to_srgb():
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    jpeg = image_bytes("JPEG", (10, 10), "red", icc_profile=srgb)

    normalized = normalize_image(open_image(upload("photo.jpg", jpeg)))

    assert "icc_profile" not in normalized.info
    assert "icc_profile" not in Image.open(io.BytesIO(encode_jpeg(normalized))).info


def test_open_image_rewinds_the_file():
    file = upload("photo.webp", image_bytes("WEBP", (5, 5)))
    file.read(3)

    open_image(file)

    assert file.tell() == 0


# Refused files


def test_pdf_named_jpg_is_refused():
    error = assert_refused(b"%PDF-1.4\n%%EOF\n", "photo.jpg", "invalid_image_type")

    assert error.messages == ["The photo must be a JPEG, PNG, WebP or HEIC image."]


def test_gif_is_refused():
    assert_refused(image_bytes("GIF", (5, 5)), "photo.gif", "invalid_image_type")


def test_svg_named_png_is_refused():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'

    assert_refused(svg, "photo.png", "invalid_image_type")


def test_truncated_jpeg_is_refused():
    jpeg = image_bytes("JPEG", image=noise(200, 200))

    error = assert_refused(jpeg[: len(jpeg) // 2], "photo.jpg", "damaged_image")

    assert error.messages == ["The photo file is damaged or incomplete."]


def test_decompression_bomb_is_refused_from_its_header():
    # 400 megapixels: Pillow itself refuses to open this.
    assert_refused(png_declaring(20_000, 20_000), "bomb.png", "image_too_many_pixels")


def test_image_over_the_pixel_limit_is_refused_before_decoding():
    # 61 megapixels, under Pillow's own limit; the pixel data is garbage, so only a check
    # made before decoding can report the size instead of damage.
    error = assert_refused(png_declaring(9000, 6800), "huge.png", "image_too_many_pixels")

    assert error.messages == ["The photo has more than 60 megapixels."]


def test_a_61_megapixel_jpeg_is_refused_from_its_header():
    jpeg = jpeg_declaring(9000, 6800)

    error = assert_refused(jpeg, "IMG_0003.jpg", "image_too_many_pixels")

    assert error.messages == ["The photo has more than 60 megapixels."]


@pytest.mark.parametrize(
    ("kind", "params"),
    [("lossy", {}), ("lossless", {"lossless": True}), ("extended", {"exif": MAKER_EXIF})],
)
def test_a_61_megapixel_webp_is_refused_before_pillow_allocates_its_canvas(kind, params):
    webp = bytearray(image_bytes("WEBP", (16, 16), "red", **params))
    chunk = bytes(webp[12:16])
    assert chunk == {"lossy": b"VP8 ", "lossless": b"VP8L", "extended": b"VP8X"}[kind]
    if chunk == b"VP8X":
        webp[24:30] = (9000 - 1).to_bytes(3, "little") + (6800 - 1).to_bytes(3, "little")
    elif chunk == b"VP8L":
        bits = int.from_bytes(webp[21:25], "little") & ~((1 << 28) - 1)
        webp[21:25] = (bits | (9000 - 1) | (6800 - 1) << 14).to_bytes(4, "little")
    else:
        webp[26:30] = (9000).to_bytes(2, "little") + (6800).to_bytes(2, "little")
    assert images._webp_canvas_size(bytes(webp)) == (9000, 6800)

    with mock.patch.object(Image, "open", side_effect=AssertionError("opened")):
        assert_refused(bytes(webp), f"{kind}.webp", "image_too_many_pixels")


def test_the_webp_header_size_matches_pillows():
    for params in ({}, {"lossless": True}, {"exif": MAKER_EXIF}):
        webp = image_bytes("WEBP", (37, 21), "red", **params)

        assert images._webp_canvas_size(webp) == Image.open(io.BytesIO(webp)).size == (37, 21)


def test_the_pixel_limit_is_explained_in_indonesian():
    from django.utils import translation

    with translation.override("id"):
        error = assert_refused(jpeg_declaring(9000, 6800), "IMG_0003.jpg", "image_too_many_pixels")

        assert error.messages == ["Resolusi foto lebih dari 60 megapiksel."]


# Large photos


def test_a_60_megapixel_jpeg_is_decoded_at_half_scale(sixty_megapixels):
    img = open_image(upload("IMG_0004.jpg", sixty_megapixels), max_side=MASTER_MAX_SIDE)

    # 1/2 is the smallest scale that keeps 2560 px on the long side (1/4 would be 2236).
    assert img.size == (4472, 3354)


def test_a_60_megapixel_jpeg_becomes_an_upright_master_without_metadata(sixty_megapixels):
    img = normalize_image(
        open_image(upload("IMG_0004.jpg", sixty_megapixels), max_side=MASTER_MAX_SIDE),
        max_side=MASTER_MAX_SIDE,
    )

    assert img.size == (1920, 2560)  # turned upright, long side capped
    assert img.mode == "RGB"
    assert img.info == {}
    assert img.getpixel((960, 100))[0] < 60  # the dark left half of the sensor is on top
    assert img.getpixel((960, 2460))[0] > 180
    reopened = Image.open(io.BytesIO(encode_jpeg(img)))
    assert not reopened.getexif()
    assert b"Samsung" not in encode_jpeg(img)


def test_the_form_field_hands_over_at_most_the_master_size(sixty_megapixels):
    form = PhotoForm(files={"photo": upload("IMG_0004.jpg", sixty_megapixels)})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["photo"].image.size == (1920, 2560)


def test_the_form_field_can_keep_full_size():
    field = ImageFormField(max_side=None)

    cleaned = field.clean(upload("scan.jpg", image_bytes("JPEG", (3000, 200), "white")))

    assert cleaned.image.size == (3000, 200)


def test_without_max_side_a_jpeg_is_decoded_full_size():
    img = open_image(upload("photo.jpg", image_bytes("JPEG", (3000, 2000), "white")))

    assert img.size == (3000, 2000)


def test_a_small_jpeg_is_not_decoded_at_reduced_scale():
    # 4000 px: half would be 2000, less than the 2560 kept, so it decodes full size.
    img = open_image(
        upload("photo.jpg", image_bytes("JPEG", (4000, 300), "white")), max_side=MASTER_MAX_SIDE
    )

    assert img.size == (4000, 300)


def test_a_truncated_jpeg_is_refused_at_reduced_scale_too():
    jpeg = image_bytes("JPEG", image=noise(1600, 1200))

    with pytest.raises(ValidationError) as caught:
        open_image(upload("photo.jpg", jpeg[: len(jpeg) // 2]), max_side=400)

    assert caught.value.code == "damaged_image"


def test_a_large_transparent_png_is_shrunk_and_flattened_onto_white():
    img = Image.new("RGBA", (3000, 1500), (0, 0, 0, 0))
    img.paste((255, 0, 0, 255), (0, 0, 1500, 1500))

    normalized = normalize_image(
        open_image(upload("logo.png", image_bytes("PNG", image=img))), max_side=1000
    )

    assert normalized.size == (1000, 500)
    assert normalized.getpixel((250, 250)) == (255, 0, 0)
    assert normalized.getpixel((750, 250)) == (255, 255, 255)


def test_a_large_palette_png_is_shrunk_in_colour_not_by_nearest_index():
    img = Image.new("RGB", (2000, 1000), "white")
    img.paste("blue", (0, 0, 1000, 1000))

    normalized = normalize_image(img.convert("P"), max_side=500)

    assert normalized.size == (500, 250)
    assert normalized.getpixel((100, 100)) == (0, 0, 255)
    # Resampled, not picked: the border between the halves blends.
    assert normalized.getpixel((250, 100)) not in ((0, 0, 255), (255, 255, 255))


def test_a_large_sixteen_bit_scan_is_shrunk_and_keeps_its_tone():
    grey = Image.new("I;16", (2000, 1000), 32768)

    red, green, blue = normalize_image(grey, max_side=500).getpixel((100, 100))

    assert 120 < red < 136 and red == green == blue


def test_a_large_cmyk_jpeg_is_shrunk_to_rgb():
    cmyk = image_bytes("JPEG", image=Image.new("CMYK", (3000, 1000), (0, 255, 255, 0)))

    normalized = normalize_image(open_image(upload("print.jpg", cmyk), max_side=600), max_side=600)

    assert normalized.size == (600, 200)
    assert normalized.mode == "RGB"


def test_shrinking_keeps_the_orientation_to_apply():
    img = normalize_image(
        open_image(upload("IMG_0001.jpg", phone_photo_with_gps()), max_side=20), max_side=20
    )

    assert img.size == (10, 20)
    red, green, blue = img.getpixel((5, 3))
    assert red > 200 and blue < 60


def test_a_sideways_webp_shrunk_before_turning_still_turns():
    img = Image.new("RGB", (400, 200), "blue")
    img.paste("red", (0, 0, 200, 200))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    webp = image_bytes("WEBP", image=img, exif=exif, lossless=True)

    normalized = normalize_image(open_image(upload("photo.webp", webp)), max_side=100)

    assert normalized.size == (50, 100)
    red, green, blue = normalized.getpixel((25, 20))
    assert red > 200 and blue < 60
    assert normalized.info == {}


def test_file_over_the_size_limit_is_refused(monkeypatch):
    monkeypatch.setattr(images, "MAX_IMAGE_BYTES", 1024 * 1024)
    png = image_bytes("PNG", image=noise(700, 700))
    assert len(png) > 1024 * 1024

    error = assert_refused(png, "photo.png", "image_too_large")

    assert error.messages == ["The photo is larger than 1 MB."]


def test_empty_file_is_refused():
    assert_refused(b"", "photo.jpg", "invalid_image_type")


# Renditions


def test_resize_to_width_keeps_the_aspect_ratio():
    resized = resize_to_width(Image.new("RGB", (2000, 1000)), 960)

    assert resized.size == (960, 480)


def test_resize_to_width_never_upscales():
    img = Image.new("RGB", (400, 300))

    assert resize_to_width(img, 1600).size == (400, 300)


def test_fit_within_caps_the_long_side():
    assert fit_within(Image.new("RGB", (4000, 3000)), 2560).size == (2560, 1920)
    assert fit_within(Image.new("RGB", (3000, 4000)), 2560).size == (1920, 2560)
    small = Image.new("RGB", (800, 600))
    assert fit_within(small, 2560) is small


def test_resize_chain_makes_each_width_from_the_one_before(monkeypatch):
    sources = []
    original = images.resize_to_width

    def spy(img, width):
        sources.append(img.width)
        return original(img, width)

    monkeypatch.setattr(images, "resize_to_width", spy)

    chain = list(resize_chain(Image.new("RGB", (2560, 1920)), [480, 960, 1600]))

    assert [(width, img.size) for width, img in chain] == [
        (1600, (1600, 1200)),
        (960, (960, 720)),
        (480, (480, 360)),
    ]
    assert sources == [2560, 1600, 960]


def test_resize_chain_never_upscales():
    img = Image.new("RGB", (700, 350))

    chain = list(resize_chain(img, [480, 700]))

    assert [(width, resized.size) for width, resized in chain] == [
        (700, (700, 350)),
        (480, (480, 240)),
    ]


def test_every_rendition_width_encodes():
    img = normalize_image(
        open_image(upload("photo.jpg", image_bytes("JPEG", image=noise(1700, 900))))
    )

    widths = [
        Image.open(io.BytesIO(encode_webp(resize_to_width(img, width)))).width
        for width in images.RENDITION_WIDTHS
    ]

    assert widths == [480, 960, 1600]


def test_jpeg_is_progressive():
    jpeg = encode_jpeg(Image.new("RGB", (50, 50), "red"))

    assert Image.open(io.BytesIO(jpeg)).info.get("progressive")


# Form field


class PhotoForm(forms.Form):
    photo = ImageFormField()


def test_form_shows_the_error_for_a_bad_file():
    form = PhotoForm(files={"photo": upload("photo.jpg", b"%PDF-1.7\n%%EOF")})

    assert not form.is_valid()
    assert form.errors["photo"] == ["The photo must be a JPEG, PNG, WebP or HEIC image."]


def test_form_attaches_the_normalized_image():
    form = PhotoForm(files={"photo": upload("IMG_0001.jpg", phone_photo_with_gps())})

    assert form.is_valid(), form.errors
    photo = form.cleaned_data["photo"]
    assert photo.image.size == (20, 40)
    assert photo.image.mode == "RGB"
    assert photo.image.info == {}
    assert photo.tell() == 0


def test_form_without_a_file_is_required():
    form = PhotoForm(files={})

    assert not form.is_valid()
    assert "photo" in form.errors


def test_form_widget_accepts_heic_from_iphones():
    html = str(PhotoForm()["photo"])

    assert 'accept="image/jpeg,image/png,image/webp,image/heic,image/heif,.heic,.heif"' in html
