"""The sitemap: an index of paged sections with lastmod, public rows only, a fixed number of
queries whatever the data, cached for anonymous visitors, HEAD and conditional requests."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from groups.models import Kim
from kim_portal import pagecache
from materials.models import Material
from news import services as news_services
from news.models import Article, Category
from news.sitemaps import NewsSitemap
from tests.conftest import make_kim
from tests.materials.conftest import make_material
from tests.news.conftest import article_in, bulk_public, write
from tests.sitemaps import NS, local, section_pages, sitemap_entries
from tests.workshops.conftest import make_event
from workshops.models import Event

pytestmark = pytest.mark.django_db

BASE = settings.SITE_URL


def day(moment) -> str:
    """A lastmod as a section page writes it: the local date."""
    return timezone.localtime(moment).date().isoformat()


def index_lastmods(client) -> dict[str, str | None]:
    root = ElementTree.fromstring(client.get(reverse("sitemap")).content)
    return {
        entry.find("s:loc", NS).text: getattr(entry.find("s:lastmod", NS), "text", None)
        for entry in root.findall("s:sitemap", NS)
    }


def publish(cast, title: str) -> Article:
    article = write(cast["author"], cast["kim"], title=title)
    news_services.article_submit(article=article, actor=cast["author"])
    news_services.article_approve(article=article, actor=cast["ketua"])
    return news_services.article_publish(
        article=article, actor=cast["redaksi"], at=timezone.now() - timedelta(minutes=1)
    )


@pytest.fixture
def cast(kim, ketua, anggota, redaksi) -> dict:
    return {"author": anggota, "kim": kim, "ketua": ketua, "redaksi": redaksi}


# --- The index and its sections ---------------------------------------------------------------


def test_the_index_lists_every_section_and_every_page_of_a_long_one(
    client, monkeypatch, kim, anggota
):
    monkeypatch.setattr(NewsSitemap, "limit", 5)
    articles = bulk_public(12, author=anggota, kim=kim)
    pages = section_pages(client)
    news = f"{BASE}/sitemap-news.xml"
    assert [page for page in pages if page.startswith(news)] == [news, f"{news}?p=2", f"{news}?p=3"]
    for section in ["pages", "kim-pages", "kim", "events", "news-categories", "materials"]:
        assert f"{BASE}/sitemap-{section}.xml" in pages
    # Every article once, on the page its key falls in.
    urls = [
        url.find("s:loc", NS).text
        for page in pages
        if page.startswith(news)
        for url in ElementTree.fromstring(client.get(local(page)).content).findall("s:url", NS)
    ]
    by_key = sorted(articles, key=lambda article: article.pk)
    assert urls == [f"{BASE}{article.get_absolute_url()}" for article in by_key]
    first_page = ElementTree.fromstring(client.get(local(news)).content).findall("s:url/s:loc", NS)
    assert [loc.text for loc in first_page] == urls[:5]


def test_pages_that_do_not_exist_are_not_found(client, monkeypatch, kim, anggota):
    monkeypatch.setattr(NewsSitemap, "limit", 5)
    bulk_public(12, author=anggota, kim=kim)
    for path in [
        "/sitemap-news.xml?p=4",
        "/sitemap-news.xml?p=0",
        "/sitemap-news.xml?p=dua",
        "/sitemap-tidak-ada.xml",
    ]:
        assert client.get(path).status_code == 404, path


def test_an_empty_section_is_one_empty_page(client):
    Category.objects.create(name="Kosong", slug="kosong")  # no public article: not listed
    assert f"{BASE}/sitemap-news-categories.xml" in section_pages(client)
    response = client.get("/sitemap-news-categories.xml")
    assert response.status_code == 200
    assert ElementTree.fromstring(response.content).findall("s:url", NS) == []
    assert client.get("/sitemap-news-categories.xml?p=2").status_code == 404


def test_each_row_carries_its_lastmod_and_the_index_each_section_s_latest(client, cast, redaksi):
    now = timezone.now()
    edited = publish(cast, "Kabar yang disunting kemudian")
    Article.objects.filter(pk=edited.pk).update(
        published_at=now - timedelta(days=10), updated_at=now - timedelta(days=2)
    )
    # Written long before it was due: it appears at its publication.
    scheduled = publish(cast, "Kabar yang ditulis jauh hari")
    Article.objects.filter(pk=scheduled.pk).update(
        updated_at=now - timedelta(days=30), published_at=now - timedelta(days=1)
    )
    category = Category.objects.create(name="Budaya", slug="budaya")
    edited.categories.add(category)
    event = make_event("Sarasehan Warga")
    material = make_material("Siaran Pers Posyandu", author=redaksi)
    edited.refresh_from_db()
    scheduled.refresh_from_db()
    entries = sitemap_entries(client)
    assert entries[f"{BASE}{edited.get_absolute_url()}"] == day(edited.updated_at)
    assert entries[f"{BASE}{scheduled.get_absolute_url()}"] == day(scheduled.published_at)
    # A category's page changes with its newest article.
    assert entries[f"{BASE}/berita/kategori/budaya/"] == day(edited.updated_at)
    assert entries[f"{BASE}{cast['kim'].get_absolute_url()}"] == day(cast["kim"].updated_at)
    assert entries[f"{BASE}{event.get_absolute_url()}"] == day(event.updated_at)
    assert entries[f"{BASE}{material.get_absolute_url()}"] == day(material.updated_at)
    assert entries[f"{BASE}/tentang/"] is None  # a fixed page has no date to give

    latest = index_lastmods(client)
    newest = timezone.localtime(scheduled.published_at).isoformat()
    assert latest[f"{BASE}/sitemap-news.xml"] == newest
    assert latest[f"{BASE}/sitemap-events.xml"] == timezone.localtime(event.updated_at).isoformat()
    assert latest[f"{BASE}/sitemap-pages.xml"] is None


def test_nothing_unpublished_or_private_is_in_any_section(client, cast, redaksi):
    visible = publish(cast, "Kabar terbuka untuk warga")
    hidden_articles = [
        article_in(state, **cast)
        for state in [
            Article.State.DRAFT,
            Article.State.KIM_REVIEW,
            Article.State.REDAKSI_REVIEW,
            Article.State.CHANGES_REQUESTED,
            Article.State.REJECTED,
            Article.State.WITHDRAWN,
        ]
    ]
    unpublished = publish(cast, "Kabar yang ditarik")
    news_services.article_unpublish(article=unpublished, actor=cast["redaksi"], note="Keliru.")
    scheduled = publish(cast, "Kabar terjadwal")
    Article.objects.filter(pk=scheduled.pk).update(published_at=timezone.now() + timedelta(days=1))
    quiet_kim = make_kim("KIM Nonaktif", kelurahan="dukuh")
    [of_quiet_kim] = bulk_public(1, author=cast["author"], kim=quiet_kim, prefix="Senyap")
    Kim.objects.filter(pk=quiet_kim.pk).update(status=Kim.Status.INACTIVE)
    secret = Category.objects.create(name="Rahasia", slug="rahasia")
    hidden_articles[0].categories.add(secret)
    pending = make_kim("KIM Menunggu", kelurahan="dukuh", status=Kim.Status.PENDING)
    members_event = make_event("Rapat Anggota", audience=Event.Audience.MEMBERS)
    draft_event = make_event("Rencana Acara", status=Event.Status.DRAFT)
    cancelled_event = make_event("Acara Batal", status=Event.Status.CANCELLED)
    public_material = make_material("Bahan Terbuka", author=redaksi)
    hidden_materials = [
        make_material("Bahan Anggota", author=redaksi, audience=Material.Audience.MEMBERS),
        make_material("Bahan Kedaluwarsa", author=redaksi, starts=-30, ends=-2),
        make_material("Bahan Mendatang", author=redaksi, starts=5),
        make_material("Bahan Draf", author=redaksi, published=False),
    ]

    entries = sitemap_entries(client)
    for shown in [visible, cast["kim"], members_event, public_material]:
        assert f"{BASE}{shown.get_absolute_url()}" in entries, shown
    hidden = [
        *hidden_articles,
        unpublished,
        scheduled,
        of_quiet_kim,
        quiet_kim,
        pending,
        draft_event,
        cancelled_event,
        *hidden_materials,
    ]
    for thing in hidden:
        assert f"{BASE}{thing.get_absolute_url()}" not in entries, thing
    assert f"{BASE}/berita/kategori/rahasia/" not in entries


# --- Cost ---------------------------------------------------------------------------------------


def grow(count: int, *, kim, author, start: int) -> None:
    bulk_public(count, author=author, kim=kim, prefix=f"K{start}")
    for number in range(start, start + count):
        make_kim(f"KIM Tambahan {number}", kelurahan="dukuh")
        make_event(f"Forum Warga {number}")


def queries(client, path: str) -> int:
    pagecache.cache.clear()  # the page cache would answer the second time
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200, path
    return len(captured.captured_queries)


def test_the_index_and_a_section_ask_as_many_queries_at_3_and_at_30_rows(
    client, kim, anggota, redaksi
):
    make_material("Bahan Terbuka", author=redaksi)
    Category.objects.create(name="Budaya", slug="budaya")
    paths = [reverse("sitemap"), *[f"/sitemap-{s}.xml" for s in ["news", "kim", "events"]]]
    grow(3, kim=kim, author=anggota, start=0)
    small = {path: queries(client, path) for path in paths}
    grow(27, kim=kim, author=anggota, start=3)
    assert {path: queries(client, path) for path in paths} == small
    assert small[reverse("sitemap")] <= 16  # the few lookups of each section
    assert small["/sitemap-news.xml"] <= 3  # the first and last key, then the page


# --- Cache, HEAD and conditional requests -------------------------------------------------------


@pytest.mark.parametrize("path", ["/sitemap.xml", "/sitemap-news.xml", "/sitemap-pages.xml"])
def test_sitemaps_answer_head_with_their_type_from_the_cache_or_not(client, cast, path):
    publish(cast, "Kabar untuk mesin pencari")
    for _ in range(2):  # rendered, then served from the page cache
        response = client.head(path)
        assert response.status_code == 200
        assert response.content == b""
        assert response["Content-Type"] == "application/xml"
        assert response["X-Robots-Tag"] == "noindex, noodp, noarchive"
    assert client.get(path)["X-Page-Cache"] == "hit"


# The validators and the 304 answer come from the page cache (kim_portal/pagecache.py).
@pytest.mark.parametrize("path", ["/sitemap.xml", "/sitemap-news.xml"])
def test_a_sitemap_asked_again_with_its_etag_is_not_modified_until_an_article_appears(
    client, cast, path, django_capture_on_commit_callbacks
):
    publish(cast, "Kabar pertama")
    first = client.get(path)
    assert first.status_code == 200
    again = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    since = client.get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304 and since.content == b""
    with django_capture_on_commit_callbacks(execute=True):
        article = publish(cast, "Kabar kedua")
    changed = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    if path != "/sitemap.xml":
        assert article.slug in changed.content.decode()
