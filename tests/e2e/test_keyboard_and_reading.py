"""Keyboard and reading: skip link, visible focus, errors tied to fields and announced, text at 200 %.

Labels on every input, one h1 and headings in order are checked on every page by test_pages.py;
`lang` and the language switch by test_no_javascript.py.
"""

import pytest

from tests.conftest import make_user
from tests.e2e.axe import assert_axe_clean
from tests.e2e.conftest import PHONE, log_in

pytestmark = pytest.mark.django_db(transaction=True)

# Elements that stick out of the window, ignoring the visually-hidden ones (clipped to 1 px) and
# the skip link while it waits above the top edge.
OUTSIDE_THE_WINDOW = """
() => [...document.body.querySelectorAll("*")]
  .filter(el => {
    const box = el.getBoundingClientRect();
    return box.width > 1 && box.bottom > 0 && (box.right > innerWidth + 1 || box.left < -1);
  })
  .map(el => el.outerHTML.slice(0, 100))
"""

FOCUS_RING = """
() => {
  const el = document.activeElement, style = getComputedStyle(el);
  const ring = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
  const box = el.getBoundingClientRect();
  const seen = box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight + 1;
  return {tag: el.tagName, text: el.textContent.trim().slice(0, 40), ring, seen};
}
"""


def test_the_skip_link_comes_first_shows_itself_and_moves_to_the_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUS_RING)
    assert focused["tag"] == "A" and focused["seen"] and focused["ring"], focused
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"

    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.id === 'main'")
    page.keyboard.press("Tab")
    # The next stop is inside the main content, not back in the header.
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")


def assert_every_stop_shows_a_ring(page) -> list[str]:
    """Tab through the whole page; every stop must show a ring and be on screen. Returns the
    tags and texts of the stops, in order."""
    stops = page.evaluate(
        "document.querySelectorAll('a[href], button, input:not([type=hidden]), select, "
        "textarea, summary, [contenteditable=true]').length"
    )
    visited = []
    for _ in range(stops):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_RING)
        if focused["tag"] == "BODY":
            break
        assert focused["ring"] and focused["seen"], focused
        visited.append(focused["tag"])
    return visited


@pytest.mark.parametrize("logged_in", [False, True], ids=["anonymous", "logged-in"])
def test_every_keyboard_stop_shows_a_visible_focus_ring(page, logged_in):
    if logged_in:
        make_user("fokus@warga.id", "Fokus Warga")
        log_in(page, "fokus@warga.id")
    page.goto("/")
    assert_every_stop_shows_a_ring(page)


def test_the_article_editor_is_reached_named_and_typed_into_by_keyboard(page, kim, anggota):
    log_in(page, anggota.email)
    page.goto("/berita/tulis/")
    editor = page.locator("[contenteditable=true].ProseMirror")
    editor.wait_for()
    # The editing area carries the field's label, as the textarea it replaces did.
    label_id = editor.get_attribute("aria-labelledby")
    assert page.locator(f"label#{label_id}[for=id_body]").count() == 1
    stops = assert_every_stop_shows_a_ring(page)
    assert "DIV" in stops, "the editing area is a keyboard stop"

    # Into the editor by keyboard alone, from the summary field: write and make text bold.
    page.locator("#id_summary").focus()
    while not page.evaluate("document.activeElement.isContentEditable"):
        page.keyboard.press("Tab")
    page.keyboard.type("Kerja bakti ")
    page.keyboard.press("Control+b")
    page.keyboard.type("Minggu pagi")
    assert (
        page.locator("#id_body").input_value() == "<p>Kerja bakti <strong>Minggu pagi</strong></p>"
    )


def test_a_desk_page_is_operable_by_keyboard(page, redaksi):
    from datetime import timedelta

    from django.utils import timezone

    from workshops.models import Event

    start = timezone.now() + timedelta(days=2)
    Event.objects.create(
        title="Forum KIM",
        slug="forum-kim",
        summary="Pertemuan pengurus.",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        venue="Aula",
        status=Event.Status.DRAFT,
    )
    log_in(page, redaksi.email)
    page.goto("/redaksi/agenda/")
    assert_every_stop_shows_a_ring(page)

    # Open the event and publish it with the keyboard alone.
    page.locator("main a[href='/redaksi/agenda/forum-kim/']").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/redaksi/agenda/forum-kim/")
    assert_every_stop_shows_a_ring(page)
    page.locator("main form[action$='/terbitkan/'] button").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert Event.objects.get().status == Event.Status.PUBLISHED


