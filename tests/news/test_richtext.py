"""Whatever path stores an article's body stores only the markup the editor can make."""

import pytest

from kim_portal.richtext import clean_html
from news.models import Article
from tests.news.conftest import write

ALLOWED = (
    "<h2>Judul</h2><h3>Sub</h3><p>Teks <strong>tebal</strong> dan <em>miring</em><br>baris</p>"
    "<ul><li>satu</li></ul><ol><li>dua</li></ol><blockquote><p>kutipan</p></blockquote>"
    '<p><a href="https://salatiga.go.id/" rel="noopener nofollow ugc">tautan</a></p>'
)


def test_allowed_markup_survives_unchanged():
    assert clean_html(ALLOWED) == ALLOWED


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<p>a<script>alert(1)</script>b</p>", "<p>ab</p>"),
        ('<p onclick="steal()" onmouseover="x">teks</p>', "<p>teks</p>"),
        ('<img src="x" onerror="alert(1)">', ""),
        (
            '<a href="javascript:alert(1)">x</a>',
            '<a rel="noopener nofollow ugc">x</a>',
        ),
        (
            '<a href="JaVaScRiPt:alert(1)">x</a>',
            '<a rel="noopener nofollow ugc">x</a>',
        ),
        (
            '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
            '<a rel="noopener nofollow ugc">x</a>',
        ),
        ('<p style="position:fixed;top:0">x</p>', "<p>x</p>"),
        ("<style>body{display:none}</style><p>x</p>", "<p>x</p>"),
        ('<p class="hidden" id="login">x</p>', "<p>x</p>"),
        ("<svg><script>alert(1)</script><circle r=9 /></svg><p>x</p>", "<p>x</p>"),
        ('<iframe src="https://evil.example/"></iframe><p>x</p>', "<p>x</p>"),
        ('<form action="/x"><input name="a"><button>Go</button></form>', "Go"),
        ('<object data="x.swf"></object><embed src="x">', ""),
        ("<h1>Besar</h1>", "Besar"),
        (
            '<a href="https://a.id/" target="_blank" rel="opener">x</a>',
            '<a href="https://a.id/" rel="noopener nofollow ugc">x</a>',
        ),
        ("<!-- komentar --><p>x</p>", "<p>x</p>"),
        ("<p></p>", ""),
    ],
)
def test_dangerous_markup_is_removed(dirty, clean):
    assert clean_html(dirty) == clean


@pytest.mark.django_db
def test_the_model_field_cleans_on_every_save(kim, anggota):
    article = write(anggota, kim, body='<p onclick="x">a</p><script>b()</script>')
    assert article.body == "<p>a</p>"
    # Even a direct save, as admin or the shell would do it.
    article.body = '<p><a href="javascript:x()">y</a></p>'
    article.save()
    assert Article.objects.get(pk=article.pk).body == '<p><a rel="noopener nofollow ugc">y</a></p>'


@pytest.mark.django_db
def test_revisions_store_clean_html_too(kim, anggota):
    from news import services

    article = write(anggota, kim, body="<p>ok</p><iframe></iframe>")
    services.article_submit(article=article, actor=anggota)
    assert article.revisions.get().body == "<p>ok</p>"


def test_plain_text_from_the_no_javascript_textarea_keeps_its_paragraphs():
    from kim_portal.richtext import RichTextFormField

    field = RichTextFormField()
    assert field.clean("Paragraf satu.\n\nParagraf dua & tiga.\nbaris") == (
        "<p>Paragraf satu.</p>\n\n<p>Paragraf dua &amp; tiga.<br>baris</p>"
    )
