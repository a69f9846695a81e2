"""The installable portal: the service worker, the manifest, the offline page, and which pages a
phone may keep (never a signed-in page in a cache another visitor could read)."""

import json

from django.conf import settings
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.news.conftest import bulk_public


def test_the_service_worker_is_served_from_the_root_and_never_cached(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    script = response.content.decode()
    assert '"/luring/"' in script
    assert "/static/css/portal.css" in script
    assert client.post("/sw.js").status_code == 405


def test_the_manifest_names_the_portal_in_indonesian_with_its_icons(client):
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Portal KIM Kota Salatiga"
    assert manifest["short_name"] == "KIM Salatiga"
    assert manifest["start_url"] == "/"
    assert manifest["theme_color"] == "#0b5c55"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        path = icon["src"].removeprefix(settings.STATIC_URL)
        assert (settings.BASE_DIR / "static" / path).is_file()


def test_every_page_links_the_manifest_and_the_small_installer(client, db):
    html = client.get("/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert 'data-service-worker="/sw.js"' in html


def test_the_offline_page_speaks_indonesian(client):
    response = client.get(reverse("offline"))
    assert response.status_code == 200
    assert "Anda sedang luring" in response.content.decode()
    assert response["X-Offline-Copy"] == "public"


def test_public_pages_may_be_kept_only_as_built_for_anonymous_visitors(
    client, client_for, anggota, kim
):
    [article] = bulk_public(1, author=anggota, kim=kim)
    for url in ("/", article.get_absolute_url()):
        assert client.get(url)["X-Offline-Copy"] == "public"
        assert client.get(url)["X-Offline-Copy"] == "public"  # from the page cache too
    signed_in = client_for(anggota)
    assert "X-Offline-Copy" not in signed_in.get(article.get_absolute_url())
    assert "X-Offline-Copy" not in signed_in.get(reverse("news:mine"))


def test_the_writing_form_is_kept_privately(client_for, anggota):
    response = client_for(anggota).get(reverse("news:write"))
    assert response["X-Offline-Copy"] == "private"


def test_logging_in_and_out_clears_what_the_browser_kept(client, anggota):
    assert "Clear-Site-Data" not in client.get("/")
    response = client.post(reverse("account_login"), {"login": anggota.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert "Clear-Site-Data" not in client.get(reverse("news:mine"))
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
