"""The journeys that matter most, with JavaScript switched off in the browser."""

from urllib.parse import urlsplit

import pytest

from tests.conftest import make_user
from tests.e2e.conftest import log_in
from tests.e2e.test_signup import account_menu_name, sign_up_and_verify

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def page(new_page):
    return new_page(javascript=False)


def test_sign_up_works_without_javascript(page, mailoutbox):
    sign_up_and_verify(page, mailoutbox, full_name="Joko Susilo", email="joko@warga.id")

    assert urlsplit(page.url).path == "/kim/mulai/"
    assert "Joko" in account_menu_name(page)


def test_log_in_and_out_work_without_javascript(page):
    make_user("sri@warga.id", "Sri Rejeki")

    log_in(page, "sri@warga.id")

    assert "Sri" in account_menu_name(page)
    # The account menu is a <details>: it opens without any script.
    page.locator("header .account-menu summary").click()
    with page.expect_navigation():
        page.locator("header .account-menu").get_by_role("button").click()
    assert page.locator("header .account-menu").count() == 0


def test_the_language_switch_works_without_javascript_and_sets_lang(page):
    page.goto("/")
    assert page.get_attribute("html", "lang") == "id"

    with page.expect_navigation():
        page.locator("footer").get_by_role("link", name="English").click()

    assert page.get_attribute("html", "lang") == "en"
    assert urlsplit(page.url).path == "/"
    current = page.locator("footer [aria-current=true]")
    assert current.get_attribute("lang") == "en"
    assert page.locator("footer").get_by_role("link", name="Bahasa Indonesia").count() == 1

    with page.expect_navigation():
        page.locator("footer").get_by_role("link", name="Bahasa Indonesia").click()
    assert page.get_attribute("html", "lang") == "id"


def test_registering_a_kim_works_without_javascript(page, tmp_path):
    from groups.demo import demo_pdf
    from groups.models import Kim

    make_user("agus@warga.id", "Agus Prasetyo")
    decree = tmp_path / "sk-pengukuhan.pdf"
    decree.write_bytes(demo_pdf("SK Pengukuhan KIM Noborejo Rukun"))

    log_in(page, "agus@warga.id")
    page.goto("/kim/daftar/")
    page.fill("input[name=name]", "KIM Noborejo Rukun")
    page.select_option("select[name=kelurahan]", label="Noborejo (Argomulyo)")
    page.fill("input[name=decree_number]", "148/7/KEL.NBR/2025")
    page.fill("input[name=decree_date]", "2025-05-02")
    page.fill("input[name=decree_issuer]", "Lurah Noborejo")
    page.set_input_files("input[name=decree_upload]", str(decree))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/kim/kim-noborejo-rukun/")

    kim = Kim.objects.get(slug="kim-noborejo-rukun")
    assert kim.status == Kim.Status.PENDING
    with kim.decree_file.open("rb") as stored:
        assert stored.read(5) == b"%PDF-"


def test_registering_for_an_event_works_without_javascript(page, kim, anggota):
    from datetime import timedelta

    from django.utils import timezone

    from workshops.models import Event, Registration

    start = timezone.now() + timedelta(days=4)
    Event.objects.create(
        title="Sarasehan Literasi Digital",
        slug="sarasehan-literasi-digital",
        summary="Mengenali hoaks di grup WhatsApp.",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        venue="Ruang Kaloka",
        capacity=20,
        audience=Event.Audience.MEMBERS,
        status=Event.Status.PUBLISHED,
    )

    log_in(page, anggota.email)
    page.goto("/agenda/sarasehan-literasi-digital/")
    with page.expect_navigation():
        page.locator("main form[action$='/daftar/'] button[type=submit]").click()

    registration = Registration.objects.get(user=anggota)
    assert registration.status == Registration.Status.CONFIRMED
    assert urlsplit(page.url).path == f"/agenda/saya/{registration.pk}/"
    # The ticket's QR code is an inline SVG drawn by the server, not by a script.
    assert page.locator(".ticket-qr svg").count() == 1


def test_writing_an_article_without_javascript_keeps_the_html_clean(page, kim, anggota):
    from news.models import Article

    log_in(page, anggota.email)
    page.goto("/berita/tulis/")
    # No editor: the body is the plain textarea, visible and labelled.
    assert page.locator("[contenteditable=true]").count() == 0
    body = page.locator("textarea[name=body]")
    assert body.is_visible()
    assert page.locator("label[for=id_body]").count() == 1
    page.fill("input[name=title]", "Halo dari Ledok")
    page.fill("textarea[name=summary]", "Salam dari warga.")
    body.fill("<p>Halo</p><script>alert(1)</script>")
    page.locator("main button[name=save]").click()
    page.wait_for_url("**/berita/naskah/*/")

    article = Article.objects.get()
    assert article.state == Article.State.DRAFT
    assert article.body == "<p>Halo</p>"
    assert "script" not in article.body
