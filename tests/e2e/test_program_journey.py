"""A ketua drafts a work program, the Redaksi asks for a revision, then approves it, and a
resident reads it on the KIM page with the progress the portal counted itself (360 px)."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from groups.models import Membership, WorkProgram
from kim_portal.roles import REDAKSI_GROUP
from news.models import Article
from tests.conftest import add_member, make_kim, make_user
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)

ITEMS = [
    ("Liputan kegiatan kelurahan", "published_news", "2", "berita", ["1", "6"]),
    ("Ikut bimbingan teknis", "event_attendance", "3", "kehadiran", ["3"]),
    ("Papan informasi RW", "manual", "8", "papan", ["2", "4"]),
]


def add_item(page, base, activity, indicator, target, unit, months):
    page.goto(f"{base}kegiatan/baru/")
    page.fill("input[name=activity]", activity)
    page.check(f"input[name=indicator][value={indicator}]")
    page.fill("input[name=target]", target)
    page.fill("input[name=unit]", unit)
    for month in months:
        page.check(f"input[name=planned_months][value='{month}']")
    page.locator("main form.program-form button[type=submit]").click()
    page.wait_for_url(f"**{base}")


def test_a_program_goes_from_draft_through_revision_to_the_public_kim_page(new_page, page):
    kim = make_kim("KIM Ledok Berdaya")
    ketua = make_user("ketua@e2e.kim.id", "Bambang Sutrisno")
    add_member(kim, ketua, Membership.Role.KETUA)
    writer = make_user("penulis@e2e.kim.id", "Sri Lestari")
    add_member(kim, writer)
    redaksi = make_user("redaksi@e2e.kim.id", "Rina Wulandari")
    redaksi.groups.add(Group.objects.get(name=REDAKSI_GROUP))
    Article.objects.create(
        kim=kim,
        author=writer,
        title="Kerja bakti di Ledok",
        slug="kerja-bakti-di-ledok",
        summary="Warga membersihkan saluran.",
        body="<p>Warga membersihkan saluran air.</p>",
        state=Article.State.PUBLISHED,
        published_at=timezone.now() - datetime.timedelta(minutes=5),
    )
    year = timezone.localdate().year
    base = f"/kim/{kim.slug}/program/{year}/"

    # The ketua starts the program from the KIM page and adds three activities.
    log_in(page, ketua.email)
    page.goto(f"/kim/{kim.slug}/")
    page.locator(f"a[href='{base}']").click()
    page.locator("form[action$='buat/'] button").click()
    page.wait_for_url(f"**{base}")
    for activity, indicator, target, unit, months in ITEMS:
        add_item(page, base, activity, indicator, target, unit, months)
    expect(page.locator("progress")).to_have_count(3)
    page.locator("form[action$='ajukan/'] button").click()
    page.wait_for_url(f"**{base}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # The Redaksi asks for a revision, with a note.
    desk = new_page()
    log_in(desk, redaksi.email)
    desk.goto("/redaksi/program/")
    desk.locator("main table a").first.click()
    desk.fill("textarea[name=note]", "Target berita terlalu kecil, mohon dinaikkan.")
    desk.locator("button[name=action][value=revise]").click()
    desk.wait_for_url("**/redaksi/program/")
    assert WorkProgram.objects.get().status == "revision_requested"

    # The ketua reads the note, revises the target and submits again.
    page.goto(base)
    expect(page.locator("main")).to_contain_text("Target berita terlalu kecil")
    page.locator(f"main a[href^='{base}kegiatan/']:not([href$='baru/'])").first.click()
    page.fill("input[name=target]", "4")
    page.locator("main form.program-form button[type=submit]").click()
    page.wait_for_url(f"**{base}")
    page.locator("form[action$='ajukan/'] button").click()
    page.wait_for_url(f"**{base}")

    # The Redaksi approves.
    desk.goto("/redaksi/program/")
    desk.locator("main table a").first.click()
    desk.locator("button[name=action][value=approve]").click()
    desk.wait_for_url("**/redaksi/program/")
    assert WorkProgram.objects.get().status == "approved"

    # A resident sees it on the KIM page, with the counted progress: 1 of 4 news.
    resident = new_page()
    resident.goto(f"/kim/{kim.slug}/")
    expect(resident.locator("#program-heading")).to_contain_text(str(year))
    news = resident.locator("progress").first
    expect(news).to_have_attribute("max", "4")
    expect(news).to_have_attribute("value", "1")
    expect(resident.locator("label[for^=progress-]").first).to_contain_text("1")
    assert resident.evaluate("document.documentElement.scrollWidth") <= 360
