"""Every route kim_portal declares itself (the apps' routes have their own matrices; the
admin's and allauth's are theirs) for every role. A route added to kim_portal/urls.py without
a row here fails the first test."""

import uuid
from pathlib import Path

import pytest
from django.conf import settings

import kim_portal.urls
from tests.conftest import LOGIN, PUBLIC, Route, check_route, image_bytes, route_names

pytestmark = pytest.mark.django_db

MEDIA_ROUTE = f"{settings.MEDIA_URL.strip('/')}/<path:path>"


@pytest.fixture
def world(outsider, redaksi):
    """The users, and a public file where the media route looks (its folder is bound when the
    URLs load, before a test moves MEDIA_ROOT)."""
    route = next(p for p in kim_portal.urls.urlpatterns if str(p.pattern) == MEDIA_ROUTE)
    folder = Path(route.default_args["document_root"])
    folder.mkdir(parents=True, exist_ok=True)
    photo = folder / f"test-access-{uuid.uuid4().hex}.jpg"
    photo.write_bytes(image_bytes("JPEG"))
    yield {"outsider": outsider, "redaksi": redaksi, "photo": photo.name}
    photo.unlink()


ROUTES = {
    "profile": Route({"anonymous": LOGIN, "outsider": 200, "redaksi": 200}),
    "healthz": Route(PUBLIC),
    "robots_txt": Route(PUBLIC),
    "sitemap": Route(PUBLIC),
    "sitemap_section": Route(PUBLIC, args=lambda world: ["news"]),
    "about": Route(PUBLIC),
    "contact": Route(PUBLIC),
    # The rich-text editor's words (window.gettext).
    "javascript_catalog": Route(PUBLIC),
    "open_data": Route(PUBLIC),
    "privacy": Route(PUBLIC),
    "audit_log": Route({"anonymous": LOGIN, "outsider": 403, "redaksi": 200}),
    "audit_log_csv": Route({"anonymous": LOGIN, "outsider": 403, "redaksi": 200}),
    "service_worker": Route(PUBLIC),
    "web_manifest": Route(PUBLIC),
    "offline": Route(PUBLIC),
    # The language switch is a plain link: it sets a cookie and goes back.
    "set_language": Route({"anonymous": 302, "outsider": 302}, args=lambda world: ["en"]),
    MEDIA_ROUTE: Route(PUBLIC, path=lambda world: f"{settings.MEDIA_URL}{world['photo']}"),
}


def test_every_route_of_the_project_urls_has_a_row():
    assert route_names(kim_portal.urls) == set(ROUTES)


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_each_role_gets_what_the_matrix_says(client, world, name):
    check_route(client, world, name, ROUTES[name])


def test_an_unknown_language_is_not_found(client):
    assert client.get("/bahasa/xx/").status_code == 404


@pytest.mark.parametrize("name", ["healthz", "robots_txt", "set_language"])
def test_get_only_routes_refuse_post(client, name):
    from django.urls import reverse

    args = ["en"] if name == "set_language" else []
    assert client.post(reverse(name, args=args)).status_code == 405
