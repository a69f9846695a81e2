"""Subscribing on screen: a resident without an account, then a member managing theirs."""

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from subscriptions.models import Subscription
from tests.conftest import make_user
from tests.e2e.axe import axe_violations, format_violations
from tests.e2e.conftest import DESKTOP, PHONE, log_in

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = Path(os.environ.get("SCREENSHOTS", "/tmp"))


def check_page(page, name: str) -> None:
    violations = axe_violations(page)
    assert not violations, format_violations(violations)
    width = page.viewport_size["width"]
    if width <= PHONE["width"]:
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{name} scrolls sideways at {width} px"
    page.screenshot(path=str(SHOTS / f"reach-{name}-{width}.png"), full_page=True)


def test_a_resident_subscribes_to_their_kelurahan_and_confirms(new_page, mailoutbox):
    page = new_page()
    page.goto("/")
    with page.expect_navigation():
        page.locator("footer").get_by_role("link", name="Langganan berita").click()
    assert urlsplit(page.url).path == "/langganan/"
    check_page(page, "subscribe")
    # A typo keeps what was typed and says what is wrong, in Indonesian.
    page.fill("input[name=email]", "warga-ledok@contoh")
    page.select_option("select[name=target]", "kelurahan:ledok")
    page.check("input[name=frequency][value=daily]")
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    assert "Masukkan alamat e-mail yang benar" in page.inner_text("main")
    assert page.select_option is not None
    assert page.input_value("select[name=target]") == "kelurahan:ledok"
    page.fill("input[name=email]", "warga-ledok@contoh.id")
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    assert "Periksa e-mail Anda" in page.inner_text("main")

    link = re.search(r"https?://\S+/langganan/konfirmasi/\S+", mailoutbox[0].body).group()
    page.goto(urlsplit(link).path)
    with page.expect_navigation():
        page.get_by_role("button", name="Konfirmasi langganan").click()
    assert "Langganan terkonfirmasi" in page.inner_text("main")
    assert Subscription.objects.get().status == Subscription.Status.ACTIVE


def test_a_member_manages_their_subscriptions_on_the_profile(new_page):
    member = make_user("warga@uji.kim.id", "Warga Uji")
    for viewport in (PHONE, DESKTOP):
        page = new_page(viewport=viewport)
        log_in(page, member.email)
        page.goto("/langganan/?kecamatan=sidorejo")
        assert page.input_value("input[name=email]") == member.email
        with page.expect_navigation():
            page.locator("main button[type=submit]").click()
        assert urlsplit(page.url).path == "/akun/langganan/"
        assert "Sidorejo" in page.inner_text("main")
        check_page(page, "my-subscriptions")
        if viewport is DESKTOP:
            page.goto("/langganan/")
            check_page(page, "subscribe")
    page.goto("/akun/langganan/")
    page.check("input[name=frequency][value=daily]")
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan").click()
    assert Subscription.objects.get().frequency == "daily"
    with page.expect_navigation():
        page.get_by_role("button", name="Berhenti berlangganan").click()
    assert "Anda belum punya langganan." in page.inner_text("main")
