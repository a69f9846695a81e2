import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from groups import program_services as services
from groups.models import WorkProgram, WorkProgramItem, WorkProgramReview
from news.models import Article
from tests.conftest import add_member, make_kim, make_user
from workshops.models import Event, Registration

JAKARTA = timezone.get_default_timezone()
YEAR = 2025
pytestmark = pytest.mark.django_db


def item_fields(**overrides) -> dict:
    fields = {
        "activity": "Liputan kegiatan kelurahan",
        "objective": "Warga tahu kabar kelurahan.",
        "indicator": WorkProgramItem.Indicator.MANUAL,
        "target": 12,
        "unit": "berita",
        "planned_months": [3, 1, 2],
        "status": WorkProgramItem.Status.PLANNED,
        "manual_progress": 0,
        "progress_notes": "",
        "evidence_links": "",
    }
    fields.update(overrides)
    return fields


def form_data(**overrides) -> dict:
    data = item_fields(**overrides)
    data["planned_months"] = [str(m) for m in data["planned_months"]]
    return data


@pytest.fixture
def program(kim, ketua) -> WorkProgram:
    program = services.program_create(kim=kim, year=YEAR, actor=ketua)
    services.program_item_save(program=program, actor=ketua, fields=item_fields())
    return program


@pytest.fixture
def approved(program, ketua, redaksi) -> WorkProgram:
    services.program_submit(program=program, actor=ketua)
    return services.program_approve(program=program, actor=redaksi)


def article(kim, author, *, published_at, state=Article.State.PUBLISHED) -> Article:
    return Article.objects.create(
        kim=kim,
        author=author,
        title=f"Kabar {published_at.isoformat()} {state}",
        slug=f"kabar-{Article.objects.count()}",
        summary="Ringkas.",
        body="<p>Isi.</p>",
        state=state,
        published_at=published_at,
    )


# -- services ----------------------------------------------------------------------------


def test_pengurus_draft_submit_and_redaksi_asks_for_a_revision_then_approves(
    program, ketua, redaksi, mailoutbox, django_capture_on_commit_callbacks
):
    item = program.items.get()
    assert item.planned_months == [1, 2, 3]
    with django_capture_on_commit_callbacks(execute=True):
        services.program_submit(program=program, actor=ketua)
    assert program.status == WorkProgram.Status.SUBMITTED
    assert [m.to for m in mailoutbox] == [[redaksi.email]]

    with pytest.raises(services.ProgramActionRefused):
        services.program_request_revision(program=program, actor=redaksi, note="  ")
    with django_capture_on_commit_callbacks(execute=True):
        services.program_request_revision(program=program, actor=redaksi, note="Tambah target.")
    assert program.status == WorkProgram.Status.REVISION_REQUESTED
    assert mailoutbox[-1].to == [ketua.email]
    assert "Tambah target." in mailoutbox[-1].body

    services.program_item_save(program=program, actor=ketua, item=item, fields={"target": 24})
    services.program_submit(program=program, actor=ketua)
    services.program_approve(program=program, actor=redaksi)
    program.refresh_from_db()
    assert program.status == WorkProgram.Status.APPROVED
    assert list(program.reviews.values_list("from_status", "to_status")) == [
        ("", "draft"),
        ("draft", "submitted"),
        ("submitted", "revision_requested"),
        ("revision_requested", "submitted"),
        ("submitted", "approved"),
    ]
    assert WorkProgramReview.objects.filter(note="Tambah target.", actor=redaksi).exists()


def test_a_kim_has_one_program_per_year(program, kim, ketua):
    with pytest.raises(services.ProgramActionRefused):
        services.program_create(kim=kim, year=YEAR, actor=ketua)


def test_a_plain_member_cannot_create_or_change_a_program(kim, anggota, program):
    with pytest.raises(services.ProgramActionRefused):
        services.program_create(kim=kim, year=YEAR + 1, actor=anggota)
    with pytest.raises(services.ProgramActionRefused):
        services.program_item_save(program=program, actor=anggota, fields=item_fields())


def test_an_empty_program_cannot_be_submitted(kim, ketua):
    program = services.program_create(kim=kim, year=YEAR, actor=ketua)
    with pytest.raises(services.ProgramActionRefused):
        services.program_submit(program=program, actor=ketua)


