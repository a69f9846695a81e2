"""Comments on articles: writing, moderation, trust, spam defences, privacy and the page cache."""

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains

from news import comments
from news.models import Article, Comment
from tests.conftest import make_user
from tests.news.conftest import article_in

pytestmark = pytest.mark.django_db

READER_EMAIL = "pembaca.rahasia@contoh.id"


@pytest.fixture
def article(kim, ketua, anggota, redaksi) -> Article:
    return article_in(
        Article.State.PUBLISHED, author=anggota, kim=kim, ketua=ketua, redaksi=redaksi
    )


def post_comment(client, article, **fields):
    data = {"name": "Bu Sri", "email": READER_EMAIL, "text": "Terima kasih infonya.", **fields}
    return client.post(reverse("news:comment", args=[article.slug]), data)


def approved_comment(article, user=None, text="Sudah disetujui.") -> Comment:
    comment = Comment.objects.create(
        article=article,
        user=user,
        name=user.full_name if user else "Pak Joko",
        email=user.email if user else "joko@contoh.id",
        text=text,
        state=Comment.State.APPROVED,
    )
    return comment


# -- writing -------------------------------------------------------------------


def test_the_article_page_has_the_comment_form_with_an_email_input(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'action="{reverse("news:comment", args=[article.slug])}"' in html
    assert 'type="email"' in html and 'name="email"' in html and "required" in html
    assert 'name="website"' in html and 'tabindex="-1"' in html
    assert "csrfmiddlewaretoken" not in html


def test_an_anonymous_comment_waits_for_moderation(client, article):
    response = post_comment(client, article)
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}#comments"
    comment = Comment.objects.get()
    assert comment.state == Comment.State.PENDING
    assert comment.user is None and comment.email == READER_EMAIL
    assert comment.ip_address == "127.0.0.1"
    assert comment.text not in client.get(article.get_absolute_url()).content.decode()


def test_the_reader_is_told_the_comment_waits(client, article):
    client.cookies["django_language"] = "en"
    response = post_comment(client, article, text="Kapan jadwal berikutnya?")
    page = client.get(response["Location"])
    assert "waiting for moderation" in page.content.decode()


def test_invalid_input_is_shown_again_with_the_errors_and_what_was_typed(client, article):
    response = post_comment(client, article, email="bukan-alamat", text="")
    assert response.status_code == 200
    form = response.context["comment_form"]
    assert set(form.errors) == {"email", "text"}
    html = response.content.decode()
    assert 'value="Bu Sri"' in html and 'value="bukan-alamat"' in html
    assert article.title in html
    assert not Comment.objects.exists()


def test_comments_on_unpublished_articles_are_404(client, kim, ketua, anggota, redaksi):
    draft = article_in(Article.State.DRAFT, author=anggota, kim=kim, ketua=ketua, redaksi=redaksi)
    assert post_comment(client, draft).status_code == 404


def test_the_comment_url_answers_405_to_get(client, article):
    assert client.get(reverse("news:comment", args=[article.slug])).status_code == 405


def test_a_signed_in_reader_comments_under_the_account_name(client_for, outsider, article):
    client = client_for(outsider)
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'name="email"' not in html and outsider.full_name in html
    post_comment(client, article, name="Nama Palsu", email="palsu@contoh.id")
    comment = Comment.objects.get()
    assert (comment.user, comment.name, comment.email) == (
        outsider,
        outsider.full_name,
        outsider.email,
    )


# -- trust ---------------------------------------------------------------------


def test_a_verified_reader_with_an_approved_comment_is_published_at_once(
    client_for, outsider, article, mailoutbox, django_capture_on_commit_callbacks
):
    approved_comment(article, outsider)
    client = client_for(outsider)
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(client, article, text="Komentar kedua saya.")
    assert Comment.objects.latest("pk").state == Comment.State.APPROVED
    assert "Komentar kedua saya." in client.get(article.get_absolute_url()).content.decode()
    assert [m.to for m in mailoutbox] == [["ketua@uji.kim.id"]]


def test_the_form_tells_a_trusted_reader_the_comment_appears_at_once(client_for, outsider, article):
    client = client_for(outsider)
    waits = "Komentar akan tampil setelah dibaca oleh Redaksi."
    assert waits in client.get(article.get_absolute_url()).content.decode()
    approved_comment(article, outsider)
    body = client.get(article.get_absolute_url()).content.decode()
    assert waits not in body
    assert "Komentar Anda langsung tampil" in body


