"""RSS feeds, the sitemap and feed discovery: valid XML, public articles only, the latest few,
cached, answering HEAD and conditional requests."""

from datetime import timedelta
from xml.dom import minidom

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from kim_portal.photos import make_renditions, photo_create
from news import services
from news.feeds import FEED_SIZE
from news.models import Category
from tests.news.conftest import bulk_public, write
from tests.sitemaps import sitemap_entries

pytestmark = pytest.mark.django_db


@pytest.fixture
def category(db):
    return Category.objects.create(name="Budaya", slug="budaya")


@pytest.fixture
def articles(kim, anggota, category):
    photo = photo_create(image=Image.new("RGB", (2000, 1500), (200, 80, 40)))
    make_renditions.call(photo.pk)
    return bulk_public(12, author=anggota, kim=kim, category=category, photo=photo)


def parse(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    return minidom.parseString(response.content)


def test_the_all_news_feed_has_items_with_summaries_and_image_enclosures(client, articles):
    doc = parse(client, reverse("news:feed"))
    items = doc.getElementsByTagName("item")
    assert len(items) >= 10
    first = items[0]
    assert first.getElementsByTagName("description")[0].firstChild.data == articles[0].summary
    enclosure = first.getElementsByTagName("enclosure")[0]
    # A rendition, not the full-size original.
    photo = articles[0].photo
    photo.refresh_from_db()
    name, width, _height = photo.share_rendition()
    assert width == 960 and name.endswith("-960.jpg")
    assert int(enclosure.getAttribute("length")) == default_storage.size(name)
    assert int(enclosure.getAttribute("length")) < photo.original.size
    assert enclosure.getAttribute("type") == "image/jpeg"
    assert enclosure.getAttribute("url") == f"{settings.SITE_URL}{default_storage.url(name)}"
    link = first.getElementsByTagName("link")[0].firstChild.data
    assert link == f"{settings.SITE_URL}/berita/{articles[0].slug}/"


def test_category_and_kim_feeds_list_their_articles(client, articles, category, kim, redaksi):
    other = bulk_public(1, author=redaksi, kim=None, prefix="Redaksi")[0]
    for url in [
        reverse("news:category_feed", args=[category.slug]),
        reverse("news:kim_feed", args=[kim.slug]),
    ]:
        doc = parse(client, url)
        links = [node.firstChild.data for node in doc.getElementsByTagName("link")]
        assert len(doc.getElementsByTagName("item")) == 12
        assert not any(other.slug in link for link in links)
    assert client.get("/kim/tidak-ada/feed/").status_code == 404
    assert client.get("/berita/kategori/tidak-ada/feed/").status_code == 404


def test_the_sitemap_lists_articles_with_lastmod_and_categories(client, articles, category):
    entries = sitemap_entries(client)
    assert entries[f"{settings.SITE_URL}/berita/{articles[0].slug}/"]
    assert f"{settings.SITE_URL}/berita/kategori/{category.slug}/" in entries


def test_pages_announce_their_feeds(client, articles, category, kim):
    expected = {
        reverse("home"): reverse("news:feed"),
        reverse("news:list"): reverse("news:feed"),
        articles[0].get_absolute_url(): reverse("news:feed"),
        reverse("news:category", args=[category.slug]): reverse(
            "news:category_feed", args=[category.slug]
        ),
        reverse("groups:detail", args=[kim.slug]): reverse("news:kim_feed", args=[kim.slug]),
    }
    for page, feed in expected.items():
        head = client.get(page).content.decode().split("</head>")[0]
        assert 'rel="alternate" type="application/rss+xml"' in head, page
        assert f'href="{feed}"' in head, page


def test_robots_txt_points_to_the_sitemap(client):
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in client.get("/robots.txt").content.decode()


def test_the_article_page_previews_a_rendition(client, articles):
    photo = articles[0].photo
    photo.refresh_from_db()
    name, width, height = photo.share_rendition()
    body = client.get(reverse("news:detail", args=[articles[0].slug])).content.decode()
    assert (
        f'<meta property="og:image" content="{settings.SITE_URL}{default_storage.url(name)}">'
        in body
    )
    assert f'<meta property="og:image:width" content="{width}">' in body
    assert f'<meta property="og:image:height" content="{height}">' in body


def test_a_feed_holds_the_latest_articles_only(client, kim, anggota):
    articles = bulk_public(FEED_SIZE + 5, author=anggota, kim=kim)  # newest first
    doc = parse(client, reverse("news:feed"))
    links = [
        item.getElementsByTagName("link")[0].firstChild.data
        for item in doc.getElementsByTagName("item")
    ]
    assert links == [f"{settings.SITE_URL}{a.get_absolute_url()}" for a in articles[:FEED_SIZE]]


def feed_urls(category, kim) -> list[str]:
    return [
        reverse("news:feed"),
        reverse("news:category_feed", args=[category.slug]),
        reverse("news:kim_feed", args=[kim.slug]),
    ]


def test_feeds_answer_head_with_their_type_from_the_cache_or_not(client, articles, category, kim):
    for url in feed_urls(category, kim):
        for _ in range(2):  # rendered, then served from the page cache
            response = client.head(url)
            assert response.status_code == 200, url
            assert response.content == b""
            assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
        assert client.get(url)["X-Page-Cache"] == "hit"


# The validators and the 304 answer come from the page cache (kim_portal/pagecache.py).
def test_a_feed_asked_again_with_its_etag_is_not_modified_until_an_article_appears(
    client, kim, anggota, ketua, redaksi, category, django_capture_on_commit_callbacks
):
    bulk_public(3, author=anggota, kim=kim, category=category)
    for url in feed_urls(category, kim):
        first = client.get(url)
        assert first.status_code == 200
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304 and again.content == b"", url
        since = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        assert since.status_code == 304 and since.content == b"", url
    firsts = {url: client.get(url)["ETag"] for url in feed_urls(category, kim)}
    article = write(anggota, kim, title="Kabar terbaru dari Ledok")
    article.categories.add(category)
    with django_capture_on_commit_callbacks(execute=True):
        services.article_submit(article=article, actor=anggota)
        services.article_approve(article=article, actor=ketua)
        services.article_publish(
            article=article, actor=redaksi, at=timezone.now() - timedelta(minutes=1)
        )
    for url, etag in firsts.items():
        changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert changed.status_code == 200 and changed["ETag"] != etag, url
        assert article.slug in changed.content.decode(), url
