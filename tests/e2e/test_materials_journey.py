"""Redaksi publishes an infographic; a member downloads it, shares it and reports spreading it."""

from urllib.parse import quote

import pytest

from materials.models import DisseminationReport
from tests.conftest import add_member, image_bytes, make_kim, make_redaksi, make_user
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_infographic_is_published_shared_and_reported(new_page, live_server, tmp_path):
    make_redaksi()
    kim = make_kim()
    add_member(kim, make_user("anggota@uji.kim.id", "Anggota Uji"))
    poster = tmp_path / "poster.png"
    poster.write_bytes(image_bytes("PNG", (600, 800)))

    desk = new_page()
    log_in(desk, "redaksi@uji.kim.id")
    desk.goto("/redaksi/bahan/baru/")
    desk.fill("input[name=title]", "Cegah DBD di Musim Hujan")
    desk.select_option("select[name=kind]", "infografis")
    desk.select_option("select[name=topic]", "kesehatan")
    desk.fill("textarea[name=summary]", "Tiga langkah 3M Plus untuk warga.")
    desk.set_input_files("input[name=image]", str(poster))
    with desk.expect_navigation():
        desk.locator("button[name=publish]").click()

    member = new_page()
    log_in(member, "anggota@uji.kim.id")
    member.goto("/bahan/")
    with member.expect_navigation():
        member.locator('a[href="/bahan/cegah-dbd-di-musim-hujan/"]').first.click()
    page_url = f"{live_server.url}/bahan/cegah-dbd-di-musim-hujan/"
    whatsapp = member.locator("#share-whatsapp").get_attribute("href")
    assert whatsapp == "https://wa.me/?text=" + quote(f"Cegah DBD di Musim Hujan {page_url}")
    image_link = member.locator("a.share-image").get_attribute("href")
    download = member.request.get(image_link)
    assert download.status == 200 and download.headers["content-type"] == "image/jpeg"

    member.locator('a[href="/bahan/cegah-dbd-di-musim-hujan/lapor/"]').click()
    member.check("input[name=channel][value=whatsapp]")
    member.fill("input[name=people_reached]", "40")
    with member.expect_navigation():
        member.locator("main form button[type=submit]").click()
    assert member.url.endswith("/bahan/laporan-saya/")
    report = DisseminationReport.objects.get()
    assert (report.channel, report.people_reached, report.kim) == ("whatsapp", 40, kim)

    desk.goto("/redaksi/bahan/laporan/")
    row = desk.locator(".report-table tbody tr").first
    assert "Cegah DBD di Musim Hujan" in row.inner_text()
    assert "40" in row.inner_text()

    # How far it travelled shows in the KIM's scorecard and on the public statistics.
    desk.goto(f"/kim/{kim.slug}/rapor/")
    scorecard = desk.locator("section[aria-labelledby=scorecard-dissemination-heading]")
    assert "40" in scorecard.inner_text()
    reader = new_page()
    reader.goto("/statistik/")
    public = reader.locator("section[aria-labelledby=stats-dissemination-heading]")
    assert "40" in public.locator("table").first.inner_text()