def test_a_first_comment_from_a_verified_reader_still_waits(client_for, outsider, article):
    post_comment(client_for(outsider), article)
    assert Comment.objects.get().state == Comment.State.PENDING


def test_an_unverified_address_is_not_trusted(client_for, article):
    reader = make_user("belum@uji.kim.id", "Belum Verifikasi")
    EmailAddress.objects.filter(user=reader).update(verified=False)
    approved_comment(article, reader)
    post_comment(client_for(reader), article, text="Lagi.")
    assert Comment.objects.latest("pk").state == Comment.State.PENDING


# -- spam defences ---------------------------------------------------------------


def test_the_honeypot_refuses_the_comment_and_says_why(client, article):
    response = post_comment(client, article, website="http://obat-murah.example")
    assert response.status_code == 200
    errors = response.context["comment_form"].errors.as_data()
    assert errors["__all__"][0].code == "honeypot"
    assert 'value="http://obat-murah.example"' not in response.content.decode()
    assert not Comment.objects.exists()


def test_more_than_five_comments_in_ten_minutes_from_one_address_are_refused(client, article):
    for number in range(comments.RATE_LIMIT):
        assert post_comment(client, article, text=f"Komentar {number}").status_code == 302
    response = post_comment(client, article, text="Satu lagi")
    assert response.status_code == 429
    assert "__all__" in response.context["comment_form"].errors
    assert 'value="Bu Sri"' in response.content.decode()
    assert Comment.objects.count() == comments.RATE_LIMIT
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert post_comment(other, article).status_code == 302


# -- CSRF ----------------------------------------------------------------------


def test_anonymous_comments_need_no_csrf_token(article):
    client = Client(enforce_csrf_checks=True)
    assert post_comment(client, article).status_code == 302
    assert Comment.objects.get().state == Comment.State.PENDING


def test_signed_in_comments_without_a_csrf_token_are_refused(outsider, article):
    client = Client(enforce_csrf_checks=True)
    client.force_login(outsider)
    assert post_comment(client, article).status_code == 403
    assert not Comment.objects.exists()


def test_signed_in_comments_with_the_csrf_token_are_accepted(outsider, article):
    client = Client(enforce_csrf_checks=True)
    client.force_login(outsider)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "csrfmiddlewaretoken" in html
    token = client.cookies["csrftoken"].value
    assert post_comment(client, article, csrfmiddlewaretoken=token).status_code == 302
    assert Comment.objects.get().user == outsider


# -- moderation ------------------------------------------------------------------


MODERATION_ACTIONS = ["news:comment_approve", "news:comment_reject", "news:comment_spam"]


@pytest.fixture
def pending(article) -> Comment:
    return comments.comment_create(
        article=article, name="Bu Sri", email=READER_EMAIL, text="Mohon info lanjut."
    )


