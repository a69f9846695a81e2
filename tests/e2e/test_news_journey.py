"""An article's whole journey on a phone: written with a photo, sent back, revised, approved,
scheduled by the Redaksi, and public at its time and not before."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kim_portal.pagecache import public_content_changes_at
from news.models import Article
from tests.conftest import image_bytes
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_article_goes_from_writing_to_scheduled_publication(
    new_page, kim, anggota, ketua, redaksi
):
    # The anggota writes an article with a photo and sends it for review.
    author = new_page(language="en")
    log_in(author, anggota.email)
    author.goto("/berita/tulis/")
    author.fill("input[name=title]", "Warga Ledok tanam seribu pohon")
    author.fill("textarea[name=summary]", "Gerakan menanam pohon di bantaran sungai.")
    author.locator("[contenteditable=true].ProseMirror").click()
    author.keyboard.type("Warga menanam pohon di tepi sungai.")
    author.set_input_files(
        "input[name=photo_file]",
        files=[
            {
                "name": "pohon.jpg",
                "mimeType": "image/jpeg",
                "buffer": image_bytes("JPEG", (800, 500), "darkgreen"),
            }
        ],
    )
    author.fill("input[name=photo_caption]", "Warga menanam bibit")
    author.get_by_role("button", name="Save and send for review").click()
    author.wait_for_url("**/berita/naskah/*/")
    article = Article.objects.get()
    assert article.state == Article.State.KIM_REVIEW
    assert article.photo is not None
    assert "tepi sungai" in article.body

    # The ketua asks for changes.
    chair = new_page(language="en")
    log_in(chair, ketua.email)
    chair.goto(f"/berita/naskah/{article.pk}/")
    chair.fill("textarea[name=note]", "Sebutkan berapa warga yang ikut.")
    with chair.expect_navigation():
        chair.get_by_role("button", name="Request changes").click()
    article.refresh_from_db()
    assert article.state == Article.State.CHANGES_REQUESTED

    # The anggota sees the note, revises and sends it again.
    author.goto("/berita/saya/")
    assert author.get_by_text("Sebutkan berapa warga yang ikut.").first.is_visible()
    author.goto(f"/berita/naskah/{article.pk}/ubah/")
    author.locator("[contenteditable=true].ProseMirror").click()
    author.keyboard.press("End")
    author.keyboard.type(" Sebanyak 120 warga ikut serta.")
    author.get_by_role("button", name="Save and send for review").click()
    author.wait_for_url(f"**/berita/naskah/{article.pk}/")
    article.refresh_from_db()
    assert article.state == Article.State.KIM_REVIEW

    # The ketua sees what changed and approves.
    chair.goto(f"/berita/naskah/{article.pk}/")
    assert chair.locator(".diff ins").first.inner_text().startswith("Sebanyak")
    with chair.expect_navigation():
        chair.get_by_role("button", name="Approve and pass to the Redaksi").click()
    article.refresh_from_db()
    assert article.state == Article.State.REDAKSI_REVIEW

    # The Redaksi sees the diff and schedules it for tomorrow morning.
    desk = new_page(language="en")
    log_in(desk, redaksi.email)
    desk.goto("/redaksi/berita/")
    desk.get_by_role("link", name="Warga Ledok tanam seribu pohon").click()
    # Compared with the first version: the Redaksi sees the revision the ketua asked for.
    assert "120" in " ".join(desk.locator(".diff ins").all_inner_texts())
    tomorrow = (timezone.localtime() + timedelta(days=1)).date()
    desk.fill("input[name=publish_date]", tomorrow.isoformat())
    desk.fill("input[name=publish_time]", "07:00")
    with desk.expect_navigation():
        desk.get_by_role("button", name="Schedule", exact=True).click()
    article.refresh_from_db()
    assert article.state == Article.State.PUBLISHED and article.is_scheduled

    # Not public before its time...
    reader = new_page(language="en")
    assert reader.goto(f"/berita/{article.slug}/").status == 404
    reader.goto("/berita/")
    assert reader.locator(f'a[href="/berita/{article.slug}/"]').count() == 0

    # ...and public once the time has come.
    due = timezone.now() - timedelta(minutes=1)
    Article.objects.filter(pk=article.pk).update(published_at=due)
    public_content_changes_at(due)  # the page cache's announcement of that moment moves too
    assert reader.goto(f"/berita/{article.slug}/").status == 200
    assert reader.get_by_role("heading", level=1).inner_text() == "Warga Ledok tanam seribu pohon"
    assert reader.evaluate("document.documentElement.scrollWidth") <= 360
    reader.goto("/berita/")
    assert reader.locator(f'a[href="/berita/{article.slug}/"]').count() >= 1


def test_without_javascript_the_editor_is_a_textarea_and_the_text_is_kept_clean(
    new_page, kim, anggota
):
    page = new_page(javascript=False, language="en")
    log_in(page, anggota.email)
    page.goto("/berita/tulis/")
    page.fill("input[name=title]", "Ronda malam di Ledok")
    page.fill("textarea[name=summary]", "Jadwal ronda baru.")
    page.fill("textarea[name=body]", "Ronda dimulai pukul 22.00.\n\n<script>alert(1)</script>Aman.")
    page.get_by_role("button", name="Save as draft").click()
    page.wait_for_url("**/berita/naskah/*/")
    body = Article.objects.get().body
    assert body.startswith("<p>Ronda dimulai pukul 22.00.</p>")
    assert "<script" not in body
