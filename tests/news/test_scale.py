"""Lists cost the same however many articles exist (issue "Scale"): counts stop at a cap, the
reader still reaches every older article, search says how many match, the home page reads a
bounded window."""

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from kim_portal.paging import CappedPaginator
from news import search as news_search
from news.models import Article
from news.views import reading
from overview import views as overview_views
from tests.conftest import make_kim
from tests.news.conftest import bulk_public

pytestmark = pytest.mark.django_db


def test_the_paginator_counts_no_further_than_its_cap(cast):
    bulk_public(30, author=cast["author"], kim=cast["kim"])
    articles = Article.objects.order_by("-published_at")
    capped = CappedPaginator(articles, 10, cap=25)
    assert (capped.count, capped.more, capped.num_pages) == (25, True, 3)
    exact = CappedPaginator(articles, 10, cap=30)
    assert (exact.count, exact.more, exact.num_pages) == (30, False, 3)
    assert CappedPaginator(articles.none(), 10, cap=5).num_pages == 1


def titles(response) -> list[str]:
    return [article.title for article in response.context["page"]]


def test_a_reader_reaches_every_article_beyond_the_counted_pages(client, cast, monkeypatch):
    monkeypatch.setattr(reading, "LIST_COUNT_CAP", 20)
    # Three a day over ten days, newest first: "Kabar warga nomor 0" is the newest.
    articles = bulk_public(30, author=cast["author"], kim=cast["kim"])
    now = timezone.now()
    for index, article in enumerate(articles):
        article.published_at = now - timedelta(days=index // 3, minutes=index + 1)
    Article.objects.bulk_update(articles, ["published_at"])

    seen, url, hops = [], reverse("news:list"), 0
    while url and hops < 20:
        response = client.get(url)
        seen.extend(titles(response))
        page = response.context["page"]
        if page.has_next():
            url = reverse("news:list") + f"?page={page.next_page_number()}"
            if response.context["query"]:
                url += "&" + response.context["query"]
        elif response.context["older_query"]:
            url = reverse("news:list") + "?" + response.context["older_query"]
        else:
            url = None
        hops += 1
    assert {article.title for article in articles} <= set(seen)  # nothing skipped


def test_the_first_page_says_there_are_more_pages_than_counted(client, cast, monkeypatch):
    monkeypatch.setattr(reading, "LIST_COUNT_CAP", 20)
    bulk_public(25, author=cast["author"], kim=cast["kim"])
    body = client.get(reverse("news:list")).content.decode()
    assert "Halaman 1 dari lebih dari 2" in body


def test_a_date_filter_lists_what_was_published_before_that_day(client, cast):
    old, new = bulk_public(2, author=cast["author"], kim=cast["kim"])[::-1]
    Article.objects.filter(pk=old.pk).update(published_at=timezone.now() - timedelta(days=40))
    day = (timezone.localdate() - timedelta(days=30)).isoformat()
    assert titles(client.get(reverse("news:list"), {"before": day})) == [old.title]
    assert client.get(reverse("news:list"), {"before": "bukan-tanggal"}).status_code == 200


def test_search_says_how_many_articles_match_beyond_those_it_ranks(client, cast, monkeypatch):
    monkeypatch.setattr(news_search, "COUNT_CAP", 30)
    monkeypatch.setattr(news_search, "CANDIDATES", 10)
    monkeypatch.setattr(reading, "CANDIDATES", 10)
    bulk_public(40, author=cast["author"], kim=cast["kim"])
    Article.objects.all().update_search_vector()

    response = client.get(reverse("news:list"), {"q": "warga"})
    body = response.content.decode()
    matches = response.context["matches"]
    if connection.vendor == "postgresql":
        assert matches.kind == "estimate" and matches.count > 30
        assert "(perkiraan)" in body
    else:
        assert (matches.kind, matches.count) == ("at_least", 30)
        assert "Lebih dari 30 berita ditemukan" in body
    assert "10 terbaru" in body
    # The only page of the ranked matches is the last: it leads on to older ones.
    assert response.context["older_query"].startswith("q=warga&before=")

    exact = client.get(reverse("news:list"), {"q": "nomor 7"}).context["matches"]
    assert exact.kind == "exact"


def test_search_leads_to_older_matches(client, cast, monkeypatch):
    monkeypatch.setattr(news_search, "CANDIDATES", 5)
    monkeypatch.setattr(reading, "CANDIDATES", 5)
    articles = bulk_public(12, author=cast["author"], kim=cast["kim"])
    now = timezone.now()
    for index, article in enumerate(articles):
        article.published_at = now - timedelta(days=index, minutes=1)
    Article.objects.bulk_update(articles, ["published_at"])
    Article.objects.all().update_search_vector()

    seen, query, hops = [], {"q": "warga"}, 0
    while query is not None and hops < 10:
        response = client.get(reverse("news:list"), query)
        seen.extend(titles(response))
        older = response.context["older_query"]
        query = dict(pair.split("=") for pair in older.split("&")) if older else None
        if query:
            query["q"] = "warga"
        hops += 1
    assert {article.title for article in articles} <= set(seen)


def test_the_home_page_fills_a_quiet_kecamatan_from_its_older_news(client, cast, monkeypatch):
    monkeypatch.setattr(overview_views, "HOME_RECENT", 7)
    quiet = make_kim("KIM Tingkir Sepi", kelurahan="tingkir-lor")
    recent = bulk_public(1, author=cast["author"], kim=quiet, prefix="Baru")  # within the window
    bulk_public(8, author=cast["author"], kim=cast["kim"])  # Ledok, Argomulyo: the newest
    Article.objects.filter(pk=recent[0].pk).update(
        published_at=timezone.now() - timedelta(seconds=30)
    )
    old = bulk_public(3, author=cast["author"], kim=quiet, prefix="Lama")
    Article.objects.filter(pk__in=[a.pk for a in old]).update(
        published_at=timezone.now() - timedelta(days=300)
    )
    response = client.get(reverse("home"))
    by_name = {kecamatan.name: news for kecamatan, news in response.context["kecamatan_news"]}
    # Its newest three: the recent one and two old ones, not four.
    tingkir = [a.title for a in by_name["Tingkir"]]
    assert len(tingkir) == 3 and tingkir[0] == "Baru warga nomor 0"
    assert len(by_name["Argomulyo"]) == 3
    assert response.context["featured"] is not None
    assert len(response.context["latest"]) == overview_views.HOME_LATEST


def test_query_counts_are_the_same_at_ten_and_at_five_hundred_articles(client, cast):
    """Anonymous and signed-in (a ketua: the heaviest menu), each page costs the same number
    of queries whatever the number of articles."""
    from django.test.utils import CaptureQueriesContext

    from kim_portal.pagecache import cache as page_cache

    def counts(articles) -> dict:
        pages = [
            reverse("home"),
            reverse("news:list"),
            reverse("news:list") + "?q=warga",
            reverse("news:category", args=[category.slug]),
            articles[5].get_absolute_url(),
            reverse("groups:detail", args=[cast["kim"].slug]),
            reverse("stats"),
        ]
        found = {}
        for who, client in (("anonymous", anonymous), ("ketua", ketua)):
            for url in pages:
                page_cache.clear()
                with CaptureQueriesContext(connection) as queries:
                    assert client.get(url).status_code == 200, url
                found[who, url] = len(queries)
        return found

    from django.test import Client

    from news.models import Category

    category = Category.objects.create(name="Kesehatan", slug="kesehatan")
    anonymous, ketua = client, Client()
    ketua.force_login(cast["ketua"])
    first = bulk_public(10, author=cast["author"], kim=cast["kim"], category=category)
    Article.objects.all().update_search_vector()
    few = counts(first)
    bulk_public(490, author=cast["author"], kim=cast["kim"], category=category, prefix="Lagi")
    Article.objects.all().update_search_vector()
    assert counts(first) == few


def test_a_category_page_reaches_beyond_its_counted_pages(client, cast, monkeypatch):
    from news.models import Category

    monkeypatch.setattr(reading, "LIST_COUNT_CAP", 10)
    category = Category.objects.create(name="Kesehatan", slug="kesehatan")
    articles = bulk_public(15, author=cast["author"], kim=cast["kim"], category=category)
    now = timezone.now()
    for index, article in enumerate(articles):
        article.published_at = now - timedelta(days=index, minutes=1)
    Article.objects.bulk_update(articles, ["published_at"])
    url = reverse("news:category", args=[category.slug])

    last = client.get(url, {"page": 1})
    assert last.context["page"].paginator.more and last.context["older_query"]
    older = client.get(url + "?" + last.context["older_query"])
    assert articles[-1].title in titles(older)
