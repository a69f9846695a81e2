"""Writing and reading on a weak, patchy connection: photos shrink on the phone, drafts survive
going offline, a failed upload retries by itself, and a reader's recent pages open offline."""

import io
import random
import time
from contextlib import contextmanager

import pytest
from django.core.signals import request_started
from PIL import Image, ImageDraw, ImageFilter

from news.models import Article
from tests.e2e.conftest import PHONE, log_in

pytestmark = pytest.mark.django_db(transaction=True)

# The link of a phone on prepaid data at the edge of coverage.
SLOW_LINK = {
    "offline": False,
    "latency": 400,
    "downloadThroughput": 400_000 / 8,
    "uploadThroughput": 150_000 / 8,
}


def twelve_megapixel_photo() -> bytes:
    """A 4000×3000 JPEG as a phone takes it: held sideways (EXIF orientation 6), with the GPS
    position, the camera's name and photo-like detail (a flat image compresses unrealistically
    well). The stored left edge is red: once turned upright, it is the top."""
    width, height = 4000, 3000
    small = Image.new("RGB", (400, 300))
    pixels = small.load()
    for y in range(300):
        for x in range(400):
            pixels[x, y] = (60 + x * 150 // 400, 90 + y * 120 // 300, 140 - x * 60 // 400)
    img = small.resize((width, height), Image.Resampling.BICUBIC)
    draw = ImageDraw.Draw(img)
    rnd = random.Random(16)
    for _ in range(300):
        x, y, r = rnd.randrange(width), rnd.randrange(height), rnd.randrange(20, 300)
        colour = (rnd.randrange(256), rnd.randrange(256), rnd.randrange(256))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    img = img.filter(ImageFilter.GaussianBlur(3))
    img = Image.blend(img, Image.effect_noise((width, height), 24).convert("RGB"), 0.2)
    ImageDraw.Draw(img).rectangle((0, 0, 399, height), fill=(220, 20, 20))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to show
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(0x8825).update({1: "S", 2: (7.0, 19.0, 48.0), 3: "E", 4: (110.0, 29.0, 36.0)})
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", quality=92, exif=exif)
    return buffer.getvalue()


def open_context(browser, live_server, **options):
    context = browser.new_context(viewport=PHONE, base_url=live_server.url, **options)
    context.set_default_timeout(15_000)
    return context


def throttle(page) -> None:
    session = page.context.new_cdp_session(page)
    session.send("Network.enable")
    session.send("Network.emulateNetworkConditions", SLOW_LINK)


@contextmanager
def uploads_counted():
    """The sizes of the form posts the server received (what the phone sent), as a list."""
    sizes = []

    def count(sender, environ, **kwargs):
        if environ["REQUEST_METHOD"] == "POST" and environ.get("CONTENT_LENGTH"):
            sizes.append(int(environ["CONTENT_LENGTH"]))

    request_started.connect(count)
    try:
        yield sizes
    finally:
        request_started.disconnect(count)


def report(capsys, line: str) -> None:
    with capsys.disabled():
        print(f"\n[offline] {line}")


def write_article_with_photo(page, photo: bytes) -> None:
    page.goto("/berita/tulis/")
    page.fill("input[name=title]", "Kerja bakti di Kali Taman")
    page.fill("textarea[name=summary]", "Warga membersihkan sungai.")
    page.locator("[contenteditable=true].ProseMirror").click()
    page.keyboard.type("Warga membersihkan sungai bersama.")
    page.set_input_files(
        "input[name=photo_file]",
        files=[{"name": "IMG_0001.jpg", "mimeType": "image/jpeg", "buffer": photo}],
    )


def test_a_twelve_megapixel_photo_is_shrunk_on_the_phone_before_upload(
    browser, live_server, anggota, capsys
):
    photo = twelve_megapixel_photo()
    context = open_context(browser, live_server, service_workers="block")
    page = context.new_page()
    log_in(page, anggota.email)
    throttle(page)
    write_article_with_photo(page, photo)
    page.wait_for_selector("form[data-photo-prepared]", state="attached", timeout=60_000)
    with uploads_counted() as sent:
        started = time.monotonic()
        page.locator("button[name=submit]").click()
        page.wait_for_url("**/berita/naskah/*/", timeout=400_000)
        seconds = time.monotonic() - started
    context.close()

    report(
        capsys,
        f"photo {len(photo)} bytes; sent {sent} bytes in {seconds:.1f} s "
        f"({100 * max(sent) / len(photo):.1f} % of the photo)",
    )
    article = Article.objects.get()
    assert max(sent) <= 0.15 * len(photo)
    with article.photo.original.open("rb") as file:
        stored = Image.open(file)
        stored.load()
    assert not stored.getexif()
    assert stored.height > stored.width  # turned upright
    assert max(stored.size) <= 2560
    red, green, _blue = stored.convert("RGB").getpixel((stored.width // 2, 5))
    assert red > 150 and green < 100  # the red edge is on top
