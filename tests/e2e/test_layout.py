"""The desktop layout (1280 px): cards without a photo use their width, the article page uses the
screen beside its reading column, and no page's content touches the footer."""

import pytest

from tests.e2e.conftest import DESKTOP
from tests.news.conftest import bulk_public

pytestmark = pytest.mark.django_db(transaction=True)

BOX = (
    "(selector) => { const r = document.querySelector(selector).getBoundingClientRect();"
    " return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width}; }"
)


def test_desktop_layout_uses_the_width_and_keeps_clear_of_the_footer(new_page, kim, anggota):
    [article] = bulk_public(1, author=anggota, kim=kim)  # no photo
    page = new_page(viewport=DESKTOP)

    page.goto("/berita/")
    card = page.evaluate(BOX, ".article-item")
    title = page.evaluate(BOX, ".article-item h2")
    assert title["width"] > 0.8 * card["width"] - 40  # not squeezed into a 12rem column

    page.goto(article.get_absolute_url())
    text = page.evaluate(BOX, ".article-page > .article")
    aside = page.evaluate(BOX, ".article-aside")
    assert aside["left"] >= text["right"]  # beside the text, not below it
    assert aside["right"] > 0.8 * DESKTOP["width"]

    for path in ["/berita/", article.get_absolute_url(), "/tentang/"]:
        page.goto(path)
        gap = page.evaluate(
            "() => document.querySelector('.site-footer').getBoundingClientRect().top"
            " - [...document.querySelectorAll('main > *')].at(-1).getBoundingClientRect().bottom"
        )
        assert gap >= 24, f"{path}: {gap} px between the content and the footer"
