"""Anonymous pages come from the page cache, and every change to what they show is seen at once."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from groups import services as group_services
from news import services
from news.models import Article
from tests.news.conftest import article_in
from tests.workshops.conftest import make_event
from workshops import services as event_services
from workshops.models import Event

State = Article.State
pytestmark = pytest.mark.django_db


@pytest.fixture
def live(django_capture_on_commit_callbacks):
    """Run a service as a request would: its on-commit cache invalidation runs too."""

    def run(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return run


def cached(client, url: str) -> str:
    """Fetch twice; the second answer must come from the cache. Returns the page."""
    client.get(url)
    response = client.get(url)
    assert response.headers.get("X-Page-Cache") == "hit", url
    return response.content.decode()


PAGES = ["/", "/berita/", "/berita/feed/", "/sitemap-news.xml"]


def test_publishing_shows_at_once_on_cached_pages(client, cast, live):
    article = article_in(State.REDAKSI_REVIEW, **cast)
    kim_page = reverse("groups:detail", args=[cast["kim"].slug])
    for url in [*PAGES, kim_page]:
        assert article.slug not in cached(client, url)
    live(services.article_publish, article=article, actor=cast["redaksi"])
    for url in [*PAGES, kim_page]:
        assert article.slug in client.get(url).content.decode(), url


def test_a_scheduled_article_shows_on_cached_pages_when_its_time_comes(client, cast, live):
    from unittest import mock

    article = article_in(State.REDAKSI_REVIEW, **cast)
    at = timezone.now() + timedelta(hours=1)
    live(services.article_publish, article=article, actor=cast["redaksi"], at=at)
    assert article.slug not in cached(client, "/berita/")
    with mock.patch("django.utils.timezone.now", return_value=at + timedelta(seconds=1)):
        assert article.slug in client.get("/berita/").content.decode()


def test_editing_a_published_article_shows_at_once(client, cast, live):
    article = article_in(State.PUBLISHED, **cast)
    assert "Judul lama" not in cached(client, article.get_absolute_url())
    live(
        services.article_update,
        article=article,
        actor=cast["redaksi"],
        title="Judul baru yang dikoreksi",
    )
    content = client.get(article.get_absolute_url()).content.decode()
    assert "Judul baru yang dikoreksi" in content
    assert "Judul baru yang dikoreksi" in client.get("/berita/").content.decode()


def test_unpublishing_shows_at_once(client, cast, live):
    article = article_in(State.PUBLISHED, **cast)
    assert article.slug in cached(client, "/berita/")
    cached(client, article.get_absolute_url())
    live(services.article_unpublish, article=article, actor=cast["redaksi"], note="Keliru.")
    assert article.slug not in client.get("/berita/").content.decode()
    assert client.get(article.get_absolute_url()).status_code == 410


def test_featuring_changes_the_home_page_at_once(client, cast, live):
    first = article_in(State.PUBLISHED, **cast)
    second = article_in(State.PUBLISHED, **cast)
    live(services.article_feature, article=first, actor=cast["redaksi"])
    home = cached(client, "/")
    assert f'/berita/{first.slug}/"' in home.split('class="featured')[1].split("</section>")[0]
    live(services.article_feature, article=second, actor=cast["redaksi"])
    home = client.get("/").content.decode()
    assert f'/berita/{second.slug}/"' in home.split('class="featured')[1].split("</section>")[0]


def test_kim_changes_show_at_once(client, cast, redaksi, live):
    kim = cast["kim"]
    page = reverse("groups:detail", args=[kim.slug])
    cached(client, page)
    live(group_services.kim_update, kim=kim, actor=cast["ketua"], fields={"address": "Jl. Baru 7"})
    assert "Jl. Baru 7" in client.get(page).content.decode()
    assert kim.name in cached(client, "/kim/")
    live(group_services.kim_deactivate, kim=kim, actor=redaksi, note="Tidak aktif.")
    assert kim.name not in client.get("/kim/").content.decode()


def test_event_changes_show_at_once(client, redaksi, live):
    event = make_event("Pelatihan Fotografi Warga", status=Event.Status.DRAFT)
    assert event.slug not in cached(client, "/agenda/")
    live(event_services.event_publish, event=event, actor=redaksi)
    assert event.slug in client.get("/agenda/").content.decode()
    cached(client, f"/agenda/{event.slug}/")
    live(event_services.event_cancel, event=event, actor=redaksi)
    assert client.get(f"/agenda/{event.slug}/").headers.get("X-Page-Cache") != "hit"


def test_logged_in_readers_are_never_served_from_the_cache(client_for, cast, outsider):
    article = article_in(State.PUBLISHED, **cast)
    reader = client_for(outsider)
    reader.get(article.get_absolute_url())
    assert "X-Page-Cache" not in reader.get(article.get_absolute_url()).headers
