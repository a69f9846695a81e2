"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Run only these with `make test PYTEST_ARGS="-m e2e"`. Where Chromium is missing they are skipped,
except in CI (CI=true), where a missing browser is a failure.
"""

import os
from pathlib import Path

import pytest

from tests.conftest import PASSWORD

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 360, "height": 800}
DESKTOP = {"width": 1280, "height": 900}

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still
# synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.path):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: CI must install Debian's chromium")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server, settings):
    """`new_page(viewport=PHONE, javascript=True, language=None)` opens a fresh browser context on
    the live server, which is the site's public address (SITE_URL), as in a deployment."""
    settings.SITE_URL = live_server.url
    contexts = []

    def open_page(viewport=PHONE, javascript: bool = True, language: str | None = None):
        context = browser.new_context(
            viewport=viewport, base_url=live_server.url, java_script_enabled=javascript
        )
        if language:  # for tests that find buttons by their English source text
            context.add_cookies(
                [{"name": "django_language", "value": language, "url": live_server.url}]
            )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    """A phone-sized page (360×800): most of the portal's users are on phones."""
    return new_page()


def log_in(page, email: str, password: str = PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
