"""The journeys that matter most, with JavaScript switched off in the browser."""

from urllib.parse import urlsplit

import pytest

from tests.conftest import make_user
from tests.e2e.conftest import log_in
from tests.e2e.test_signup import account_menu_name, sign_up_and_verify

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def page(new_page):
    return new_page(javascript=False)


def test_sign_up_works_without_javascript(page, mailoutbox):
    sign_up_and_verify(page, mailoutbox, full_name="Joko Susilo", email="joko@warga.id")

    assert urlsplit(page.url).path == "/kim/mulai/"
    assert "Joko" in account_menu_name(page)


def test_log_in_and_out_work_without_javascript(page):
    make_user("sri@warga.id", "Sri Rejeki")

    log_in(page, "sri@warga.id")

    assert "Sri" in account_menu_name(page)
    # The account menu is a <details>: it opens without any script.
    page.locator("header .account-menu summary").click()
    page.locator("header .account-menu").get_by_role("button").click()
    page.wait_for_load_state()
    assert page.locator("header .account-menu").count() == 0


def test_the_language_switch_works_without_javascript_and_sets_lang(page):
    page.goto("/")
    assert page.get_attribute("html", "lang") == "id"

    page.locator("footer").get_by_role("link", name="English").click()
    page.wait_for_load_state()

    assert page.get_attribute("html", "lang") == "en"
    assert urlsplit(page.url).path == "/"
    current = page.locator("footer [aria-current=true]")
    assert current.get_attribute("lang") == "en"
    assert page.locator("footer").get_by_role("link", name="Bahasa Indonesia").count() == 1

    page.locator("footer").get_by_role("link", name="Bahasa Indonesia").click()
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "id"