def test_anonymous_visitors_are_sent_to_log_in_from_moderation(client, pending):
    for url in [reverse("news:comment_queue")] + [
        reverse(name, args=[pending.pk]) for name in MODERATION_ACTIONS
    ]:
        response = client.post(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_only_the_redaksi_moderates(client_for, anggota, ketua, pending):
    for user in (anggota, ketua):
        client = client_for(user)
        assert client.get(reverse("news:comment_queue")).status_code == 403
        for name in MODERATION_ACTIONS:
            assert client.post(reverse(name, args=[pending.pk])).status_code == 403
    pending.refresh_from_db()
    assert pending.state == Comment.State.PENDING


def test_moderation_actions_answer_405_to_get(client_for, redaksi, pending):
    client = client_for(redaksi)
    for name in MODERATION_ACTIONS:
        assert client.get(reverse(name, args=[pending.pk])).status_code == 405


def test_the_queue_lists_pending_comments_oldest_first_with_their_article(
    client_for, redaksi, article, pending
):
    newer = comments.comment_create(article=article, name="Pak Budi", email="b@c.id", text="Dua")
    approved_comment(article, text="Sudah tayang")
    response = client_for(redaksi).get(reverse("news:comment_queue"))
    assert list(response.context["comments"]) == [pending, newer]
    html = response.content.decode()
    assert article.get_absolute_url() in html and article.title in html
    assert "Sudah tayang" not in html


@pytest.mark.parametrize(
    "name, state",
    [
        ("news:comment_approve", Comment.State.APPROVED),
        ("news:comment_reject", Comment.State.REJECTED),
        ("news:comment_spam", Comment.State.SPAM),
    ],
)
def test_the_redaksi_moderates_a_comment_and_the_row_is_kept(
    client_for, redaksi, pending, name, state
):
    response = client_for(redaksi).post(reverse(name, args=[pending.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("news:comment_queue")
    pending.refresh_from_db()
    assert (pending.state, pending.moderated_by) == (state, redaksi)


def test_approving_twice_is_refused_with_a_message(client_for, redaksi, pending):
    client = client_for(redaksi)
    client.post(reverse("news:comment_approve", args=[pending.pk]))
    response = client.post(reverse("news:comment_approve", args=[pending.pk]), follow=True)
    assert [m.level_tag for m in response.context["messages"]][-1] == "error"


def test_approval_tells_the_kims_pengurus(
    redaksi, pending, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comments.comment_approve(comment=pending, actor=redaksi)
    assert [m.to for m in mailoutbox] == [["ketua@uji.kim.id"]]
    assert "Mohon info lanjut." in mailoutbox[0].body
    assert READER_EMAIL not in mailoutbox[0].body


def test_the_desk_counts_pending_comments(client_for, redaksi, pending, article):
    response = client_for(redaksi).get(reverse("desk"))
    assert "news/_desk_comments.html" in response.context["sections"]
    assert response.context["comments_pending_count"] == 1
    assert reverse("news:comment_queue") in response.content.decode()


@pytest.mark.parametrize("count", [1, 15])
def test_the_desk_runs_a_fixed_number_of_queries(
    client_for, redaksi, article, count, django_assert_max_num_queries
):
    for number in range(count):
        comments.comment_create(article=article, name="N", email="n@c.id", text=f"T{number}")
    client = client_for(redaksi)
    with django_assert_max_num_queries(12):
        client.get(reverse("desk"))
    with django_assert_max_num_queries(7):
        client.get(reverse("news:comment_queue"))


# -- what the public sees --------------------------------------------------------


def test_approved_comments_show_as_plain_text_without_the_email(client, redaksi, pending):
    pending.text = "<b>Halo</b> warga\nbaris kedua"
    pending.save()
    comments.comment_approve(comment=pending, actor=redaksi)
    html = client.get(pending.article.get_absolute_url()).content.decode()
    assert "&lt;b&gt;Halo&lt;/b&gt; warga<br>baris kedua" in html
    assert "Bu Sri" in html
    assert READER_EMAIL not in html
    assert pending.ip_address is None or pending.ip_address not in html


def test_rejected_and_spam_comments_stay_hidden(client, redaksi, article):
    for action in (comments.comment_reject, comments.comment_mark_spam):
        comment = comments.comment_create(article=article, name="X", email="x@c.id", text="Iklan")
        action(comment=comment, actor=redaksi)
    assert "Iklan" not in client.get(article.get_absolute_url()).content.decode()
    assert Comment.objects.count() == 2


@pytest.mark.urls("tests.news.cached_urls")
def test_approval_refreshes_the_cached_article_page(
    client, redaksi, pending, django_capture_on_commit_callbacks
):
    url = reverse("cached_article", args=[pending.article.slug])
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        comments.comment_approve(comment=pending, actor=redaksi)
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "Mohon info lanjut." in response.content.decode()


@pytest.mark.parametrize("count", [1, 25])
def test_the_article_page_runs_a_fixed_number_of_queries(client, article, count):
    for number in range(count):
        approved_comment(article, text=f"Komentar nomor {number}")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(article.get_absolute_url())
    assert f"Komentar nomor {count - 1}" in response.content.decode()
    # The page without comments plus one query for them, whatever their number.
    Comment.objects.all().delete()
    caches["pages"].clear()  # measure a rendering, not the page cache
    with CaptureQueriesContext(connection) as without:
        client.get(article.get_absolute_url())
    assert len(queries) == len(without)


@pytest.mark.usefixtures("english")
def test_a_redaksi_cannot_moderate_their_own_comment(client_for, redaksi, article):
    from news.models import Comment

    comment = Comment.objects.create(
        article=article, user=redaksi, name="Redaksi", email=redaksi.email, text="Saya."
    )
    url = reverse("news:comment_approve", args=[comment.pk])
    response = client_for(redaksi).post(url, follow=True)
    assertContains(response, "You cannot moderate your own comment")
    comment.refresh_from_db()
    assert comment.state == Comment.State.PENDING
