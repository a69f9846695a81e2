from datetime import timedelta

import pytest
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone

from kim_portal import pagecache
from news.models import Article
from tests.news.conftest import article_in

pytestmark = pytest.mark.django_db

calls = []


@pagecache.cache_public_page
def counting_view(request):
    calls.append(request.path)
    return HttpResponse(f"page {len(calls)}")


@pagecache.cache_public_page
def view_with_a_form(request):
    calls.append(request.path)
    return HttpResponse(get_token(request))


@pytest.fixture(autouse=True)
def _reset():
    calls.clear()


def test_anonymous_visitors_share_one_rendering_until_content_changes(
    rf, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import AnonymousUser

    def get():
        request = rf.get("/berita/")
        request.user = AnonymousUser()
        return counting_view(request)

    assert get().content == b"page 1"
    assert get().content == b"page 1"
    with django_capture_on_commit_callbacks(execute=True):
        pagecache.public_content_changed()
    assert get().content == b"page 2"
    assert calls == ["/berita/", "/berita/"]


def test_a_change_announced_for_later_takes_effect_at_its_time(rf):
    from django.contrib.auth.models import AnonymousUser

    def get():
        request = rf.get("/")
        request.user = AnonymousUser()
        return counting_view(request)

    get()
    pagecache.public_content_changes_at(timezone.now() + timedelta(hours=1))
    assert get().content == b"page 1"
    pagecache.public_content_changes_at(timezone.now() - timedelta(seconds=1))
    assert get().content == b"page 2"


def test_logged_in_users_and_pages_with_csrf_tokens_are_never_cached(rf, outsider):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user = outsider
    counting_view(request)
    counting_view(request)
    assert len(calls) == 2

    for _ in range(2):
        request = rf.get("/form/")
        request.user = AnonymousUser()
        view_with_a_form(request)
    assert len(calls) == 4


def test_a_new_release_of_the_code_starts_with_an_empty_page_cache(rf, monkeypatch):
    from django.contrib.auth.models import AnonymousUser

    def get():
        request = rf.get("/kim/")
        request.user = AnonymousUser()
        return counting_view(request)

    assert get().content == b"page 1"
    monkeypatch.setattr(pagecache, "RELEASE", "another-release")
    assert get().content == b"page 2"


# -- What a hit costs and what it answers (issue "Scale", item 3) ------------------------------


@pytest.fixture
def article(kim, ketua, anggota, redaksi) -> Article:
    return article_in(
        Article.State.PUBLISHED, author=anggota, kim=kim, ketua=ketua, redaksi=redaksi
    )


@pytest.fixture
def cache_calls(monkeypatch):
    """Every call made to the page cache, by method name."""
    made = []
    inside = []  # a backend may answer get_many with its own get calls: one round trip still
    backend = pagecache.cache._connections[pagecache.cache._alias]
    for name in ("get", "get_many", "set", "add", "incr", "delete", "has_key"):
        method = getattr(backend, name)

        def counted(*args, _name=name, _method=method, **kwargs):
            if not inside:
                made.append(_name)
            inside.append(_name)
            try:
                return _method(*args, **kwargs)
            finally:
                inside.pop()

        monkeypatch.setattr(backend, name, counted)
    return made


def test_a_hit_is_one_cache_round_trip_and_no_sql(client, cache_calls, article):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = article.get_absolute_url()
    assert client.get(url)["X-Page-Cache"] == "miss"
    cache_calls.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response["X-Page-Cache"] == "hit"
    assert article.title in response.content.decode()
    assert cache_calls == ["get_many"]
    assert len(queries) == 0


def test_a_conditional_request_for_an_unchanged_page_answers_304(
    client, article, django_capture_on_commit_callbacks
):
    url = article.get_absolute_url()
    first = client.get(url)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and modified.endswith("GMT")

    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304

    with django_capture_on_commit_callbacks(execute=True):
        pagecache.public_content_changed()
    # A new version renders anew: the same bytes keep their ETag, so the page stays 304 ...
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    # ... and a page whose bytes changed is sent whole.
    assert client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_the_body_is_served_compressed_in_the_encoding_the_client_accepts(client, article):
    import gzip

    import brotli

    url = article.get_absolute_url()
    plain = client.get(url)
    assert "Content-Encoding" not in plain
    for accepted, encoding, decode in (
        ("gzip, deflate", "gzip", gzip.decompress),
        ("gzip, deflate, br", "br", brotli.decompress),
    ):
        response = client.get(url, HTTP_ACCEPT_ENCODING=accepted)
        assert response["Content-Encoding"] == encoding
        assert decode(response.content) == plain.content
        assert "Accept-Encoding" in response["Vary"] and "Cookie" in response["Vary"]
        assert response["ETag"] != plain["ETag"]  # one validator per representation


def test_anonymous_pages_let_a_shared_cache_hold_them_briefly(client, settings, article):
    settings.SHARED_CACHE_SECONDS = 15
    response = client.get(article.get_absolute_url())
    assert response["Cache-Control"] == "public, max-age=0, s-maxage=15"


def test_head_answers_the_headers_of_get_without_a_body(client, article):
    url = article.get_absolute_url()
    got = client.get(url)
    for _ in range(2):  # a miss, then a hit
        head = client.head(url)
        assert head.status_code == 200 and head.content == b""
        assert int(head["Content-Length"]) == len(got.content)
        assert head["ETag"] == got["ETag"]


def test_what_the_view_said_besides_the_body_is_kept_on_a_hit(rf):
    from django.contrib.auth.models import AnonymousUser

    @pagecache.cache_public_page
    def calendar(request):
        response = HttpResponse("BEGIN:VCALENDAR", content_type="text/calendar")
        response["Content-Disposition"] = 'inline; filename="agenda.ics"'
        return response

    for status in ("miss", "hit"):
        request = rf.get("/agenda/kalender.ics")
        request.user = AnonymousUser()
        response = calendar(request)
        assert response["X-Page-Cache"] == status
        assert response["Content-Type"] == "text/calendar"
        assert response["Content-Disposition"] == 'inline; filename="agenda.ics"'


def test_another_host_never_shapes_the_page_others_get(client, settings, article):
    """Issue "Trust", item 1: the first visitor's Host must not end up in the cached page."""
    settings.ALLOWED_HOSTS = ["*"]
    settings.SITE_URL = "https://kim.salatiga.example"
    url = article.get_absolute_url()
    forged = client.get(url, HTTP_HOST="attacker.example:8080")
    assert forged["X-Page-Cache"] == "miss"
    honest = client.get(url)
    assert honest["X-Page-Cache"] == "miss"  # keyed by host too: not the forged rendering
    for response in (forged, honest, client.get(url)):
        body = response.content.decode()
        assert "attacker.example" not in body
        assert f'href="https://kim.salatiga.example{url}"' in body  # the canonical link
    feed = client.get("/berita/feed/", HTTP_HOST="attacker.example:8080").content.decode()
    assert "attacker.example" not in feed and "https://kim.salatiga.example/berita/" in feed


def test_the_embedded_page_cache_is_bounded_but_keeps_its_version(settings, tmp_path):
    from django.core.cache import caches

    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "kim_portal.cache.PageFileCache",
            "LOCATION": str(tmp_path / "pages"),
            "OPTIONS": {
                "MAX_ENTRIES": 20,
                "CULL_FREQUENCY": 2,
                "PINNED": (pagecache.VERSION_KEY, pagecache.NEXT_CHANGE_KEY),
            },
        },
    }
    pages = caches["pages"]
    pages.set(pagecache.VERSION_KEY, 7, timeout=None)
    for number in range(200):
        pages.set(f"page-{number}", b"x" * 100)
    assert len(list((tmp_path / "pages").iterdir())) <= 21
    assert pages.get(pagecache.VERSION_KEY) == 7
