"""What visitors read: one definition of public, the home page, lists, the article page."""

import json
import re
from datetime import timedelta
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from groups.models import Kim
from kim_portal.photos import photo_create
from news import services
from news.models import Article, Category
from tests.conftest import make_kim, make_user
from tests.news.conftest import article_in, bulk_public, write
from tests.sitemaps import sitemap_text

State = Article.State
pytestmark = pytest.mark.django_db

HIDDEN_STATES = [
    State.DRAFT,
    State.KIM_REVIEW,
    State.REDAKSI_REVIEW,
    State.CHANGES_REQUESTED,
    State.REJECTED,
    State.WITHDRAWN,
]


@pytest.fixture
def category(db):
    return Category.objects.create(name="Kesehatan", slug="kesehatan")


def published(cast, title: str, *, category=None, at=None, **extra) -> Article:
    article = write(cast["author"], cast["kim"], title=title, **extra)
    if category:
        article.categories.add(category)
    services.article_submit(article=article, actor=cast["author"])
    services.article_approve(article=article, actor=cast["ketua"])
    return services.article_publish(
        article=article, actor=cast["redaksi"], at=at or timezone.now() - timedelta(minutes=1)
    )


def hidden_articles(cast, category) -> list[Article]:
    """One article in every state a visitor must never see, all with the word 'rahasia'."""
    articles = []
    for state in HIDDEN_STATES:
        article = article_in(state, **cast)
        Article.objects.filter(pk=article.pk).update(title=f"Kabar rahasia {state}")
        article.categories.add(category)
        articles.append(article)
    unpublished = published(cast, "Kabar rahasia ditarik", category=category)
    services.article_unpublish(article=unpublished, actor=cast["redaksi"], note="Keliru.")
    articles.append(unpublished)
    articles.append(
        published(
            cast,
            "Kabar rahasia terjadwal",
            category=category,
            at=timezone.now() + timedelta(days=1),
        )
    )
    Article.objects.all().update_search_vector()
    return [Article.objects.get(pk=a.pk) for a in articles]


def test_hidden_articles_never_appear_on_any_public_page(client, cast, category):
    visible = published(cast, "Kabar terbuka untuk warga", category=category)
    hidden = hidden_articles(cast, category)
    pages = [
        reverse("home"),
        reverse("news:list"),
        reverse("news:list") + "?q=rahasia",
        reverse("news:list") + f"?kim={cast['kim'].slug}",
        reverse("news:category", args=[category.slug]),
        reverse("news:feed"),
        reverse("news:category_feed", args=[category.slug]),
        reverse("news:kim_feed", args=[cast["kim"].slug]),
        reverse("groups:detail", args=[cast["kim"].slug]),
    ]
    for url in pages:
        content = client.get(url).content.decode()
        for article in hidden:
            assert article.slug not in content, (url, article.state)
    for article in hidden:
        assert article.slug not in sitemap_text(client), article.state
    assert visible.slug in client.get(reverse("news:list")).content.decode()
    for article in hidden:
        status = client.get(article.get_absolute_url()).status_code
        assert status == (410 if article.state == State.WITHDRAWN and article.published_at else 404)


def test_articles_of_a_kim_no_longer_verified_are_hidden(client, cast):
    article = published(cast, "Kabar dari KIM yang dinonaktifkan")
    Kim.objects.filter(pk=cast["kim"].pk).update(status=Kim.Status.INACTIVE)
    assert client.get(article.get_absolute_url()).status_code == 404
    assert article.slug not in client.get(reverse("news:list")).content.decode()


