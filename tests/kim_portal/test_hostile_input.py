"""Hostile or odd input through every kind of field: never a server error, never live markup,
never a lost word, never a leaked photo position."""

import io
import json
from xml.dom import minidom

import icalendar
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image
from pytest_django.asserts import assertContains

from groups.models import Kim
from news.models import Article, Comment
from tests.conftest import make_user
from tests.groups.conftest import pdf_upload, registration_data
from tests.news.conftest import article_in
from tests.workshops.conftest import make_event

pytestmark = pytest.mark.django_db

PAYLOAD = "<img src=x onerror=alert(1)>"


@pytest.fixture
def published(kim, ketua, anggota, redaksi) -> Article:
    return article_in(
        Article.State.PUBLISHED, author=anggota, kim=kim, ketua=ketua, redaksi=redaksi
    )


# -- NUL bytes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["/bahan/?q=%00", "/berita/?q=kata%00", "/agenda/sertifikat/%00/", "/kim/?q=%00"],
)
def test_a_nul_byte_in_the_address_answers_400(client, url):
    assert client.get(url).status_code == 400


def test_a_nul_byte_in_the_registrant_search_answers_400(client_for, redaksi):
    event = make_event()
    url = reverse("workshops:desk_registrants", args=[event.slug]) + "?q=a%00"
    assert client_for(redaksi).get(url).status_code == 400


@pytest.mark.usefixtures("english")
def test_a_nul_byte_in_a_form_is_a_form_error(client, published):
    response = client.post(
        reverse("news:comment", args=[published.slug]),
        {"name": "Bu\x00Sri", "email": "sri@contoh.id", "text": "Halo"},
    )
    assert response.status_code == 200
    assert "Null characters are not allowed." in str(response.context["comment_form"].errors)
    assert not Comment.objects.exists()


# -- control characters and feeds ----------------------------------------------------------


def test_a_vertical_tab_typed_into_a_form_becomes_a_line_break(client_for, kim, anggota):
    client_for(anggota).post(
        reverse("news:write"),
        {
            "kim": kim.pk,
            "title": "Judul\x0bdengan tab",
            "summary": "Baris satu\x0bbaris dua\x07",
            "body": "<p>Isi</p>",
        },
    )
    article = Article.objects.get()
    assert article.summary == "Baris satu\nbaris dua"
    assert "\x0b" not in article.title


def test_a_control_character_already_stored_never_breaks_a_feed(client, published, kim):
    Article.objects.filter(pk=published.pk).update(
        title="Judul\x0bberita", summary="Ringkasan\x0b\x1fdengan tab"
    )
    for url in (reverse("news:feed"), reverse("news:kim_feed", args=[kim.slug])):
        response = client.get(url)
        assert response.status_code == 200
        item = minidom.parseString(response.content).getElementsByTagName("item")[0]
        assert item.getElementsByTagName("title")[0].firstChild.data == "Judul\nberita"


def test_the_feed_description_carries_the_summary_as_escaped_text(client, published):
    Article.objects.filter(pk=published.pk).update(summary=f"Awas {PAYLOAD} & hati-hati")
    response = client.get(reverse("news:feed"))
    item = minidom.parseString(response.content).getElementsByTagName("item")[0]
    description = item.getElementsByTagName("description")[0].firstChild.data
    # A reader renders this as HTML: it must show the text, not load an image.
    assert description == "Awas &lt;img src=x onerror=alert(1)&gt; &amp; hati-hati"


def test_json_ld_cannot_close_its_script_element(client, published):
    Article.objects.filter(pk=published.pk).update(title="</script><script>alert(1)</script>")
    html = client.get(published.get_absolute_url()).content.decode()
    block = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert "<" not in block and json.loads(block)["headline"].startswith("</script>")


# -- typed text is kept as typed -------------------------------------------------------------


def test_plain_text_in_the_no_javascript_body_is_text_not_html(client_for, kim, anggota):
    typed = "Harga cabai a<b turun, sedangkan c>d naik."
    client_for(anggota).post(
        reverse("news:write"),
        {"kim": kim.pk, "title": "Harga cabai", "summary": "Pasar.", "body": typed},
    )
    article = Article.objects.get()
    assert article.body == "<p>Harga cabai a&lt;b turun, sedangkan c&gt;d naik.</p>"


@pytest.mark.usefixtures("english")
def test_the_author_is_never_told_the_body_is_empty_when_they_typed_something(
    client_for, kim, anggota
):
    for typed in ("<script>x</script>", "<p><script>x</script></p>", "<<<>>>", "<b>tebal</b>"):
        response = client_for(anggota).post(
            reverse("news:write"),
            {"kim": kim.pk, "title": "Judul", "summary": "Ringkas.", "body": typed},
        )
        assert response.status_code == 302, typed
    assert Article.objects.filter(body="").count() == 0