def test_only_the_redaksi_decides(program, ketua):
    services.program_submit(program=program, actor=ketua)
    with pytest.raises(services.ProgramActionRefused):
        services.program_approve(program=program, actor=ketua)


def test_a_submitted_program_is_locked(program, ketua):
    services.program_submit(program=program, actor=ketua)
    with pytest.raises(services.ProgramActionRefused):
        services.program_item_save(program=program, actor=ketua, fields=item_fields())


def test_after_approval_only_progress_changes(approved, ketua):
    item = approved.items.get()
    services.program_item_save(
        program=approved,
        actor=ketua,
        item=item,
        fields={"target": 1, "status": "selesai", "manual_progress": 12},
    )
    item.refresh_from_db()
    assert (item.target, item.status, item.manual_progress) == (12, "selesai", 12)
    with pytest.raises(services.ProgramActionRefused):
        services.program_item_save(program=approved, actor=ketua, fields=item_fields())


# -- counted progress ------------------------------------------------------------------


def test_the_portal_counts_public_news_and_member_attendance_of_the_year(
    approved, kim, ketua, anggota
):
    for indicator in ("published_news", "event_attendance"):
        WorkProgramItem.objects.create(
            program=approved, activity=indicator, indicator=indicator, target=4, unit="x"
        )
    jan = datetime.datetime(YEAR, 1, 1, 0, 30, tzinfo=JAKARTA)  # 31 Dec UTC, still this year
    article(kim, anggota, published_at=jan)
    article(kim, anggota, published_at=datetime.datetime(YEAR, 6, 1, tzinfo=JAKARTA))
    article(kim, anggota, published_at=datetime.datetime(YEAR - 1, 12, 31, 23, 0, tzinfo=JAKARTA))
    article(kim, anggota, published_at=jan, state=Article.State.WITHDRAWN)
    other = make_kim("KIM Lain", kelurahan="dukuh")
    article(other, anggota, published_at=jan)

    event = Event.objects.create(
        title="Bimtek",
        slug="bimtek",
        summary="-",
        starts_at=datetime.datetime(YEAR, 3, 1, 9, tzinfo=JAKARTA),
        ends_at=datetime.datetime(YEAR, 3, 1, 12, tzinfo=JAKARTA),
        status=Event.Status.PUBLISHED,
    )
    Registration.objects.create(event=event, user=ketua, status=Registration.Status.ATTENDED)
    Registration.objects.create(event=event, user=anggota, status=Registration.Status.CONFIRMED)

    with CaptureQueriesContext(connection) as queries:
        items = {item.indicator: item for item in approved.items_with_progress()}
    assert len(queries) == 3  # the items, then one count per counted indicator
    assert items["published_news"].progress == 2
    assert items["published_news"].progress_percent == 50
    assert items["event_attendance"].progress == 1
    assert items["manual"].progress == 0


def test_scheduled_articles_do_not_count_until_published(approved, kim, anggota):
    approved.year = timezone.localdate().year
    WorkProgram.objects.filter(pk=approved.pk).update(year=approved.year)
    article(kim, anggota, published_at=timezone.now() + datetime.timedelta(hours=1))
    assert approved.counted_progress()["published_news"] == 0


# -- views ---------------------------------------------------------------------------------


def url(kim, year=YEAR, suffix=""):
    return f"/kim/{kim.slug}/program/{year}/{suffix}"


def test_a_draft_program_is_for_pengurus_and_redaksi(
    client, client_for, program, kim, anggota, ketua, redaksi, outsider
):
    response = client.get(url(kim))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client_for(outsider).get(url(kim)).status_code == 404
    assert client_for(anggota).get(url(kim)).status_code == 403
    assert client_for(ketua).get(url(kim)).status_code == 200
    assert client_for(redaksi).get(url(kim)).status_code == 200


def test_an_approved_program_is_public(client, approved, kim):
    response = client.get(url(kim))
    assert response.status_code == 200
    assert b"<progress" in response.content


