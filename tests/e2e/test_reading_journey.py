"""A resident on a phone searches the news, opens an article and finds how to share it."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from news.models import Article, Category
from tests.conftest import add_member, make_kim, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def public_articles():
    kim = make_kim("KIM Ledok Berdaya")
    author = make_user("penulis@uji.kim.id", "Sri Wahyuni")
    add_member(kim, author)
    category = Category.objects.create(name="Pemerintahan", slug="pemerintahan")
    now = timezone.now()
    texts = [
        ("Musrenbang Ledok bahas pembangunan jalan", "Warga mengusulkan jalan baru."),
        ("Posyandu lansia buka Sabtu pagi", "Kader menambah jadwal layanan."),
        ("Kerja bakti saluran air", "Warga membersihkan selokan."),
    ]
    articles = []
    for index, (title, summary) in enumerate(texts):
        article = Article.objects.create(
            title=title,
            slug=f"berita-{index}",
            summary=summary,
            body=f"<p>{summary} Kegiatan berlangsung di balai RW.</p>",
            author=author,
            kim=kim,
            kelurahan=kim.kelurahan,
            state=Article.State.PUBLISHED,
            published_at=now - timedelta(hours=index + 1),
        )
        article.categories.add(category)
        articles.append(article)
    Article.objects.all().update_search_vector()
    return articles


def test_a_resident_searches_opens_an_article_and_sees_how_to_share_it(page, live_server):
    target = public_articles()[0]
    page.goto("/berita/")
    # A word as it appears in the title, so the journey holds on SQLite as on PostgreSQL
    # (stemming, "membangun" finding "pembangunan", is tested in tests/news/test_search.py).
    page.fill("input[name=q]", "pembangunan")
    with page.expect_navigation():
        page.locator("form[role=search] button[type=submit]").click()
    assert "q=pembangunan" in page.url
    result = page.locator(f'main a[href="/berita/{target.slug}/"]').first
    assert page.locator("main h2 mark").first.inner_text().lower() == "pembangunan"
    with page.expect_navigation():
        result.click()
    assert urlsplit(page.url).path == f"/berita/{target.slug}/"
    assert page.locator("h1").inner_text() == target.title
    assert "balai RW" in page.locator(".prose").inner_text()

    canonical = page.locator("link[rel=canonical]").get_attribute("href")
    assert canonical == f"{live_server.url}/berita/{target.slug}/"
    whatsapp = page.locator('a[href^="https://wa.me/"]')
    assert whatsapp.is_visible()
    assert parse_qs(urlsplit(whatsapp.get_attribute("href")).query)["text"][0].endswith(canonical)
    for host in ["https://www.facebook.com/", "https://x.com/", "https://t.me/"]:
        assert page.locator(f'a[href^="{host}"]').is_visible()
    copy = page.locator("a[data-copy-link]")
    assert copy.get_attribute("href") == canonical
    # The page fits the phone's width.
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
