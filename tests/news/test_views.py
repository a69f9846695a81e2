"""Pages of the news app through the client: who gets what, and how many queries it costs."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from news import services
from news.models import Article, Category
from tests.conftest import image_bytes
from tests.news.conftest import article_in, write

State = Article.State
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def jpeg() -> SimpleUploadedFile:
    return SimpleUploadedFile("foto.jpg", image_bytes("JPEG", (64, 48)), content_type="image/jpeg")


# -- permissions --------------------------------------------------------------


def test_drafts_are_seen_by_their_author_only(client_for, cast, outsider):
    article = article_in(State.DRAFT, **cast)
    url = reverse("news:review", args=[article.pk])
    assert client_for(cast["author"]).get(url).status_code == 200
    assert client_for(cast["ketua"]).get(url).status_code == 403
    assert client_for(outsider).get(url).status_code == 404


def test_the_edit_page_is_for_the_author_while_editable_and_the_redaksi_before_publishing(
    client_for, cast, outsider, fellow
):
    article = article_in(State.KIM_REVIEW, **cast)
    url = reverse("news:edit", args=[article.pk])
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(fellow).get(url).status_code == 403
    assert client_for(cast["author"]).get(url).status_code == 403
    assert client_for(cast["ketua"]).get(url).status_code == 403
    services.article_approve(article=article, actor=cast["ketua"])
    assert client_for(cast["redaksi"]).get(url).status_code == 200


def test_a_refused_action_explains_why_and_changes_nothing(client_for, cast):
    article = article_in(State.KIM_REVIEW, **cast)
    response = client_for(cast["ketua"]).post(
        reverse("news:request_changes", args=[article.pk]), {"note": ""}, follow=True
    )
    assert "Please write a note for the author" in response.content.decode()
    assert Article.objects.get(pk=article.pk).state == State.KIM_REVIEW


def test_the_author_cannot_approve_through_the_page(client_for, kim, ketua):
    article = write(ketua, kim)
    services.article_submit(article=article, actor=ketua)
    response = client_for(ketua).post(reverse("news:publish", args=[article.pk]), follow=True)
    assert "your own article" in response.content.decode()
    assert Article.objects.get(pk=article.pk).state == State.REDAKSI_REVIEW


# -- image upload endpoint ----------------------------------------------------


def test_body_images_upload_for_members_and_return_a_url(client_for, anggota, outsider):
    assert (
        client_for(outsider).post(reverse("news:image_upload"), {"image": jpeg()}).status_code
        == 403
    )
    response = client_for(anggota).post(reverse("news:image_upload"), {"image": jpeg()})
    assert response.status_code == 200
    assert response.json()["url"].startswith("/media/photos/")


def test_body_image_upload_refuses_a_non_image_clearly(client_for, anggota):
    bad = io.BytesIO(b"<?php echo 1; ?>")
    bad.name = "foto.jpg"
    response = client_for(anggota).post(reverse("news:image_upload"), {"image": bad})
    assert response.status_code == 400
    assert "JPEG, PNG, WebP or HEIC" in response.json()["errors"][0]


def test_body_image_upload_is_csrf_protected(anggota):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(anggota)
    assert client.post(reverse("news:image_upload"), {"image": jpeg()}).status_code == 403


# -- writing ------------------------------------------------------------------


def test_the_writing_page_loads_the_editor_and_a_photo_input(client_for, anggota):
    html = client_for(anggota).get(reverse("news:write")).content.decode()
    assert "prose" in html
    assert 'type="file"' in html
    assert '<script type="importmap" nonce="' in html
    assert "upload-progress.js" in html


def test_the_editor_assets_load_only_where_the_editor_is(client):
    assert "django_prose_editor" not in client.get(reverse("news:list")).content.decode()


def test_writing_with_a_photo_and_sending_for_review(client_for, anggota, kim):
    category = Category.objects.create(name="Kesehatan", slug="kesehatan")
    response = client_for(anggota).post(
        reverse("news:write"),
        {
            "kim": kim.pk,
            "title": "Senam lansia di Ledok",
            "summary": "Senam pagi bersama setiap Jumat.",
            "body": '<p>Ramai <a href="https://salatiga.go.id">sekali</a>.</p><script>x</script>',
            "categories": [category.pk],
            "photo_file": jpeg(),
            "photo_caption": "Peserta senam",
            "photo_credit": "Siti",
            "submit": "1",
        },
    )
    article = Article.objects.get()
    assert response.status_code == 302
    assert article.state == State.KIM_REVIEW
    assert article.photo.width == 64
    assert "<script>" not in article.body and 'rel="noopener nofollow ugc"' in article.body
    assert list(article.categories.all()) == [category]


def test_a_failed_submit_keeps_the_text(client_for, anggota, kim):
    response = client_for(anggota).post(
        reverse("news:write"),
        {
            "kim": kim.pk,
            "title": "",
            "summary": "Ringkasan saya",
            "body": "<p>Teks panjang saya</p>",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ringkasan saya" in html and "Teks panjang saya" in html
    assert not Article.objects.exists()


def test_a_bad_photo_is_a_form_error_and_keeps_the_text(client_for, anggota, kim):
    bad = io.BytesIO(b"not a photo")
    bad.name = "foto.jpg"
    response = client_for(anggota).post(
        reverse("news:write"),
        {
            "kim": kim.pk,
            "title": "Judul",
            "summary": "R",
            "body": "<p>Isi saya</p>",
            "photo_file": bad,
        },
    )
    html = response.content.decode()
    assert "must be a JPEG, PNG, WebP or HEIC" in html and "Isi saya" in html


def test_members_cannot_pick_a_kim_they_do_not_belong_to(client_for, anggota):
    from tests.conftest import make_kim

    other = make_kim("KIM Lain", kelurahan="cebongan")
    response = client_for(anggota).post(
        reverse("news:write"),
        {"kim": other.pk, "title": "Judul", "summary": "R", "body": "<p>Isi</p>"},
    )
    assert response.status_code == 200
    assert not Article.objects.exists()


def test_without_javascript_plain_text_is_stored_as_clean_paragraphs(client_for, anggota, kim):
    client_for(anggota).post(
        reverse("news:write"),
        {"kim": kim.pk, "title": "Judul", "summary": "R", "body": "Satu.\n\nDua <b onclick=x>"},
    )
    assert Article.objects.get().body.startswith("<p>Satu.</p>")


# -- review page --------------------------------------------------------------


def test_the_review_page_shows_a_diff_against_the_version_the_reviewer_saw(client_for, cast):
    article = article_in(State.CHANGES_REQUESTED, **cast)
    services.article_update(
        article=article,
        actor=cast["author"],
        body="<p>Warga Ledok menyambut <b>gembira</b> jadwal baru posyandu.</p>",
        title="Posyandu Ledok buka layanan malam <hari>",
    )
    services.article_submit(article=article, actor=cast["author"])
    html = client_for(cast["ketua"]).get(reverse("news:review", args=[article.pk])).content.decode()
    assert "<ins>gembira</ins>" in html
    assert "<ins>&lt;hari&gt;</ins>" in html
    assert "Tambah foto." in html  # the timeline keeps the note
    assert f'action="/berita/naskah/{article.pk}/approve/"' in html


def test_scheduling_takes_a_jakarta_time(client_for, cast):
    article = article_in(State.REDAKSI_REVIEW, **cast)
    client_for(cast["redaksi"]).post(
        reverse("news:schedule", args=[article.pk]),
        {"publish_date": "2030-01-02", "publish_time": "07:30"},
    )
    article.refresh_from_db()
    assert article.state == State.PUBLISHED
    assert article.published_at.isoformat() == "2030-01-02T00:30:00+00:00"


def test_scheduling_in_the_past_is_refused(client_for, cast):
    article = article_in(State.REDAKSI_REVIEW, **cast)
    response = client_for(cast["redaksi"]).post(
        reverse("news:schedule", args=[article.pk]),
        {"publish_date": "2020-01-02", "publish_time": "07:30"},
        follow=True,
    )
    assert "must be in the future" in response.content.decode()
    assert Article.objects.get(pk=article.pk).state == State.REDAKSI_REVIEW


# -- public pages ---------------------------------------------------------------


def test_the_public_page_shows_published_articles_and_hides_the_rest(client, cast):
    published = article_in(State.PUBLISHED, **cast)
    waiting = article_in(State.REDAKSI_REVIEW, **cast)
    assert client.get(f"/berita/{published.slug}/").status_code == 200
    assert client.get(f"/berita/{waiting.slug}/").status_code == 404
    listing = client.get(reverse("news:list")).content.decode()
    assert f'href="/berita/{published.slug}/"' in listing
    assert waiting.slug not in listing


def test_a_scheduled_article_is_hidden_until_its_time(client, cast):
    article = article_in(State.REDAKSI_REVIEW, **cast)
    services.article_publish(
        article=article, actor=cast["redaksi"], at=timezone.now() + timedelta(days=1)
    )
    assert client.get(f"/berita/{article.slug}/").status_code == 404


def test_an_unpublished_article_answers_410(client, cast):
    article = article_in(State.PUBLISHED, **cast)
    services.article_unpublish(article=article, actor=cast["redaksi"], note="Salah data.")
    response = client.get(f"/berita/{article.slug}/")
    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()


def test_my_articles_show_state_and_the_reviewers_note(client_for, cast):
    article_in(State.CHANGES_REQUESTED, **cast)
    html = client_for(cast["author"]).get(reverse("news:mine")).content.decode()
    assert "Changes requested" in html and "Tambah foto." in html


def test_the_desk_lists_news_waiting_for_the_redaksi(client_for, cast):
    article = article_in(State.REDAKSI_REVIEW, **cast)
    html = client_for(cast["redaksi"]).get(reverse("desk")).content.decode()
    assert article.title in html and reverse("news:redaksi_queue") in html


# -- query budgets ------------------------------------------------------------


def many(cast, count: int, state: str) -> None:
    for index in range(count):
        article = article_in(state, **cast)
        article.photo = None
        article.categories.add(
            Category.objects.get_or_create(name=f"K{index % 3}", slug=f"k{index % 3}")[0]
        )


@pytest.mark.parametrize("count", [1, 12])
def test_the_news_list_runs_a_fixed_number_of_queries(
    client, cast, count, django_assert_max_num_queries
):
    many(cast, count, State.PUBLISHED)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("news:list")).status_code == 200


@pytest.mark.parametrize("count", [1, 8])
def test_queues_and_my_articles_run_a_fixed_number_of_queries(
    client_for, cast, count, django_assert_max_num_queries
):
    many(cast, count, State.REDAKSI_REVIEW)
    client = client_for(cast["redaksi"])
    with django_assert_max_num_queries(8):
        assert client.get(reverse("news:redaksi_queue")).status_code == 200
    # The desk gathers every app's summary: a fixed number of queries per section.
    with django_assert_max_num_queries(11):
        assert client.get(reverse("desk")).status_code == 200
    client = client_for(cast["author"])
    with django_assert_max_num_queries(8):
        assert client.get(reverse("news:mine")).status_code == 200


@pytest.mark.parametrize("rounds", [1, 4])
def test_the_review_and_edit_pages_run_a_fixed_number_of_queries(
    client_for, cast, rounds, django_assert_max_num_queries
):
    article = article_in(State.KIM_REVIEW, **cast)
    for number in range(rounds):
        services.article_request_changes(
            article=article, actor=cast["ketua"], note=f"Ronde {number}"
        )
        services.article_update(article=article, actor=cast["author"], title=f"Judul {number}")
        services.article_submit(article=article, actor=cast["author"])
    services.article_approve(article=article, actor=cast["ketua"])
    client = client_for(cast["redaksi"])
    with django_assert_max_num_queries(14):
        assert client.get(reverse("news:review", args=[article.pk])).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("news:edit", args=[article.pk])).status_code == 200
    client = client_for(cast["author"])
    with django_assert_max_num_queries(10):
        assert client.get(reverse("news:write")).status_code == 200
