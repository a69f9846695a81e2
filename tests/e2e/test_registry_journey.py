"""A resident registers a KIM, Redaksi verifies it, another resident joins it."""

import pytest
from playwright.sync_api import expect

from groups.demo import demo_pdf
from tests.conftest import make_user
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_registered_kim_is_verified_listed_and_joined(new_page, page, tmp_path):
    from django.contrib.auth.models import Group

    from kim_portal.roles import REDAKSI_GROUP

    warga = make_user("warga@e2e.kim.id", "Agus Prasetyo")
    redaksi = make_user("redaksi@e2e.kim.id", "Rina Wulandari")
    redaksi.groups.add(Group.objects.get(name=REDAKSI_GROUP))
    make_user("anggota@e2e.kim.id", "Siti Nurhaliza")
    decree = tmp_path / "sk-pengukuhan.pdf"
    decree.write_bytes(demo_pdf("SK Pengukuhan KIM Noborejo Rukun"))

    # The resident registers the KIM with its decree.
    log_in(page, warga.email)
    page.goto("/kim/daftar/")
    page.fill("input[name=name]", "KIM Noborejo Rukun")
    page.select_option("select[name=kelurahan]", label="Noborejo (Argomulyo)")
    page.fill("input[name=decree_number]", "148/7/KEL.NBR/2025")
    page.fill("input[name=decree_date]", "2025-05-02")
    page.fill("input[name=decree_issuer]", "Lurah Noborejo")
    page.set_input_files("input[name=decree_upload]", str(decree))
    page.get_by_role("button", name="Daftarkan KIM").or_(
        page.get_by_role("button", name="Register KIM")
    ).click()
    page.wait_for_url("**/kim/kim-noborejo-rukun/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # Redaksi verifies it from the queue.
    desk = new_page()
    log_in(desk, redaksi.email)
    desk.goto("/redaksi/kim/")
    desk.get_by_role("link", name="KIM Noborejo Rukun").click()
    desk.locator("button[name=action][value=verify]").click()
    desk.wait_for_url("**/redaksi/kim/")

    # It is public now: in the directory and on the coverage page.
    visitor = new_page()
    visitor.goto("/kim/")
    assert visitor.locator('a[href="/kim/kim-noborejo-rukun/"]').count() == 1
    visitor.goto("/kim/cakupan/")
    assert visitor.locator('a[href="/kim/kim-noborejo-rukun/"]').count() == 1

    # Another resident asks to join; the new ketua approves.
    joiner = new_page()
    log_in(joiner, "anggota@e2e.kim.id")
    joiner.goto("/kim/kim-noborejo-rukun/")
    joiner.locator("form[action$='/gabung/'] button").click()
    expect(joiner.locator("form[action$='/gabung/']")).to_have_count(0)

    page.goto("/kim/kim-noborejo-rukun/anggota/")
    page.locator("form[action$='/setujui/'] button").click()
    expect(page.locator("form[action$='/setujui/']")).to_have_count(0)
    expect(page.locator("#role-2, select[name=role]")).to_have_count(2)

    joiner.goto("/kim/saya/")
    assert joiner.get_by_text("KIM Noborejo Rukun").count() == 1
