"""The news cast, and articles in any state built through the services so every state has its
true history."""

from datetime import timedelta

import pytest
from django.utils import timezone

from groups.models import Membership
from news import services
from news.models import Article
from tests.conftest import add_member, make_user


@pytest.fixture
def cast(kim, ketua, anggota, redaksi) -> dict:
    """The people an article meets on its way: `article_in(state, **cast)`."""
    return {"author": anggota, "kim": kim, "ketua": ketua, "redaksi": redaksi}


def write(author, kim, title="Posyandu Ledok buka layanan malam", **extra) -> Article:
    return services.article_create(
        author=author,
        kim=kim,
        title=title,
        summary=extra.pop("summary", "Layanan posyandu kini buka sampai pukul 20.00."),
        body=extra.pop("body", "<p>Warga Ledok menyambut jadwal baru posyandu.</p>"),
        **extra,
    )


def second_pengurus(kim):
    user = make_user("sekretaris@uji.kim.id", "Sekretaris Uji")
    add_member(kim, user, Membership.Role.SEKRETARIS)
    return user


def article_in(state: str, *, author, kim, ketua, redaksi) -> Article:
    """An article by `author` (an anggota of `kim`) moved to `state` by `ketua` and `redaksi`."""
    article = write(author, kim)
    if state == Article.State.DRAFT:
        return article
    if state == Article.State.WITHDRAWN:
        services.article_withdraw(article=article, actor=author)
        return article
    services.article_submit(article=article, actor=author)
    if state == Article.State.KIM_REVIEW:
        return article
    if state == Article.State.CHANGES_REQUESTED:
        return services.article_request_changes(article=article, actor=ketua, note="Tambah foto.")
    services.article_approve(article=article, actor=ketua)
    if state == Article.State.REDAKSI_REVIEW:
        return article
    if state == Article.State.REJECTED:
        return services.article_reject(article=article, actor=redaksi, note="Bukan berita.")
    services.article_publish(
        article=article, actor=redaksi, at=timezone.now() - timedelta(minutes=1)
    )
    return article


def bulk_public(count: int, *, author, kim, category=None, photo=None, prefix="Kabar") -> list:
    """`count` public articles written straight to the database (for query budgets)."""
    now = timezone.now()
    articles = Article.objects.bulk_create(
        Article(
            title=f"{prefix} warga nomor {index}",
            slug=f"{prefix.lower()}-warga-{index}",
            summary=f"Ringkasan kabar nomor {index}.",
            body=f"<p>Isi kabar nomor {index}.</p>",
            author=author,
            kim=kim,
            kelurahan=kim.kelurahan if kim else None,
            photo=photo,
            state=Article.State.PUBLISHED,
            published_at=now - timedelta(minutes=index + 1),
        )
        for index in range(count)
    )
    if category is not None:
        Through = Article.categories.through
        Through.objects.bulk_create(
            Through(article_id=article.pk, category_id=category.pk) for article in articles
        )
    return articles