def test_search_snippets_show_entities_typed_as_text_as_typed(client, published):
    Article.objects.filter(pk=published.pk).update(
        title="Kode &lt;img&gt; posyandu", summary="Tulis &lt;img&gt; posyandu di sini."
    )
    Article.objects.filter(pk=published.pk).update_search_vector()
    html = client.get(reverse("news:list"), {"q": "posyandu"}).content.decode()
    # Shown as the author typed it, "&lt;img&gt;", just as on the article page.
    assert "&amp;lt;img&amp;gt;" in html
    assert "<img>" not in html and "&lt;img&gt; posyandu" not in html.replace("&amp;", "")


# -- iCalendar ---------------------------------------------------------------------------------


def test_line_breaks_in_event_text_cannot_inject_calendar_properties(client):
    event = make_event(
        "Rapat\r\nATTENDEE:mailto:evil@example.com",
        slug="rapat-ics",
        venue="Aula\r\nURL:http://evil.example\nX:y",
        summary="Ringkas\r\nEND:VEVENT",
    )
    for url in (reverse("workshops:ics", args=[event.slug]), reverse("workshops:calendar")):
        response = client.get(url)
        assert response.status_code == 200
        calendar = icalendar.Calendar.from_ical(response.content)
        vevents = [c for c in calendar.walk("VEVENT")]
        assert len(vevents) == 1
        assert "ATTENDEE" not in vevents[0] and vevents[0]["url"].startswith(settings.SITE_URL)
        assert str(vevents[0]["summary"]).startswith("Rapat")


# -- comments by people with long names --------------------------------------------------------


def test_a_signed_in_user_with_a_very_long_name_can_comment(client_for, published):
    user = make_user("panjang@uji.kim.id", "Raden " + "Mas " * 30 + "Panjang")
    response = client_for(user).post(
        reverse("news:comment", args=[published.slug]), {"text": "Komentar saya."}
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.name == user.full_name[:80].strip()


# -- uploads --------------------------------------------------------------------------------------


def _phone_photo_with_gps_and_a_tail() -> bytes:
    img = Image.new("RGB", (600, 400), "blue")
    exif = Image.Exif()
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "S"
    gps[ExifTags.GPS.GPSLatitude] = (7.0, 19.0, 48.0)
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue() + b"TRAILING-SECRET" * 100


def test_a_photographed_decree_is_stored_without_gps_and_without_trailing_data(
    client_for, outsider
):
    from groups.models import Kelurahan

    decree = SimpleUploadedFile("sk.jpg", _phone_photo_with_gps_and_a_tail(), "image/jpeg")
    data = {**registration_data(kelurahan=Kelurahan.objects.get(slug="noborejo").pk)}
    assert (
        client_for(outsider)
        .post(reverse("groups:register"), {**data, "decree_upload": decree})
        .status_code
        == 302
    )
    kim = Kim.objects.get()
    with kim.decree_file.open("rb") as file:
        stored = file.read()
    assert b"TRAILING-SECRET" not in stored
    assert stored.endswith(b"\xff\xd9")
    with Image.open(io.BytesIO(stored)) as img:
        assert not img.getexif().get_ifd(ExifTags.IFD.GPSInfo)


def test_a_decree_is_downloaded_as_a_sandboxed_attachment(client_for, redaksi, outsider):
    from groups.models import Kelurahan

    data = registration_data(kelurahan=Kelurahan.objects.get(slug="noborejo").pk)
    client_for(outsider).post(reverse("groups:register"), {**data, "decree_upload": pdf_upload()})
    kim = Kim.objects.get()
    response = client_for(redaksi).get(reverse("groups:decree", args=[kim.slug]))
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"


def _long_thin_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (50_000, 10), "red").save(buffer, "PNG")
    return buffer.getvalue()


def test_an_absurdly_long_picture_is_refused_as_a_logo(client_for, outsider):
    from groups.models import Kelurahan

    data = registration_data(kelurahan=Kelurahan.objects.get(slug="noborejo").pk)
    logo = SimpleUploadedFile("logo.png", _long_thin_png(), "image/png")
    response = client_for(outsider).post(
        reverse("groups:register"), {**data, "decree_upload": pdf_upload(), "logo_upload": logo}
    )
    assert response.status_code == 200
    assertContains(response, "terlalu panjang dan sempit")
    assert not Kim.objects.exists()


def test_an_absurdly_long_picture_is_refused_as_an_article_photo(client_for, kim, anggota):
    photo = SimpleUploadedFile("foto.png", _long_thin_png(), "image/png")
    response = client_for(anggota).post(
        reverse("news:write"),
        {
            "kim": kim.pk,
            "title": "Foto",
            "summary": "S.",
            "body": "<p>Isi</p>",
            "photo_file": photo,
        },
    )
    assert response.status_code == 200
    assertContains(response, "50.000 × 10")
    assert not Article.objects.exists()


def test_public_media_is_served_hardened(rf, settings):
    from kim_portal.photos import photo_create
    from kim_portal.uploads import serve_public_media

    photo = photo_create(image=Image.new("RGB", (100, 80), "green"))
    response = serve_public_media(
        rf.get("/media/x"), photo.original.name, document_root=settings.MEDIA_ROOT
    )
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
