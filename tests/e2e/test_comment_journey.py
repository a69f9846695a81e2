"""A resident comments on an article from a phone; the Redaksi approves it on the desk."""

import pytest

from news.models import Article, Comment
from tests.e2e.conftest import log_in
from tests.news.conftest import article_in

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = "Terima kasih, jadwal posyandu malam sangat membantu warga yang bekerja."
EMAIL = "bu.sri@contoh.id"


@pytest.fixture
def article(kim, anggota, ketua, redaksi) -> Article:
    return article_in(
        Article.State.PUBLISHED, author=anggota, kim=kim, ketua=ketua, redaksi=redaksi
    )


def leave_comment(page, article: Article) -> None:
    page.goto(article.get_absolute_url())
    form = page.locator("form.comment-form")
    form.locator("input[name=name]").fill("Bu Sri")
    form.locator("input[name=email]").fill(EMAIL)
    form.locator("textarea[name=text]").fill(TEXT)
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"**{article.get_absolute_url()}#comments")


def test_a_resident_comments_and_the_redaksi_approves_it(new_page, page, article, redaksi):
    leave_comment(page, article)
    assert page.locator(".message").count() == 1
    comment = Comment.objects.get()
    assert comment.state == Comment.State.PENDING
    assert TEXT not in page.content()

    desk = new_page()
    log_in(desk, redaksi.email)
    desk.goto("/redaksi/")
    desk.locator("a[href='/redaksi/komentar/']").click()
    desk.wait_for_url("**/redaksi/komentar/")
    assert desk.locator(f"a[href='{article.get_absolute_url()}']").count() == 1
    desk.locator(f"form[action='/redaksi/komentar/{comment.pk}/approve/'] button").click()
    desk.wait_for_url("**/redaksi/komentar/")
    comment.refresh_from_db()
    assert comment.state == Comment.State.APPROVED

    page.goto(article.get_absolute_url())
    assert page.locator(f"#comment-{comment.pk}").inner_text().count(TEXT) == 1
    assert EMAIL not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")


def test_the_comment_form_works_without_javascript(new_page, article):
    page = new_page(javascript=False)
    leave_comment(page, article)
    assert Comment.objects.get().text == TEXT


def test_the_redaksi_ticks_comments_and_approves_them_at_once(new_page, article, redaksi):
    from tests.e2e.conftest import DESKTOP

    waiting = Comment.objects.bulk_create(
        Comment(article=article, name=f"Warga {n}", email=f"w{n}@contoh.id", text=f"Komentar {n}")
        for n in range(3)
    )
    for viewport in (None, DESKTOP):
        desk = new_page(viewport=viewport) if viewport else new_page()
        log_in(desk, redaksi.email)
        desk.goto("/redaksi/komentar/")
        assert desk.evaluate("document.documentElement.scrollWidth <= innerWidth")
    for comment in waiting[:2]:
        desk.check(f"input[name=comment][value='{comment.pk}']")
    desk.locator("#bulk-form button[value=approve]").click()
    desk.wait_for_url("**/redaksi/komentar/**")
    assert desk.locator(".message-success").count() == 1
    states = dict(Comment.objects.values_list("pk", "state"))
    assert [states[c.pk] for c in waiting] == ["approved", "approved", "pending"]
