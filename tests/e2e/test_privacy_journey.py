"""A member downloads their data and deletes their account from the profile; the Redaksi finds
both in the audit log."""

import json

import pytest

from kim_portal.models import AuditEntry
from news.models import Article
from overview.privacy import FORMER_MEMBER
from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in
from tests.news.conftest import article_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def article(kim, anggota, ketua, redaksi) -> Article:
    return article_in(
        Article.State.PUBLISHED, author=anggota, kim=kim, ketua=ketua, redaksi=redaksi
    )


def test_a_member_takes_their_data_and_leaves(new_page, page, anggota, article, redaksi):
    log_in(page, anggota.email)
    page.goto("/akun/profil/")
    with page.expect_download() as download:
        page.get_by_role("button", name="Unduh data saya (JSON)").click()
    data = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert data["profile"]["email"] == anggota.email
    assert [item["title"] for item in data["articles"]] == [article.title]

    page.get_by_role("link", name="Hapus akun saya").click()
    page.wait_for_url("**/akun/hapus/")
    # A wrong password keeps the account and says so.
    page.get_by_label("Kata sandi Anda").fill("bukan-sandi")
    page.get_by_label("Saya mengerti").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Hapus akun saya selamanya").click()
    assert "Kata sandi itu salah." in page.inner_text("main")

    page.get_by_label("Kata sandi Anda").fill(PASSWORD)
    page.get_by_label("Saya mengerti").check()
    page.get_by_role("button", name="Hapus akun saya selamanya").click()
    page.wait_for_url("**/")
    assert "Akun Anda sudah dihapus" in page.inner_text("main")

    page.goto(article.get_absolute_url())
    byline = page.locator(".byline").first.inner_text()
    assert FORMER_MEMBER in byline and "Anggota Uji" not in byline

    desk = new_page(viewport={"width": 1280, "height": 900})
    log_in(desk, redaksi.email)
    desk.goto("/redaksi/")
    desk.get_by_role("link", name="Buka log audit").click()
    desk.wait_for_url("**/redaksi/audit/")
    desk.get_by_label("Tindakan").select_option("account.erase")
    with desk.expect_navigation():
        desk.get_by_role("button", name="Saring").click()
    rows = desk.locator("table.audit-table tbody tr")
    assert rows.count() == 1 and f"#{anggota.pk}" in rows.first.inner_text()
    assert AuditEntry.objects.filter(action="account.export", actor=anggota).count() == 1
