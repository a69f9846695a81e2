"""Featured photos: stored clean, rendered with srcset, refused clearly when they are not photos."""

import io

import pillow_heif
import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse
from PIL import ExifTags, Image

from kim_portal.images import ImageFormField
from kim_portal.photos import make_renditions, photo_create, rendition_widths
from news import services
from tests.conftest import image_bytes
from tests.news.conftest import bulk_public

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def phone_photo(width=1200, height=600) -> bytes:
    """Stored sideways (orientation 6) with a GPS position, as phones do."""
    img = Image.new("RGB", (width, height), "blue")
    img.paste("red", (0, 0, width // 2, height))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "S"
    gps[ExifTags.GPS.GPSLatitude] = (7.0, 19.0, 48.0)
    return image_bytes("JPEG", image=img, exif=exif)


def cleaned_upload(name: str, content: bytes):
    return ImageFormField().clean(SimpleUploadedFile(name, content))


def stored(name: str) -> Image.Image:
    from django.core.files.storage import default_storage

    with default_storage.open(name) as file:
        img = Image.open(io.BytesIO(file.read()))
        img.load()
    return img


def test_the_master_and_every_rendition_have_no_gps_and_stand_upright(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        photo = photo_create(image=cleaned_upload("iphone.jpg", phone_photo()))
    photo.refresh_from_db()
    # Rotated: 1200×600 stored sideways is a 600×1200 portrait.
    assert (photo.width, photo.height) == (600, 1200)
    master = stored(photo.original.name)
    assert master.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}
    assert not master.getexif()
    assert master.getpixel((5, 5))[0] > 200  # the red half is now on top
    names = [name for sizes in photo.renditions.values() for name in sizes.values()]
    assert sorted(photo.renditions, key=int) == ["480", "600"]
    assert len(names) == 4
    for name in names:
        rendition = stored(name)
        assert not rendition.getexif()
        assert rendition.width <= 600


def test_renditions_never_upscale():
    assert rendition_widths(2000) == [480, 960, 1600]
    assert rendition_widths(700) == [480, 700]
    assert rendition_widths(300) == [300]


def test_make_renditions_writes_webp_and_jpeg_per_width():
    photo = photo_create(image=Image.new("RGB", (2000, 1000), "green"))
    make_renditions.call(photo.pk)
    photo.refresh_from_db()
    assert sorted(photo.renditions, key=int) == ["480", "960", "1600"]
    assert stored(photo.renditions["960"]["webp"]).format == "WEBP"
    assert stored(photo.renditions["960"]["jpeg"]).size == (960, 480)


def test_the_picture_include_offers_webp_and_jpeg_srcsets():
    photo = photo_create(image=Image.new("RGB", (1000, 500), "green"))
    make_renditions.call(photo.pk)
    photo.refresh_from_db()
    html = render_to_string(
        "includes/_picture.html", {"photo": photo, "alt": "Kerja bakti", "sizes": "100vw"}
    )
    assert '<source type="image/webp" srcset="' in html
    assert "-480.webp 480w" in html and "-960.jpg 960w" in html
    assert 'width="1000" height="500"' in html
    assert 'alt="Kerja bakti"' in html and 'loading="lazy"' in html


def test_a_heic_photo_is_accepted_and_stored_as_jpeg():
    if not pillow_heif.libheif_info().get("HEIF"):
        pytest.skip("libheif has no HEIC encoder here")
    heif = pillow_heif.from_pillow(Image.new("RGB", (64, 48), "orange"))
    buffer = io.BytesIO()
    heif.save(buffer, quality=80)
    photo = photo_create(image=cleaned_upload("IMG_0001.HEIC", buffer.getvalue()))
    assert stored(photo.original.name).format == "JPEG"
    assert (photo.width, photo.height) == (64, 48)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.jpg", b"MZ\x90\x00 not an image at all", "must be a JPEG, PNG, WebP or HEIC"),
        (
            "anim.gif",
            image_bytes("GIF", (8, 8)),
            "must be a JPEG, PNG, WebP or HEIC",
        ),
        (
            "cut.jpg",
            image_bytes("JPEG", (200, 200), "red")[:300],
            "damaged",
        ),
    ],
)
def test_bad_files_get_a_clear_error(name, content, message):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match=message):
        cleaned_upload(name, content)


def test_a_decompression_bomb_is_refused():
    from django.core.exceptions import ValidationError

    # A tiny PNG that has 64 million pixels.
    bomb = image_bytes("PNG", image=Image.new("1", (8000, 8000)))
    with pytest.raises(ValidationError, match="megapixels"):
        cleaned_upload("bomb.png", bomb)


# Large photos: the master is capped, the renditions are chained.


