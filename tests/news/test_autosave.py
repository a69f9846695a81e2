"""Drafts saved while the author types: who may, and how an out-of-date save is refused."""

import pytest
from django.urls import reverse

from news.models import Article
from tests.news.conftest import article_in, write

State = Article.State


@pytest.fixture(autouse=True)
def _in_english(english):
    pass


def draft_data(article: Article, **changes) -> dict:
    data = {
        "title": article.title,
        "summary": article.summary,
        "body": article.body,
        "photo_caption": "",
        "photo_credit": "",
        "version": article.version,
    }
    return {**data, **changes}


def test_the_first_save_creates_the_draft_and_says_where_it_lives(client_for, anggota, kim):
    response = client_for(anggota).post(
        reverse("news:autosave_new"),
        {"kim": kim.pk, "title": "Pasar murah di Tingkir", "summary": "", "body": ""},
    )
    assert response.status_code == 201
    article = Article.objects.get()
    assert (article.author, article.state, article.version) == (anggota, State.DRAFT, 1)
    answer = response.json()
    assert answer["version"] == 1
    assert answer["status"].startswith("Saved at ")
    assert answer["edit_url"] == reverse("news:edit", args=[article.pk])
    assert answer["autosave_url"] == reverse("news:autosave", args=[article.pk])


def test_a_first_save_without_a_title_is_refused_with_the_reason(client_for, anggota, kim):
    response = client_for(anggota).post(
        reverse("news:autosave_new"), {"kim": kim.pk, "title": "", "body": "<p>Isi</p>"}
    )
    assert response.status_code == 400
    assert response.json()["error"] == "Not saved yet: Title: This field is required."
    assert not Article.objects.exists()


def test_each_save_raises_the_version(client_for, anggota, kim):
    article = write(anggota, kim)
    client = client_for(anggota)
    url = reverse("news:autosave", args=[article.pk])
    first = client.post(url, draft_data(article, body="<p>Satu</p>"))
    second = client.post(url, draft_data(article, body="<p>Satu dua</p>", version=2))
    assert (first.status_code, second.status_code) == (200, 200)
    assert second.json()["version"] == 3
    article.refresh_from_db()
    assert (article.body, article.version) == ("<p>Satu dua</p>", 3)


def test_a_save_based_on_an_older_version_is_refused_not_applied(client_for, anggota, kim):
    article = write(anggota, kim, body="<p>Asli</p>")
    client = client_for(anggota)
    url = reverse("news:autosave", args=[article.pk])
    client.post(url, draft_data(article, body="<p>Dari ponsel</p>"))  # now version 2
    response = client.post(url, draft_data(article, body="<p>Dari laptop</p>", version=1))
    assert response.status_code == 409
    answer = response.json()
    assert answer["version"] == 2
    assert answer["error"].startswith("A newer version of this article was saved")
    article.refresh_from_db()
    assert article.body == "<p>Dari ponsel</p>"


def test_a_save_without_its_version_is_refused(client_for, anggota, kim):
    article = write(anggota, kim)
    data = draft_data(article)
    del data["version"]
    response = client_for(anggota).post(reverse("news:autosave", args=[article.pk]), data)
    assert response.status_code == 400
    assert "Reload" in response.json()["error"]


def test_the_edit_form_refuses_a_version_that_was_replaced(client_for, anggota, kim):
    article = write(anggota, kim)
    client = client_for(anggota)
    client.post(reverse("news:autosave", args=[article.pk]), draft_data(article, title="Baru"))
    response = client.post(
        reverse("news:edit", args=[article.pk]),
        draft_data(article, title="Lama", version=1) | {"save": "1"},
    )
    assert response.status_code == 200
    assert "A newer version of this article was saved" in response.content.decode()
    article.refresh_from_db()
    assert article.title == "Baru"


