"""Writing an article in the browser: the editor speaks Indonesian, and saving with a photo
(through the upload-progress script) ends on the confirmation message."""

import io

import pytest
from PIL import Image

from news.models import Article
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)

MENU_WORDS = """() => {
  const menu = document.querySelector(".prose-menubar");
  const words = [];
  for (const element of menu.querySelectorAll("[title], [aria-label]")) {
    words.push(element.getAttribute("title"), element.getAttribute("aria-label"));
  }
  for (const element of menu.querySelectorAll("*:not(.material-icons)")) {
    if (element.childElementCount === 0) words.push(element.textContent.trim());
  }
  return words.filter(Boolean);
}"""
# The same in both languages.
SAME_WORDS = {"HTML", "URL"}


def menu_words(new_page, user, language: str) -> list[str]:
    page = new_page(language=language)
    log_in(page, user.email)
    page.goto("/berita/tulis/")
    page.locator(".prose-menubar").wait_for()
    return page.evaluate(MENU_WORDS)


def test_the_editors_menu_is_indonesian(new_page, anggota):
    english = menu_words(new_page, anggota, "en")
    indonesian = menu_words(new_page, anggota, "id")
    assert "bold" in english and "Heading 2" in english and "undo" in english
    assert len(indonesian) == len(english)
    untranslated = [
        word for word, source in zip(indonesian, english, strict=True) if word == source
    ]
    assert set(untranslated) <= SAME_WORDS, untranslated
    assert "tebal" in indonesian and "Judul 2" in indonesian


def photo_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (800, 500), "darkgreen").save(buffer, "JPEG")
    return buffer.getvalue()


def test_saving_a_draft_with_a_photo_shows_the_confirmation(page, anggota):
    log_in(page, anggota.email)
    page.goto("/berita/tulis/")
    page.fill("input[name=title]", "Warga Ledok tanam seribu pohon")
    page.fill("textarea[name=summary]", "Gerakan menanam pohon di bantaran sungai.")
    page.locator("[contenteditable=true].ProseMirror").click()
    page.keyboard.type("Warga menanam pohon di tepi sungai.")
    page.set_input_files(
        "input[name=photo_file]",
        files=[{"name": "pohon.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes()}],
    )
    page.fill("input[name=photo_caption]", "Warga menanam bibit")
    page.get_by_role("button", name="Simpan sebagai draf").click()
    page.locator(".messages").wait_for()
    assert "Tersimpan." in page.locator(".messages").inner_text()
    article = Article.objects.get()
    assert article.photo is not None
    assert page.url.endswith(f"/berita/naskah/{article.pk}/")
