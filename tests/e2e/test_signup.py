"""Sign-up in the browser: full name, e-mail and password, the verification mail, then logged in."""

import re
from urllib.parse import urlsplit

import pytest

from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)

CONFIRM_LINK = re.compile(r"https?://\S+/accounts/confirm-email/\S+")


def sign_up_and_verify(page, mailoutbox, *, full_name: str, email: str) -> None:
    """Fill the sign-up form, open the link from the verification mail and confirm."""
    page.goto("/accounts/signup/")
    page.locator("#id_full_name").fill(full_name)
    page.fill("input[name=email]", email)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.locator("input[name=privacy_consent]").check()
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    assert "/accounts/confirm-email/" in page.url, page.inner_text("main")

    assert [message.to for message in mailoutbox] == [[email]]
    link = CONFIRM_LINK.search(mailoutbox[0].body)
    assert link, mailoutbox[0].body
    page.goto(urlsplit(link.group()).path)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()


def account_menu_name(page) -> str:
    return page.locator("header .account-menu summary").inner_text().strip()


def test_a_new_resident_signs_up_verifies_the_address_and_sees_their_name(page, mailoutbox):
    sign_up_and_verify(page, mailoutbox, full_name="Wulan Sari Dewi", email="wulan@warga.id")

    if "/accounts/login/" in page.url:
        log_in(page, "wulan@warga.id")
    # A new account lands where it can register a KIM or ask to join one.
    assert urlsplit(page.url).path == "/kim/mulai/"
    assert "Wulan" in account_menu_name(page)