def test_autosave_needs_a_login(client, anggota, kim):
    article = write(anggota, kim)
    for url in (reverse("news:autosave_new"), reverse("news:autosave", args=[article.pk])):
        response = client.post(url, {"title": "x"})
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_autosave_only_answers_posts(client_for, anggota, kim):
    article = write(anggota, kim)
    client = client_for(anggota)
    assert client.get(reverse("news:autosave_new")).status_code == 405
    assert client.get(reverse("news:autosave", args=[article.pk])).status_code == 405


def test_only_the_author_saves_a_draft_while_it_is_editable(
    client_for, anggota, kim, ketua, redaksi, outsider, fellow
):
    draft = write(anggota, kim)
    url = reverse("news:autosave", args=[draft.pk])
    assert client_for(outsider).post(url, draft_data(draft)).status_code == 404
    assert client_for(fellow).post(url, draft_data(draft)).status_code == 403
    in_review = article_in(State.KIM_REVIEW, author=anggota, kim=kim, ketua=ketua, redaksi=redaksi)
    url = reverse("news:autosave", args=[in_review.pk])
    assert client_for(ketua).post(url, draft_data(in_review)).status_code == 403
    assert client_for(anggota).post(url, draft_data(in_review)).status_code == 403
    assert Article.objects.get(pk=in_review.pk).version == in_review.version


def test_someone_who_may_not_write_cannot_start_a_draft(client_for, outsider):
    response = client_for(outsider).post(reverse("news:autosave_new"), {"title": "x"})
    assert response.status_code == 403
    assert not Article.objects.exists()


def test_the_author_s_draft_form_autosaves_and_the_redaksi_s_edit_does_not(
    client_for, anggota, kim, ketua, redaksi
):
    draft = write(anggota, kim)
    html = client_for(anggota).get(reverse("news:edit", args=[draft.pk])).content.decode()
    assert f'data-autosave-url="{reverse("news:autosave", args=[draft.pk])}"' in html
    assert "drafts.js" in html
    in_review = article_in(
        State.REDAKSI_REVIEW, author=anggota, kim=kim, ketua=ketua, redaksi=redaksi
    )
    html = client_for(redaksi).get(reverse("news:edit", args=[in_review.pk])).content.decode()
    assert "data-autosave-url" not in html
    assert "drafts.js" not in html


TOKEN = "3f2b8c1e-6a4d-4e2b-9c7f-0d1e2a3b4c5d"


def test_a_save_sent_again_after_its_answer_was_lost_is_not_a_conflict(client_for, anggota, kim):
    """The connection dropped after the server had the save: the page, not knowing, sends its
    next save on the version before. Its own draft token shows it is no one else's change."""
    article = write(anggota, kim)
    client = client_for(anggota)
    url = reverse("news:autosave", args=[article.pk])
    lost = client.post(url, {**draft_data(article, body="<p>Satu</p>"), "draft_token": TOKEN})
    assert lost.json()["version"] == 2  # ...but the page never heard it
    again = client.post(url, {**draft_data(article, body="<p>Satu dua</p>"), "draft_token": TOKEN})
    assert again.status_code == 200 and again.json()["version"] == 3
    assert Article.objects.get().body == "<p>Satu dua</p>"

    other_tab = client.post(
        url, {**draft_data(article, body="<p>Lain</p>"), "draft_token": "another-page-0001"}
    )
    assert other_tab.status_code == 409  # a copy that really is behind is still refused
    assert Article.objects.get().body == "<p>Satu dua</p>"


def test_a_first_save_sent_again_makes_no_second_draft(client_for, anggota, kim):
    client = client_for(anggota)
    data = {"kim": kim.pk, "title": "Pasar murah", "summary": "", "body": "", "draft_token": TOKEN}
    first = client.post(reverse("news:autosave_new"), data)
    again = client.post(reverse("news:autosave_new"), {**data, "body": "<p>Isi</p>"})
    assert (first.status_code, again.status_code) == (201, 200)
    article = Article.objects.get()
    assert article.body == "<p>Isi</p>" and again.json()["edit_url"] == first.json()["edit_url"]
