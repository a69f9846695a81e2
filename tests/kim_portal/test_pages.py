import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from kim_portal.views import server_error
from tests.sitemaps import sitemap_entries

pytestmark = pytest.mark.django_db


def test_home_is_indonesian_and_sends_security_headers(client):
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="id">' in body
    assert "Lewati ke konten utama" in body  # the skip link
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "<script>" not in body


def test_english_is_chosen_with_the_language_switch(client):
    response = client.get(reverse("set_language", args=["en"]), {"next": "/kim/"})
    assert response.status_code == 302
    assert response["Location"] == "/kim/"
    body = client.get("/").content.decode()
    assert '<html lang="en">' in body
    assert "Skip to main content" in body


def test_language_switch_refuses_to_redirect_elsewhere(client):
    response = client.get(reverse("set_language", args=["en"]), {"next": "https://evil.example/"})
    assert response["Location"] == "/"
    assert client.get(reverse("set_language", args=["fr"])).status_code == 404


def test_browser_language_does_not_override_indonesian(client):
    body = client.get("/", headers={"accept-language": "en-US,en"}).content.decode()
    assert '<html lang="id">' in body


@override_settings(DEBUG=False)
def test_unknown_page_gets_indonesian_404_with_a_way_back(client):
    response = client.get("/tidak-ada-halaman-ini/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "tidak ditemukan" in body.lower()
    assert 'href="/"' in body


@pytest.mark.parametrize(
    ("template", "phrase"),
    [
        ("400.html", "Permintaan"),
        ("403.html", "akses"),
        ("410.html", "ditarik"),
        ("500.html", "kesalahan"),
    ],
)
def test_error_pages_are_in_indonesian(rf, template, phrase):
    from django.template.loader import render_to_string

    html = render_to_string(template, request=rf.get("/") if template != "500.html" else None)
    assert phrase.lower() in html.lower()
    assert 'href="/"' in html


def test_server_error_handler_renders_without_the_database(rf):
    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "500" in response.content.decode()


def test_healthz_reports_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content.startswith(b"database: ok\n")


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in response.content.decode()
    assert "Disallow: /redaksi/" in response.content.decode()


def test_the_footer_links_the_about_contact_and_privacy_pages(client):
    footer = client.get("/").content.decode().split('<footer class="site-footer">')[1]
    for path in ["/tentang/", "/kontak/", "/privasi/"]:
        assert f'href="{path}"' in footer
        assert client.get(path).status_code == 200


def test_the_privacy_page_says_what_is_kept_and_why(client, settings):
    body = client.get("/privasi/").content.decode()
    for kept in ["WhatsApp", "SK", "GPS", "alamat e-mail"]:
        assert kept in body
    assert settings.CONTACT_EMAIL in body


def test_the_sitemap_lists_the_events_and_footer_pages(client):
    entries = sitemap_entries(client)
    for path in ["/agenda/", "/tentang/", "/kontak/", "/privasi/"]:
        assert f"{settings.SITE_URL}{path}" in entries