def test_a_scheduled_article_appears_when_its_time_comes(client, cast):
    article = published(cast, "Kabar terjadwal", at=timezone.now() + timedelta(hours=1))
    assert article.slug not in client.get(reverse("news:list")).content.decode()
    assert client.get(article.get_absolute_url()).status_code == 404
    later = timezone.now() + timedelta(hours=2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert article.slug in client.get(reverse("news:list")).content.decode()
        assert client.get(article.get_absolute_url()).status_code == 200


def test_the_home_page_leads_with_the_featured_article_and_links_articles(client, cast):
    first = published(cast, "Kabar pertama")
    for number in range(4):
        published(cast, f"Kabar lain {number}")
    services.article_feature(article=first, actor=cast["redaksi"])
    content = client.get(reverse("home")).content.decode()
    assert len(set(re.findall(r'href="/berita/([\w-]+)/"', content))) >= 3
    featured = content.split('class="featured')[1].split("</section>")[0]
    assert f'href="/berita/{first.slug}/"' in featured


def test_the_redaksi_features_an_article_from_its_review_page(client_for, cast):
    article = published(cast, "Kabar unggulan")
    url = reverse("news:feature", args=[article.pk])
    client_for(cast["ketua"]).post(url)
    assert Article.objects.get(pk=article.pk).featured_at is None
    client_for(cast["redaksi"]).post(url)
    assert Article.objects.get(pk=article.pk).featured_at is not None
    client_for(cast["redaksi"]).post(reverse("news:unfeature", args=[article.pk]))
    assert Article.objects.get(pk=article.pk).featured_at is None
    assert client_for(cast["redaksi"]).get(url).status_code == 405


def test_only_public_articles_can_be_featured(cast):
    article = article_in(State.REDAKSI_REVIEW, **cast)
    with pytest.raises(services.ArticleActionRefused):
        services.article_feature(article=article, actor=cast["redaksi"])


def test_the_list_pages_by_ten_and_filters_by_category_kecamatan_and_kim(
    client, cast, category, redaksi
):
    bulk_public(12, author=cast["author"], kim=cast["kim"])
    other_kim = make_kim("KIM Sidorejo Lor", kelurahan="sidorejo-lor")
    bulk_public(2, author=redaksi, kim=other_kim, category=category, prefix="Lain")
    response = client.get(reverse("news:list"))
    assert len(response.context["page"]) == 10
    assert response.context["page"].paginator.count == 14
    by_kim = client.get(reverse("news:list"), {"kim": other_kim.slug}).context["page"]
    assert {a.kim_id for a in by_kim} == {other_kim.pk}
    by_category = client.get(reverse("news:list"), {"category": category.slug}).context["page"]
    assert by_category.paginator.count == 2
    kecamatan = other_kim.kelurahan.kecamatan
    by_kecamatan = client.get(reverse("news:list"), {"kecamatan": kecamatan.slug})
    assert all(a.kelurahan.kecamatan_id == kecamatan.pk for a in by_kecamatan.context["page"])
    unknown = client.get(reverse("news:list"), {"kim": "tidak-ada", "page": "99"})
    assert unknown.status_code == 200
    second = client.get(reverse("news:list"), {"kim": cast["kim"].slug, "page": 2})
    assert len(second.context["page"]) == 2
    assert f"kim={cast['kim'].slug}&amp;page=1" in second.content.decode()


def test_a_category_page_lists_its_public_articles(client, cast, category):
    inside = published(cast, "Kabar kesehatan", category=category)
    outside = published(cast, "Kabar olahraga")
    content = client.get(reverse("news:category", args=[category.slug])).content.decode()
    assert inside.slug in content and outside.slug not in content
    assert client.get(reverse("news:category", args=["tidak-ada"])).status_code == 404


def test_the_kim_page_lists_its_latest_five_articles_and_links_to_all(client, cast):
    bulk_public(7, author=cast["author"], kim=cast["kim"])
    content = client.get(reverse("groups:detail", args=[cast["kim"].slug])).content.decode()
    assert len(re.findall(r'href="/berita/kabar-warga-\d+/"', content)) == 5
    assert f'href="/berita/?kim={cast["kim"].slug}"' in content


def image() -> Image.Image:
    return Image.new("RGB", (1200, 800), (20, 120, 90))


def test_the_article_page_has_its_parts_for_readers_and_for_sharing(client, cast, category):
    photo = photo_create(image=image())
    article = published(
        cast,
        "Posyandu </script> & <b>buka</b>",
        category=category,
        photo=photo,
        photo_caption="Kader menimbang balita",
        photo_credit="KIM Uji",
    )
    related = published(cast, "Kabar kesehatan lain", category=category)
    unrelated = published(cast, "Kabar tanpa kategori")
    response = client.get(article.get_absolute_url())
    content = response.content.decode()
    url = settings.SITE_URL + article.get_absolute_url()
    assert content.count("<h1") == 1
    assert f'<link rel="canonical" href="{url}">' in content
    assert f'<meta property="og:url" content="{url}">' in content
    assert '<meta property="og:type" content="article">' in content
    assert f'content="{settings.SITE_URL}{photo.original.url}"' in content
    assert 'name="twitter:card" content="summary_large_image"' in content
    assert "Kader menimbang balita" in content and "KIM Uji" in content
    assert 'rel="alternate" type="application/rss+xml"' in content
    assert related.slug in content and unrelated.slug not in content
    assert article.published_at.strftime("%Y") in content
    # JSON-LD: parseable, and the title's </script> cannot close the tag early.
    ld = content.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert "<" not in ld and ">" not in ld
    data = json.loads(ld)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == article.title
    assert data["mainEntityOfPage"] == url


def test_share_links_carry_the_canonical_url_encoded(client, cast):
    article = published(cast, "Kerja bakti & lomba: 17 Agustus?")
    url = settings.SITE_URL + article.get_absolute_url()
    content = client.get(article.get_absolute_url()).content.decode()
    hrefs = [h.replace("&amp;", "&") for h in re.findall(r'href="(https://[^"]+)"', content)]
    by_host = {urlsplit(h).netloc: parse_qs(urlsplit(h).query) for h in hrefs}
    assert by_host["wa.me"]["text"] == [f"{article.title} {url}"]
    assert by_host["www.facebook.com"]["u"] == [url]
    assert by_host["x.com"]["url"] == [url]
    assert by_host["t.me"]["url"] == [url]
    assert "text=Kerja+bakti+%26+lomba%3A+17+Agustus%3F" in content.replace("&amp;", "&")
    assert f'href="{url}" data-copy-link' in content


def test_the_article_date_is_written_in_indonesian(client, cast):
    article = published(cast, "Kabar bulan Desember")
    when = timezone.make_aware(timezone.datetime(2025, 12, 1, 10, 0))
    Article.objects.filter(pk=article.pk).update(published_at=when)
    client.cookies["django_language"] = "id"
    assert "1 Desember 2025" in client.get(article.get_absolute_url()).content.decode()


# -- fixed query counts, at 10 and at 500 articles -----------------------------


@pytest.fixture
def many(request, cast, category):
    photo = photo_create(image=image())
    articles = bulk_public(
        request.param, author=cast["author"], kim=cast["kim"], category=category, photo=photo
    )
    services.article_feature(article=articles[3], actor=cast["redaksi"])
    Article.objects.all().update_search_vector()
    return articles


@pytest.mark.parametrize("many", [10, 500], indirect=True)
def test_public_pages_run_a_fixed_number_of_queries(
    client, cast, category, many, django_assert_max_num_queries
):
    pages = {
        reverse("home"): 10,
        reverse("news:list"): 8,
        # the planner's estimate and a capped count of the matches (news/search.py)
        reverse("news:list") + "?q=kabar&category=kesehatan": 9,
        reverse("news:category", args=[category.slug]): 6,
        many[0].get_absolute_url(): 6,
        reverse("groups:detail", args=[cast["kim"].slug]): 6,
        reverse("news:feed"): 4,
        reverse("news:category_feed", args=[category.slug]): 5,
        reverse("news:kim_feed", args=[cast["kim"].slug]): 5,
        reverse(
            "sitemap"
        ): 16,  # the few lookups of each section (tests/kim_portal/test_sitemaps.py)
        reverse("sitemap_section", args=["news"]): 3,
    }
    for url, budget in pages.items():
        with django_assert_max_num_queries(budget):
            assert client.get(url).status_code == 200, url


def test_a_reader_with_a_session_is_not_served_the_anonymous_cache(client_for, cast):
    published(cast, "Kabar untuk semua")
    visitor = make_user("pembaca@uji.kim.id", "Pembaca")
    assert client_for(visitor).get(reverse("news:list")).status_code == 200