def sixty_megapixel_photo() -> bytes:
    """8944 × 6708, stored sideways with a GPS position: the left half of the sensor dark."""
    img = Image.new("L", (8944, 6708), 220)
    img.paste(20, (0, 0, 4472, 6708))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitude] = (7.0, 19.0, 48.0)
    return image_bytes("JPEG", image=img, exif=exif, quality=30)


def test_a_60_megapixel_photo_is_stored_upright_at_2560_with_chained_renditions(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        photo = photo_create(image=cleaned_upload("IMG_0005.jpg", sixty_megapixel_photo()))
    photo.refresh_from_db()

    assert (photo.width, photo.height) == (1920, 2560)
    master = stored(photo.original.name)
    assert master.size == (1920, 2560)
    assert not master.getexif()
    assert master.getpixel((960, 100))[0] < 60  # the dark half is on top
    assert sorted(photo.renditions, key=int) == ["480", "960", "1600"]
    for width, names in photo.renditions.items():
        height = round(2560 * int(width) / 1920)
        assert stored(names["jpeg"]).size == (int(width), height)
        webp = stored(names["webp"])
        assert (webp.format, webp.size) == ("WEBP", (int(width), height))
        assert not webp.getexif()


def test_a_large_file_given_to_photo_create_is_capped_too():
    photo = photo_create(image=SimpleUploadedFile("big.jpg", image_bytes("JPEG", (5200, 2600))))

    assert (photo.width, photo.height) == (2560, 1280)
    assert stored(photo.original.name).size == (2560, 1280)


def test_a_large_pil_image_given_to_photo_create_is_capped_too():
    photo = photo_create(image=Image.new("RGB", (1500, 3000), "green"))

    assert (photo.width, photo.height) == (1280, 2560)


def test_a_full_size_master_from_before_the_cap_still_gets_its_renditions():
    from django.core.files.base import ContentFile

    from kim_portal.models import Photo

    photo = Photo(width=4000, height=3000)
    photo.original.save("old.jpg", ContentFile(image_bytes("JPEG", (4000, 3000))), save=False)
    photo.save()
    make_renditions.call(photo.pk)
    photo.refresh_from_db()

    assert sorted(photo.renditions, key=int) == ["480", "960", "1600"]
    assert stored(photo.renditions["1600"]["jpeg"]).size == (1600, 1200)


# Before the worker has made the renditions (TASKS_BACKEND=database), pages show the master.


@pytest.fixture
def waiting_photo():
    """A photo whose renditions task has not run yet."""
    photo = photo_create(image=Image.new("RGB", (1200, 800), (20, 120, 90)))
    assert photo.renditions == {}
    return photo


def test_the_picture_include_shows_the_master_until_the_renditions_exist(waiting_photo):
    html = render_to_string("includes/_picture.html", {"photo": waiting_photo, "alt": "Rapat"})

    assert f'<img src="{waiting_photo.original.url}"' in html
    assert "srcset" not in html and "<source" not in html
    assert 'width="1200" height="800"' in html


def test_share_rendition_is_the_master_until_the_renditions_exist(waiting_photo):
    assert waiting_photo.share_rendition() == (waiting_photo.original.name, 1200, 800)


def test_share_rendition_skips_a_width_without_a_jpeg(waiting_photo):
    waiting_photo.renditions = {"960": {"webp": "x-960.webp"}, "480": {"jpeg": "x-480.jpg"}}

    assert waiting_photo.share_rendition() == ("x-480.jpg", 480, 320)


def test_public_pages_show_the_master_until_the_renditions_exist(client, cast, waiting_photo):
    articles = bulk_public(3, author=cast["author"], kim=cast["kim"], photo=waiting_photo)
    services.article_feature(article=articles[0], actor=cast["redaksi"])
    master = waiting_photo.original.url
    pages = [
        reverse("home"),
        reverse("news:list"),
        articles[1].get_absolute_url(),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        assert f'<img src="{master}"' in content, url
        assert "srcset" not in content, url

    detail = client.get(articles[1].get_absolute_url()).content.decode()
    assert f'<meta property="og:image" content="{settings.SITE_URL}{master}">' in detail
    assert '<meta property="og:image:width" content="1200">' in detail


def test_the_feed_encloses_the_master_until_the_renditions_exist(client, cast, waiting_photo):
    bulk_public(2, author=cast["author"], kim=cast["kim"], photo=waiting_photo)

    feed = client.get(reverse("news:feed")).content.decode()

    assert f'url="{settings.SITE_URL}{default_storage.url(waiting_photo.original.name)}"' in feed
    assert f'length="{waiting_photo.original.size}"' in feed