def test_the_kim_page_shows_the_approved_program_with_progress(
    client, kim, ketua, redaksi, django_capture_on_commit_callbacks
):
    year = timezone.localdate().year
    program = services.program_create(kim=kim, year=year, actor=ketua)
    services.program_item_save(
        program=program, actor=ketua, fields=item_fields(indicator="published_news", target=10)
    )
    response = client.get(f"/kim/{kim.slug}/")
    assert b'id="program-heading"' not in response.content
    services.program_submit(program=program, actor=ketua)
    with django_capture_on_commit_callbacks(execute=True):  # the page cache learns of it
        services.program_approve(program=program, actor=redaksi)
    response = client.get(f"/kim/{kim.slug}/")
    assert b'id="program-heading"' in response.content
    assert b'<progress id="progress-' in response.content


def test_ketua_starts_a_program_and_adds_an_item_through_the_pages(client_for, kim, ketua):
    client = client_for(ketua)
    assert client.get(url(kim, suffix="buat/")).status_code == 405
    response = client.post(url(kim, suffix="buat/"))
    assert response.status_code == 302
    response = client.post(url(kim, suffix="kegiatan/baru/"), form_data(planned_months=[4, 5]))
    assert response.status_code == 302
    item = WorkProgramItem.objects.get(program__kim=kim)
    assert item.planned_months == [4, 5]
    assert client.get(url(kim, suffix=f"kegiatan/{item.pk}/")).status_code == 200


def test_evidence_links_must_be_web_addresses(client_for, program, kim, ketua):
    response = client_for(ketua).post(
        url(kim, suffix="kegiatan/baru/"),
        form_data(evidence_links="https://salatiga.go.id/a\nbukan alamat"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["evidence_links"][0].code == "invalid_url"
    response = client_for(ketua).post(
        url(kim, suffix="kegiatan/baru/"),
        form_data(evidence_links=" https://salatiga.go.id/a \n\n"),
    )
    assert response.status_code == 302
    assert program.items.last().evidence_links == "https://salatiga.go.id/a"


def test_members_cannot_add_items_and_submit_is_post_only(
    client, client_for, program, kim, anggota, ketua
):
    response = client.post(url(kim, suffix="kegiatan/baru/"), form_data())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert (
        client_for(anggota).post(url(kim, suffix="kegiatan/baru/"), form_data()).status_code == 403
    )
    assert client_for(ketua).get(url(kim, suffix="ajukan/")).status_code == 405
    assert client_for(ketua).post(url(kim, suffix="ajukan/")).status_code == 302
    program.refresh_from_db()
    assert program.status == WorkProgram.Status.SUBMITTED


def test_outsiders_get_404_on_another_kims_program_pages(client_for, program, kim, outsider):
    client = client_for(outsider)
    assert client.get(url(kim, suffix="kegiatan/baru/")).status_code == 404
    assert client.post(url(kim, suffix="ajukan/")).status_code == 404


def test_the_redaksi_queue_and_decision(client, client_for, program, ketua, redaksi, anggota):
    services.program_submit(program=program, actor=ketua)
    assert client.get("/redaksi/program/").status_code == 302
    assert client_for(anggota).get("/redaksi/program/").status_code == 403
    assert client_for(anggota).get(f"/redaksi/program/{program.pk}/").status_code == 403
    client = client_for(redaksi)
    response = client.get("/redaksi/program/")
    assert response.status_code == 200 and program.kim.name in response.content.decode()
    assert client.get("/redaksi/").context["programs_waiting_count"] == 1
    response = client.post(f"/redaksi/program/{program.pk}/", {"action": "revise", "note": ""})
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["note"][0].code == "required"
    response = client.post(f"/redaksi/program/{program.pk}/", {"action": "approve", "note": ""})
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.status == WorkProgram.Status.APPROVED


def test_program_pages_for_an_unknown_year_are_404(client_for, kim, ketua):
    assert client_for(ketua).get(url(kim, year=1900)).status_code == 404


def test_a_plain_member_sees_the_kim_page_without_program_controls(client_for, kim, anggota):
    other = make_user("lain@uji.kim.id")
    add_member(kim, other)
    response = client_for(anggota).get(f"/kim/{kim.slug}/")
    assert response.status_code == 200
    assert f"/kim/{kim.slug}/program/".encode() not in response.content
