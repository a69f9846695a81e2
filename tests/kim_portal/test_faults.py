"""What the portal does when a dependency is unreachable, in one process (the same faults under
gunicorn with real servers: tests/deploy/test_faults.py).

The page-cache cases are the contract pagecache.py must keep however it is reworked: with the
cache unreachable pages render uncached, nothing raises, a committed write is never reported as
failed, and a change made meanwhile invalidates the pages cached before the outage.
"""

import logging
import signal
import time
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import OperationalError, transaction

from kim_portal import cache as portal_cache
from kim_portal import pagecache
from tests.deploy.servers import free_port, start_redis

pytestmark = pytest.mark.django_db


def redis_cache(port: int) -> dict:
    """Both caches on one Redis, as settings.py makes them when REDIS_URL is set."""
    redis = {
        "BACKEND": "kim_portal.cache.PortalRedisCache",
        "LOCATION": f"redis://127.0.0.1:{port}/0",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    return {"default": redis, "pages": {**redis, "KEY_PREFIX": "pages"}}


@pytest.fixture(autouse=True)
def _fresh_state(monkeypatch):
    monkeypatch.setattr(portal_cache, "_down", False)
    monkeypatch.setattr(pagecache, "_bump_owed", False)


@pytest.fixture
def unreachable_cache(settings):
    """A Redis cache on a port where nothing listens."""
    settings.CACHES = redis_cache(free_port())


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    server, port = start_redis(tmp_path_factory.mktemp("redis"))
    yield server, port
    server.stop()


def test_unreachable_cache_answers_as_an_empty_one(unreachable_cache):
    assert cache.get("x", "default") == "default"
    assert cache.add("x", 1) is True  # rate limits fail open: nothing counted, nothing refused
    cache.set("x", 1)
    assert cache.get_many(["x", "y"]) == {}
    assert cache.has_key("x") is False
    with pytest.raises(ValueError):
        cache.incr("x")
    assert cache.delete("x") is False
    assert cache.is_available() is False


def test_outage_is_logged_once_and_redis_asked_again_only_after_a_pause(
    settings, caplog, redis_server, monkeypatch
):
    server, port = redis_server
    settings.CACHES = redis_cache(port)
    with caplog.at_level(logging.WARNING, logger="kim_portal.cache"):
        server.send_signal(signal.SIGSTOP)  # a blink: Redis keeps its data, answers nothing
        try:
            cache.get("x")  # waits for the socket timeout
            started = time.monotonic()
            for _ in range(20):
                cache.get("x")
            assert time.monotonic() - started < 0.2  # not 20 timeouts: Redis is not asked
        finally:
            server.send_signal(signal.SIGCONT)
        monkeypatch.setattr(portal_cache, "_retry_at", 0.0)  # the pause is over
        cache.get("x")
        cache.get("x")
    messages = [record.getMessage() for record in caplog.records]
    assert len(messages) == 2
    assert messages[0].startswith("Cache unreachable (get: ")
    assert messages[1] == "Cache reachable again"


def test_public_pages_render_uncached_while_the_cache_is_unreachable(client, unreachable_cache):
    first = client.get("/berita/")
    second = client.get("/berita/")

    assert first.status_code == second.status_code == 200
    assert second.get("X-Page-Cache") != "hit"


def test_a_committed_write_never_fails_on_the_cache_bump(
    django_capture_on_commit_callbacks, caplog
):
    with mock.patch("kim_portal.pagecache.cache.incr", side_effect=OSError("broken")):
        with django_capture_on_commit_callbacks(execute=True):
            with transaction.atomic():
                pagecache.public_content_changed()
    # Raised after the commit, the error is logged (robust on_commit), not reported to the user.
    assert "Error calling" in caplog.text


def test_a_bump_lost_in_an_outage_is_made_when_the_cache_is_back(
    client, settings, redis_server, django_capture_on_commit_callbacks, monkeypatch
):
    _server, port = redis_server
    settings.CACHES = redis_cache(port)
    cache.clear()
    client.get("/berita/")
    assert client.get("/berita/")["X-Page-Cache"] == "hit"
    version = pagecache.cache.get(pagecache.VERSION_KEY)

    settings.CACHES = redis_cache(free_port())  # Redis unreachable, its data kept
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            pagecache.public_content_changed()
    settings.CACHES = redis_cache(port)
    monkeypatch.setattr(portal_cache, "_retry_at", 0.0)  # and the retry pause is over

    assert (
        pagecache.cache.get(pagecache.VERSION_KEY) == version
    )  # the bump was lost with the cache...
    assert client.get("/berita/")["X-Page-Cache"] == "miss"  # ...and made once it is back
    assert pagecache.cache.get(pagecache.VERSION_KEY) != version


def test_a_login_outlives_a_cache_that_restarts_empty(client, outsider):
    """Sessions are read through the cache but always written to the database (cached_db)."""
    from django.core.cache import caches

    client.force_login(outsider)
    assert client.get("/akun/profil/").status_code == 200
    caches["default"].clear()  # Redis restarted: it keeps nothing on disk
    assert client.get("/akun/profil/").status_code == 200


def test_healthz_reports_each_dependency(client, settings, redis_server):
    _server, port = redis_server
    settings.CACHES = redis_cache(port)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"database: ok\ncache: ok\n"


def test_healthz_stays_200_when_only_the_cache_is_down(client, unreachable_cache):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"database: ok\ncache: down (serving uncached)\n"


def test_healthz_answers_503_without_the_database(client):
    with mock.patch("kim_portal.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content.startswith(b"database: down\n")


@pytest.fixture
def database_down():
    with mock.patch(
        "django.contrib.sessions.backends.db.SessionStore._get_session_from_db",
        side_effect=OperationalError("connection refused"),
    ):
        yield


def test_a_page_answers_the_indonesian_503_page_when_the_database_is_down(client, database_down):
    client.cookies["sessionid"] = "x" * 32

    response = client.get("/berita/tulis/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    assert "Portal sedang tidak dapat diakses sebentar" in response.content.decode()


def test_a_post_keeps_what_was_typed_and_says_nothing_was_saved(client, database_down, caplog):
    client.cookies["sessionid"] = "x" * 32

    with caplog.at_level(logging.WARNING):
        response = client.post(
            "/akun/profil/",
            {
                "full_name": "Siti <Aminah>",
                "bio": "Warga RT 03 yang aktif menulis berita kelurahan setiap pekan.",
                "password": "rahasia",
                "kim": ["1", "2"],
            },
        )

    html = response.content.decode()
    assert response.status_code == 503
    assert "Belum ada yang tersimpan." in html
    assert '<form method="post" action="/akun/profil/"' in html
    assert '<input type="hidden" name="full_name" value="Siti &lt;Aminah&gt;">' in html
    assert html.count('name="kim"') == 2
    assert "Yang Anda ketik" in html
    assert (
        "<blockquote>Warga RT 03 yang aktif menulis berita kelurahan setiap pekan.</blockquote>"
        in html
    )
    assert "rahasia" not in html
    assert "Traceback" not in caplog.text
    assert [r.levelname for r in caplog.records] == ["WARNING"]  # one line, not a 500


def test_a_database_error_after_the_view_answers_the_503_page_without_resending(client, caplog):
    """The session is saved by a response middleware, after the view: a POST may have been
    saved, so the page shows what was typed but offers no button that would send it twice."""
    client.raise_request_exception = False
    bio = "Warga RT 05 yang menulis kabar posyandu dan kerja bakti setiap bulan."
    with (
        mock.patch(
            "django.contrib.sessions.middleware.SessionMiddleware.process_response",
            side_effect=OperationalError("connection refused"),
        ),
        caplog.at_level(logging.WARNING),
    ):
        response = client.post("/akun/profil/", {"full_name": "Siti Aminah", "bio": bio})

    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Portal sedang tidak dapat diakses sebentar" in html
    assert f"<blockquote>{bio}</blockquote>" in html
    assert "Belum ada yang tersimpan." not in html
    assert '<form method="post"' not in html
    assert "Traceback" not in caplog.text


def test_other_errors_outside_a_view_answer_the_500_page(client):
    client.raise_request_exception = False
    with mock.patch(
        "django.contrib.sessions.middleware.SessionMiddleware.process_response",
        side_effect=RuntimeError("a bug"),
    ):
        response = client.get("/")
    assert response.status_code == 500


def test_other_errors_are_left_to_the_500_handler(rf):
    from kim_portal.middleware import DatabaseUnavailableMiddleware

    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    assert middleware.process_exception(rf.get("/"), RuntimeError("a bug")) is None
