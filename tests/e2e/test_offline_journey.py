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
from tests.news.conftest import bulk_public

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
    chosen = time.monotonic()
    write_article_with_photo(page, photo)
    page.wait_for_selector("form[data-photo-prepared]", state="attached", timeout=60_000)
    shrinking = time.monotonic() - chosen
    with uploads_counted() as sent:
        started = time.monotonic()
        page.locator("button[name=submit]").click()
        page.wait_for_url("**/berita/naskah/*/", timeout=400_000)
        seconds = time.monotonic() - started
    context.close()

    report(
        capsys,
        f"photo {len(photo)} bytes; form opened, typed, photo shrunk in {shrinking:.1f} s; "
        f"sent {sent} bytes in {seconds:.1f} s "
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


def wait_in_page(page, expression: str, seconds: float = 20) -> None:
    """Until `expression` is true in the page (polled from here: the page's CSP forbids the
    evaluated strings of `page.wait_for_function`)."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        page.wait_for_timeout(200)


def wait_for_service_worker(page) -> None:
    """Until the service worker controls the page (later navigations go through it). A page
    that started loading while the worker was still installing stays uncontrolled: reload it."""
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    if not page.evaluate("navigator.serviceWorker.controller !== null"):
        page.reload()
    wait_in_page(page, "navigator.serviceWorker.controller !== null")


def draft_status_says(page, words: str, seconds: float = 20) -> None:
    status = page.locator("[data-draft-status]")
    deadline = time.monotonic() + seconds
    while words not in status.inner_text():
        assert time.monotonic() < deadline, f"the status says {status.inner_text()!r}"
        page.wait_for_timeout(200)


def editor_text(page) -> str:
    return page.locator("[contenteditable=true].ProseMirror").inner_text()


def type_at_end(page, text: str) -> None:
    page.locator("[contenteditable=true].ProseMirror").click()
    page.keyboard.press("Control+End")
    page.keyboard.type(text)


def wait_until(check, seconds: float = 60) -> None:
    # The retry backs off up to 30 s between attempts when no "online" event arrives.
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def test_a_draft_typed_offline_and_reloaded_reaches_the_server_once(browser, live_server, anggota):
    context = open_context(browser, live_server)
    page = context.new_page()
    log_in(page, anggota.email)
    page.goto("/berita/tulis/")
    wait_for_service_worker(page)
    page.reload()  # through the service worker: kept for reopening offline
    page.fill("input[name=title]", "Pasar murah di Tingkir")
    type_at_end(page, "Bagian pertama ditulis dengan sinyal.")
    wait_until(lambda: Article.objects.filter(body__contains="pertama").exists())
    draft_status_says(page, "Tersimpan")  # the server's answer has reached the page too

    context.set_offline(True)
    type_at_end(page, " Bagian kedua tanpa sinyal.")
    page.fill("textarea[name=summary]", "Ringkasan ditulis luring.")
    draft_status_says(page, "Luring")
    page.reload()
    assert "Bagian kedua tanpa sinyal." in editor_text(page)
    type_at_end(page, " Bagian ketiga setelah dimuat ulang.")
    page.wait_for_timeout(2500)

    context.set_offline(False)
    wait_until(lambda: Article.objects.filter(body__contains="ketiga").exists())
    article = Article.objects.get()
    assert article.author == anggota
    assert article.summary == "Ringkasan ditulis luring."
    for part in ("pertama", "kedua", "ketiga"):
        assert article.body.count(part) == 1
    draft_status_says(page, "Tersimpan")
    context.close()


def test_an_interrupted_photo_upload_is_retried_by_itself(browser, live_server, anggota):
    context = open_context(browser, live_server, service_workers="block")
    page = context.new_page()
    log_in(page, anggota.email)
    attempts = []

    def cut_the_first_upload(route):
        attempts.append(route.request.url)
        if len(attempts) == 1:
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route(
        lambda url: "/berita/" in url and "/simpan/" not in url,
        lambda route: (
            cut_the_first_upload(route) if route.request.method == "POST" else route.continue_()
        ),
    )
    write_article_with_photo(page, twelve_megapixel_photo())
    page.wait_for_selector("form[data-photo-prepared]", state="attached", timeout=60_000)
    page.locator("button[name=submit]").click()
    page.wait_for_url("**/berita/naskah/*/", timeout=60_000)
    context.close()

    assert len(attempts) == 2
    article = Article.objects.get()
    assert article.state == Article.State.KIM_REVIEW
    assert article.photo is not None


def test_a_reader_opens_recent_articles_offline_and_gets_the_offline_page_for_others(
    browser, live_server, kim, anggota
):
    articles = bulk_public(4, author=anggota, kim=kim)
    context = open_context(browser, live_server)
    page = context.new_page()
    page.goto("/")
    wait_for_service_worker(page)
    for article in articles[:3]:
        page.goto(article.get_absolute_url())

    context.set_offline(True)
    for article in articles[:3]:
        page.goto(article.get_absolute_url())
        assert page.locator("h1").inner_text() == article.title
    page.goto(articles[3].get_absolute_url())
    assert page.locator("h1").inner_text() == "Anda sedang luring"
    context.close()


CACHED_ENTRIES = """async () => {
  const entries = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      entries.push({cache: name, url: request.url, body: await response.text()});
    }
  }
  return entries;
}"""


def test_after_logout_nothing_personal_is_kept_on_the_phone(browser, live_server, kim, anggota):
    bulk_public(1, author=anggota, kim=kim)
    context = open_context(browser, live_server)
    page = context.new_page()
    log_in(page, anggota.email)
    wait_for_service_worker(page)
    page.goto("/berita/tulis/")
    page.fill("input[name=title]", "Catatan pribadi")
    page.goto("/berita/")
    entries = page.evaluate(CACHED_ENTRIES)
    assert any(entry["url"].endswith("/berita/tulis/") for entry in entries)
    # Pages built for a signed-in reader are never kept.
    assert not any(entry["url"].endswith("/berita/") for entry in entries)

    with page.expect_navigation():
        page.locator("form[action='/accounts/logout/']").evaluate("form => form.requestSubmit()")
    page.wait_for_load_state()
    entries = page.evaluate(CACHED_ENTRIES)
    assert not any(
        anggota.email in entry["body"] or anggota.full_name in entry["body"] for entry in entries
    )
    assert not any(entry["url"].endswith("/berita/tulis/") for entry in entries)
    assert page.evaluate("Object.keys(localStorage)") == []
    context.close()
