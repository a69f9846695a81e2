"""The comment desk under a spam wave: pages of fixed cost, bulk decisions, and spam sorted out
by its content before it reaches the queue."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from news import comments
from news.models import Article, Comment
from tests.conftest import make_user
from tests.news.conftest import article_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(kim, ketua, anggota, redaksi) -> Article:
    return article_in(
        Article.State.PUBLISHED, author=anggota, kim=kim, ketua=ketua, redaksi=redaksi
    )


def pending(article, count: int, start: int = 0) -> list[Comment]:
    return Comment.objects.bulk_create(
        Comment(article=article, name=f"Warga {n}", email=f"w{n}@contoh.id", text=f"Teks {n}")
        for n in range(start, start + count)
    )


def queue_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("news:comment_queue")).status_code == 200
    return len(queries)


# -- pages ----------------------------------------------------------------------------------


def test_the_queue_shows_fifty_comments_a_page(client_for, redaksi, article):
    pending(article, 60)
    client = client_for(redaksi)
    first = client.get(reverse("news:comment_queue")).content.decode()
    assert first.count('class="card comment-moderation"') == 50
    second = client.get(reverse("news:comment_queue"), {"page": 2}).content.decode()
    assert second.count('class="card comment-moderation"') == 10
    assert "Teks 59" in second


def test_the_queue_costs_the_same_queries_at_five_and_at_three_hundred(
    client_for, redaksi, article
):
    client = client_for(redaksi)
    pending(article, 5)
    small = queue_queries(client)
    pending(article, 295, start=5)
    assert queue_queries(client) == small


# -- bulk decisions -------------------------------------------------------------------------


def test_the_redaksi_approves_a_selection_at_once(client_for, redaksi, article):
    chosen, left = pending(article, 3), pending(article, 2, start=3)
    response = client_for(redaksi).post(
        reverse("news:comment_bulk"),
        {"action": "approve", "comment": [c.pk for c in chosen], "page": "1"},
    )
    assertRedirects(response, reverse("news:comment_queue") + "?page=1")
    assert set(Comment.objects.filter(state="approved")) == set(chosen)
    assert set(Comment.objects.filter(state="pending")) == set(left)


@pytest.mark.usefixtures("english")
def test_a_bulk_spam_skips_comments_already_decided_and_says_so(client_for, redaksi, article):
    chosen = pending(article, 3)
    Comment.objects.filter(pk=chosen[0].pk).update(state="approved")
    response = client_for(redaksi).post(
        reverse("news:comment_bulk"),
        {"action": "spam", "comment": [c.pk for c in chosen]},
        follow=True,
    )
    assertContains(response, "2 comments done.")
    assertContains(response, "1 comment not changed: This comment has already been moderated")
    assert Comment.objects.filter(state="spam").count() == 2


@pytest.mark.usefixtures("english")
def test_a_bulk_decision_needs_a_selection_and_an_action(client_for, redaksi, article):
    pending(article, 1)
    response = client_for(redaksi).post(
        reverse("news:comment_bulk"), {"action": "approve"}, follow=True
    )
    assertContains(response, "Tick at least one comment")
    assert not Comment.objects.exclude(state="pending").exists()


def test_bulk_moderation_permissions(client, client_for, anggota, redaksi, article):
    (comment,) = pending(article, 1)
    url = reverse("news:comment_bulk")
    data = {"action": "approve", "comment": [comment.pk]}
    assert client.post(url, data).status_code == 302  # to the login page
    assert reverse("account_login") in client.post(url, data)["Location"]
    assert client_for(anggota).post(url, data).status_code == 403
    assert client_for(redaksi).get(url).status_code == 405
    guarded = Client(enforce_csrf_checks=True)
    guarded.force_login(redaksi)
    assert guarded.post(url, data).status_code == 403
    comment.refresh_from_db()
    assert comment.state == "pending"


# -- spam before the queue ------------------------------------------------------------------


def post(client, article, text, **fields):
    data = {"name": "Pengunjung", "email": "p@contoh.id", "text": text, **fields}
    return client.post(reverse("news:comment", args=[article.slug]), data)


@pytest.mark.usefixtures("english")
def test_a_comment_with_many_links_is_refused_with_its_text_kept(client, article):
    text = "Lihat http://a.example http://b.example www.c.example"
    response = post(client, article, text)
    assert response.status_code == 400
    assertContains(response, "at most 2 links", status_code=400)
    assertContains(response, "http://b.example", status_code=400)
    assert not Comment.objects.exists()


def test_spam_words_never_reach_the_queue(client_for, client, redaksi, article):
    assert post(client, article, "Main SLOT gacor maxwin hari ini").status_code == 302
    assert Comment.objects.get().state == "spam"
    assert (
        "SLOT gacor" not in client_for(redaksi).get(reverse("news:comment_queue")).content.decode()
    )


def test_one_text_repeated_from_many_addresses_is_spam_after_three(article):
    states = []
    for n in range(5):
        comment = comments.comment_create(
            article=article,
            name=f"Akun {n}",
            email=f"a{n}@contoh.id",
            text="Kunjungi   toko kami sekarang!",
            ip_address=f"10.1.0.{n}",
        )
        states.append(comment.state)
    assert states == ["pending", "pending", "pending", "spam", "spam"]


def test_a_trusted_commenter_stays_trusted_but_spam_words_wait_for_a_person(article):
    reader = make_user("pembaca@uji.kim.id", "Pembaca Setia")
    Comment.objects.create(
        article=article, user=reader, name="P", email=reader.email, text="Dulu", state="approved"
    )
    ok = comments.comment_create(article=article, user=reader, text="Terima kasih infonya.")
    odd = comments.comment_create(article=article, user=reader, text="Info togel di sini")
    assert (ok.state, odd.state) == ("approved", "pending")