def test_a_failed_log_in_is_announced(page):
    page.goto("/accounts/login/")
    page.fill("input[name=login]", "tidak.ada@warga.id")
    page.fill("input[name=password]", "salah-sandi-123")
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()

    alert = page.get_by_role("alert")
    assert alert.count() == 1
    assert alert.inner_text().strip()


def test_sign_up_errors_are_tied_to_their_fields_and_summarised_in_an_alert(page):
    page.goto("/accounts/signup/")
    page.locator("#id_full_name").fill("Rahmat Hidayat")
    page.fill("input[name=email]", "rahmat@warga.id")
    page.fill("input[name=password1]", "sandi-panjang-sekali-1")
    page.fill("input[name=password2]", "sandi-lain-sekali-2")
    page.locator("input[name=privacy_consent]").check()
    page.locator("main button[type=submit]").click()

    field = page.locator("#id_password2")
    assert field.get_attribute("aria-invalid") == "true"
    described = field.get_attribute("aria-describedby").split()
    messages = [page.locator(f"#{ident}").inner_text().strip() for ident in described]
    assert any(messages), described
    summary = page.get_by_role("alert")
    assert summary.locator("a[href='#id_password2']").count() == 1
    assert_axe_clean(page, "the sign-up form with errors")


def test_profile_errors_are_tied_to_their_fields(page):
    make_user("profil@warga.id", "Profil Warga")
    log_in(page, "profil@warga.id")
    page.goto("/akun/profil/")
    page.locator("#id_full_name").fill("")
    page.get_by_role("button", name="Simpan").click()

    field = page.locator("#id_full_name")
    assert field.get_attribute("aria-invalid") == "true"
    error_id = field.get_attribute("aria-describedby").split()[-1]
    assert page.locator(f"#{error_id}").inner_text().strip()
    assert page.get_by_role("alert").locator("a[href='#id_full_name']").count() == 1
    assert_axe_clean(page, "the profile form with errors")

    # The account menu, opened, is clean too.
    page.locator("header .account-menu summary").click()
    assert_axe_clean(page, "the open account menu")


# Text at 200 %, two ways, on pages with a header, a form and the footer:
# - a desktop browser zoomed to 200 %: 1280×900 device pixels become a 640×450 CSS-pixel window
#   at deviceScaleFactor 2 — exactly what Chromium lays out when zoomed;
# - a phone with its text size at 200 % (Android's font-size setting, Safari's larger text):
#   the 360 px window stays, the root font size doubles (set through the CSSOM, which the
#   CSP allows), and everything in rem grows with it.
# Either way nothing may stick out sideways: no horizontal scrolling and no clipped text.
ZOOM_PAGES = ["/", "/accounts/signup/", "/accounts/login/"]


@pytest.mark.parametrize("path", ZOOM_PAGES)
def test_text_survives_200_percent_zoom(browser, live_server, path):
    zoomed_desktop = browser.new_context(
        viewport={"width": 640, "height": 450}, device_scale_factor=2, base_url=live_server.url
    )
    big_text_phone = browser.new_context(viewport=PHONE, base_url=live_server.url)
    try:
        page = zoomed_desktop.new_page()
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
        assert page.evaluate(OUTSIDE_THE_WINDOW) == []

        page = big_text_phone.new_page()
        page.goto(path)
        page.evaluate("document.documentElement.style.fontSize = '200%'")
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
        assert page.evaluate(OUTSIDE_THE_WINDOW) == []
        # The waiting skip link, two lines tall now, still hides entirely above the window.
        skip = page.locator(".skip-link").bounding_box()
        assert skip["y"] + skip["height"] <= 0, skip
    finally:
        zoomed_desktop.close()
        big_text_phone.close()


def test_the_english_pages_say_lang_en_and_stay_clean(page):
    page.goto("/accounts/signup/")
    with page.expect_navigation():
        page.locator("footer").get_by_role("link", name="English").click()

    assert page.get_attribute("html", "lang") == "en"
    assert page.locator("footer [aria-current=true]").get_attribute("lang") == "en"
    assert (
        page.locator("footer").get_by_role("link", name="Bahasa Indonesia").get_attribute("lang")
        == "id"
    )
    assert_axe_clean(page, "the sign-up page in English")
