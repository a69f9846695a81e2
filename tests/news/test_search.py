"""Search of the news list: PostgreSQL full text with the `indonesian` configuration."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from news import search as news_search
from news.models import Article
from tests.news.conftest import bulk_public

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search needs PostgreSQL"
)


@pytest.fixture
def articles(kim, anggota):
    return bulk_public(3, author=anggota, kim=kim)


def make(article: Article, **fields) -> Article:
    Article.objects.filter(pk=article.pk).update(**fields)
    Article.objects.filter(pk=article.pk).update_search_vector()
    return Article.objects.get(pk=article.pk)


def results(client, q: str) -> list[Article]:
    response = client.get(reverse("news:list"), {"q": q})
    assert response.status_code == 200
    return list(response.context["page"])


@postgres_only
def test_the_indonesian_configuration_finds_affixed_forms(client, articles):
    """Checked in PostgreSQL 15: pembangunan, membangun and dibangun all stem to 'bangun';
    perbaikan and diperbaiki to 'baik'."""
    target = make(
        articles[0],
        title="Musyawarah pembangunan kelurahan",
        body="<p>Jalan kampung diperbaiki bersama.</p>",
    )
    for query in ["bangun", "membangun", "dibangun", "perbaikan"]:
        assert [a.pk for a in results(client, query)] == [target.pk], query


@postgres_only
def test_title_matches_rank_before_body_matches(client, articles):
    in_body = make(articles[0], body="<p>Warga menanam pohon mangga di taman.</p>")
    in_title = make(articles[2], title="Pohon mangga untuk taman kota")
    found = results(client, "mangga")
    assert [a.pk for a in found] == [in_title.pk, in_body.pk]


@postgres_only
def test_snippets_are_escaped_and_only_marks_are_markup(client, articles):
    make(
        articles[0],
        summary="Awas <script>alert(1)</script> & gotong royong",
        body="<p>Warga &lt;b&gt;gotong&lt;/b&gt; royong.</p>",
    )
    response = client.get(reverse("news:list"), {"q": "gotong"})
    snippet = response.content.decode().split('class="snippet">')[1].split("</p>")[0]
    # PostgreSQL's parser drops tag-like words from a headline; what remains is escaped text.
    assert set(re.findall(r"</?\w+", snippet)) == {"<mark", "</mark"}
    assert "&lt;b&gt;" in snippet
    assert "<mark>gotong</mark>" in snippet
    assert "&amp; " in snippet


def test_the_highlight_escapes_text_and_keeps_only_its_own_marks():
    raw = f"<img src=x onerror=alert(1)> {news_search.START}kata{news_search.STOP} &amp;"
    assert (
        news_search.highlight(raw) == "&lt;img src=x onerror=alert(1)&gt; <mark>kata</mark> &amp;"
    )


@postgres_only
def test_only_the_newest_matches_are_ranked(client, kim, anggota, monkeypatch):
    monkeypatch.setattr(news_search, "CANDIDATES", 3)
    articles = bulk_public(6, author=anggota, kim=kim)  # index 0 is the newest
    Article.objects.all().update_search_vector()
    oldest = make(articles[5], title="Kabar warga kabar warga kabar")
    found = results(client, "kabar")
    assert len(found) == 3
    assert oldest.pk not in {a.pk for a in found}


@pytest.mark.parametrize(
    "query",
    ["", "   ", "!!!", "'; DROP TABLE news_article; --", "a & | ! ( ) :*", "kata " * 400],
)
def test_empty_long_and_junk_queries_get_a_page(client, articles, query):
    response = client.get(reverse("news:list"), {"q": query})
    assert response.status_code == 200
    assert len(response.context["q"]) <= news_search.MAX_QUERY_LENGTH


def test_a_long_query_is_cut_at_the_limit():
    assert len(news_search.clean_query("kata " * 400)) <= news_search.MAX_QUERY_LENGTH
    assert news_search.clean_query("  dua   kata ") == "dua kata"


def test_sqlite_marks_the_words_as_typed(monkeypatch):
    monkeypatch.setattr(news_search.connection, "vendor", "sqlite")
    assert news_search.highlight("Jalan <b> dan Pembangunan", "pembangunan") == (
        "Jalan &lt;b&gt; dan <mark>Pembangunan</mark>"
    )


def test_search_pages_are_counted_once(client, kim, anggota):
    """The matches counted for "N articles found" also size the pages: no second count."""
    bulk_public(25, author=anggota, kim=kim)
    Article.objects.all().update_search_vector()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("news:list"), {"q": "kabar", "page": 3})
    page = response.context["page"]
    assert page.paginator.num_pages == 3
    assert len(page) == 5
    assert response.context["matches"].count == 25
    assert sum("COUNT(" in query["sql"] for query in queries.captured_queries) == 1
