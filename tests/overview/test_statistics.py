"""Every figure of /statistik/ and the scorecard against a fixture computed by hand."""

import csv
import datetime
import io
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from groups.models import Kim, Membership, WorkProgram, WorkProgramItem
from news.models import Article, ReviewEvent
from overview.statistics import Period, dashboard, review_summary, scorecard
from tests.conftest import add_member, make_kim, make_user
from tests.sitemaps import sitemap_entries
from workshops.models import Event, Feedback, Registration

JAKARTA = timezone.get_default_timezone()
YEAR = 2025
S = Article.State
pytestmark = pytest.mark.django_db


def at(month, day, hour=12, minute=0, year=YEAR):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=JAKARTA)


def event(article, from_state, to_state, when):
    row = ReviewEvent.objects.create(article=article, from_state=from_state, to_state=to_state)
    ReviewEvent.objects.filter(pk=row.pk).update(created_at=when)


def article(
    kim, author, *, state, submitted=None, decided=None, published_at=None, resubmitted=None
):
    item = Article.objects.create(
        kim=kim,
        author=author,
        title="Kabar",
        slug=f"kabar-{Article.objects.count()}-{state}",
        summary="Ringkas.",
        body="<p>Isi.</p>",
        state=state,
        published_at=published_at,
    )
    if submitted:
        event(item, S.DRAFT, S.REDAKSI_REVIEW, submitted)
    if resubmitted:
        event(
            item, S.REDAKSI_REVIEW, S.CHANGES_REQUESTED, resubmitted - datetime.timedelta(hours=1)
        )
        event(item, S.CHANGES_REQUESTED, S.REDAKSI_REVIEW, resubmitted)
    if decided:
        to = S.REJECTED if state == S.REJECTED else S.PUBLISHED
        event(item, S.REDAKSI_REVIEW, to, decided)
    return item


@pytest.fixture
def data(kim, ketua, anggota, redaksi):
    """KIM Uji Coba (Ledok, Argomulyo): ketua + anggota active, one pending request.
    News 2025, decided by the Redaksi (waits 2 h, 4 h, 10 h → median 4 h; 2 of 3 accepted):
      A submitted 31 Mar 10:00, published 31 Mar 23:30 WIB (16:30 UTC): March, wait... see below
    """
    pending = make_user("calon@uji.kim.id")
    Membership.objects.create(kim=kim, user=pending, status=Membership.Status.PENDING)
    make_kim("KIM Belum", kelurahan="dukuh", status=Kim.Status.PENDING)

    # A: submitted 31 Mar 21:30, published (decided) 31 Mar 23:30 WIB → wait 2 h, March.
    article(
        kim,
        anggota,
        state=S.PUBLISHED,
        submitted=at(3, 31, 21, 30),
        decided=at(3, 31, 23, 30),
        published_at=at(3, 31, 23, 30),
    )
    # B: submitted 1 Apr 08:00, sent back, resubmitted 2 Apr 08:00, published 2 Apr 12:00 → 4 h.
    article(
        kim,
        anggota,
        state=S.PUBLISHED,
        submitted=at(4, 1, 8),
        resubmitted=at(4, 2, 8),
        decided=at(4, 2, 12),
        published_at=at(4, 2, 12),
    )
    # C: submitted 3 Apr 00:00, rejected 3 Apr 10:00 → 10 h.
    article(kim, anggota, state=S.REJECTED, submitted=at(4, 3, 0), decided=at(4, 3, 10))
    # D: withdrawn after publication in March: not published any more (no decision in 2025).
    article(kim, anggota, state=S.WITHDRAWN, published_at=at(3, 5))
    # E: submitted in December 2024: another year.
    article(kim, anggota, state=S.KIM_REVIEW, submitted=at(12, 31, 23, 0, year=2024))

    held = Event.objects.create(
        title="Bimtek",
        slug="bimtek",
        summary="-",
        starts_at=at(5, 10, 9),
        ends_at=at(5, 10, 12),
        status=Event.Status.PUBLISHED,
    )
    Event.objects.create(
        title="Batal",
        slug="batal",
        summary="-",
        starts_at=at(6, 1, 9),
        ends_at=at(6, 1, 12),
        status=Event.Status.CANCELLED,
    )
    r1 = Registration.objects.create(event=held, user=ketua, status=Registration.Status.ATTENDED)
    r2 = Registration.objects.create(event=held, user=anggota, status=Registration.Status.ATTENDED)
    Registration.objects.create(event=held, user=redaksi, status=Registration.Status.CONFIRMED)
    Registration.objects.create(event=held, user=pending, status=Registration.Status.CANCELLED)
    Feedback.objects.create(registration=r1, rating=4)
    Feedback.objects.create(registration=r2, rating=5)

    program = WorkProgram.objects.create(kim=kim, year=YEAR, status=WorkProgram.Status.APPROVED)
    for status in ("selesai", "selesai", "berjalan", "batal"):
        WorkProgramItem.objects.create(
            program=program, activity=status, target=1, unit="x", status=status
        )
    other = make_kim("KIM Draf", kelurahan="kalicacing")
    draft = WorkProgram.objects.create(kim=other, year=YEAR)
    WorkProgramItem.objects.create(
        program=draft, activity="x", target=1, unit="x", status="selesai"
    )
    return kim


def test_figures_match_the_hand_computed_fixture(data):
    figures = dashboard(Period(YEAR), full=True)
    assert figures["kecamatan"].rows == [
        ["Argomulyo", 1, 2],
        ["Sidomukti", 1, 0],
        ["Sidorejo", 0, 0],
        ["Tingkir", 0, 0],
    ]
    covered = [row[1] for row in figures["kelurahan"].rows if row[2]]
    assert sorted(covered) == ["Kalicacing", "Ledok"]
    assert figures["coverage"]["covered"] == 2 and figures["coverage"]["total"] == 23

    months = {row[0]: row[1:] for row in figures["news_months"].rows}
    assert len(months) == 12
    # 31 March 23:30 WIB counts in March; D (withdrawn) does not; E is 2024.
    assert list(months.values())[0] == [0, 0]
    assert list(months.values())[2] == [1, 1]  # March: A submitted and published
    assert list(months.values())[3] == [2, 1]  # April: B and C submitted, B published
    assert figures["totals"]["published"] == 2

    review = figures["review_summary"]
    assert (review["decided"], review["accepted"], review["rejected"]) == (3, 2, 1)
    assert review["acceptance_rate"] == 66.7
    assert review["median_hours"] == 4.0

    assert figures["news_kims"].rows == [
        ["KIM Draf", 0, 0, 0, 0, None],
        ["KIM Uji Coba", 3, 2, 3, 2, 66.7],
    ]

    events = figures["events_summary"]
    assert (events["held"], events["attended"], events["expected"]) == (1, 2, 3)
    assert events["attendance_rate"] == 66.7
    assert events["average_rating"] == 4.5

    assert figures["program_summary"] == {"items": 3, "done": 2, "programs": 1, "completion": 66.7}
    assert figures["program_kims"].rows == [["KIM Uji Coba", 3, 2, 66.7]]


def test_a_month_filter_narrows_the_period(data):
    figures = dashboard(Period(YEAR, 4), full=True)
    assert figures["news_months"].rows == [[figures["news_months"].rows[0][0], 2, 1]]
    assert figures["review_summary"]["decided"] == 2


def test_scheduled_articles_are_not_published_yet(kim, anggota):
    now = timezone.now()
    article(
        kim,
        anggota,
        state=S.PUBLISHED,
        submitted=now - datetime.timedelta(hours=3),
        decided=now - datetime.timedelta(hours=1),
        published_at=now + datetime.timedelta(hours=2),
    )
    figures = dashboard(Period(timezone.localdate().year), full=True)
    assert figures["totals"]["published"] == 0
    assert figures["review_summary"]["accepted"] == 1  # the decision was taken, though


def test_the_scorecard_counts_one_kim(data, client_for, ketua):
    other = make_kim("KIM Lain", kelurahan="dukuh")
    writer = make_user("penulis@uji.kim.id")
    add_member(other, writer)
    article(
        other,
        writer,
        state=S.PUBLISHED,
        submitted=at(3, 1),
        decided=at(3, 2),
        published_at=at(3, 2),
    )
    response = client_for(ketua).get(f"/kim/{data.slug}/rapor/?year={YEAR}")
    assert response.status_code == 200
    assert response.context["published"] == 2
    assert response.context["review"]["median_hours"] == 4.0
    assert response.context["attendance"] == {"attendances": 2, "events": 1}
    assert response.context["programs"]["completion"] == 66.7
    assert review_summary(Period(YEAR), other)["decided"] == 1


def test_scorecard_permissions(client, client_for, kim, ketua, anggota, outsider, redaksi):
    path = f"/kim/{kim.slug}/rapor/"
    response = client.get(path)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client_for(outsider).get(path).status_code == 403
    assert client_for(anggota).get(path).status_code == 403
    assert client_for(redaksi).get(path).status_code == 200
    assert client_for(ketua).get(path).status_code == 200
    hidden = make_kim("KIM Tertunda", kelurahan="dukuh", status=Kim.Status.PENDING)
    assert client_for(outsider).get(f"/kim/{hidden.slug}/rapor/").status_code == 404


def test_public_page_shows_aggregates_only(client, data, redaksi, client_for):
    response = client.get(f"/statistik/?year={YEAR}")
    assert response.status_code == 200
    html = response.content.decode("utf-8-sig")
    assert "<svg" in html and "<table" in html
    assert "@" not in re.sub(r"<(script|link)[^>]*>", "", html.split("</header>", 1)[-1])
    for person in ("Ketua Uji", "Anggota Uji", "Redaksi Uji"):
        assert person not in html
    assert "/statistik/csv/" not in html
    assert "news_kims" not in response.context

    full = client_for(redaksi).get(f"/statistik/?year={YEAR}").content.decode("utf-8-sig")
    assert full.count("<section") > html.count("<section") or full.count("<table") > html.count(
        "<table"
    )
    assert "CSV" in full and f"/statistik/csv/news-kims/?year={YEAR}" in full


def test_svg_bars_carry_labels_matching_the_table(client, data):
    response = client.get(f"/statistik/?year={YEAR}")
    html = response.content.decode("utf-8-sig")
    chart = re.search(
        r'<svg[^>]*aria-labelledby="chart-kecamatan-title".*?</svg>', html, re.S
    ).group(0)
    assert '<title id="chart-kecamatan-title">' in chart
    labels = re.findall(r'class="chart-label"[^>]*>([^<]+)<', chart)
    values = re.findall(r'class="chart-value"[^>]*>([^<]+)<', chart)
    table = response.context["kecamatan"]
    assert labels == [row[0] for row in table.rows]
    assert values == [str(row[1]) for row in table.rows]


def test_csv_export(client, client_for, data, anggota, redaksi):
    path = f"/statistik/csv/news-kims/?year={YEAR}"
    response = client.get(path)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client_for(anggota).get(path).status_code == 403
    response = client_for(redaksi).get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[2] == ["KIM Uji Coba", "3", "2", "3", "2", "66.7"]
    months = list(
        csv.reader(
            io.StringIO(
                client_for(redaksi)
                .get(f"/statistik/csv/news-months/?year={YEAR}")
                .content.decode("utf-8-sig")
            )
        )
    )
    assert len(months) == 13 and months[3][1:] == ["1", "1"]
    review = list(
        csv.reader(
            io.StringIO(
                client_for(redaksi)
                .get(f"/statistik/csv/review/?year={YEAR}")
                .content.decode("utf-8-sig")
            )
        )
    )
    assert review[1] == ["3", "2", "1", "66.7", "4.0"]
    assert client_for(redaksi).get("/statistik/csv/tidak-ada/").status_code == 404


def _count_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/statistik/?year={YEAR}").status_code == 200
    return len(queries)


def test_the_dashboard_runs_the_same_number_of_queries_at_any_size(
    client_for, data, redaksi, anggota
):
    client = client_for(redaksi)
    small = _count_queries(client)
    for index in range(6):
        kim = make_kim(f"KIM Tambahan {index}", kelurahan="cebongan")
        add_member(kim, make_user(f"tambahan{index}@uji.kim.id"))
        article(
            kim,
            anggota,
            state=S.PUBLISHED,
            submitted=at(5, index + 1),
            decided=at(5, index + 2),
            published_at=at(5, index + 2),
        )
        program = WorkProgram.objects.create(kim=kim, year=YEAR, status=WorkProgram.Status.APPROVED)
        WorkProgramItem.objects.create(
            program=program, activity="x", target=1, unit="x", status="selesai"
        )
    assert _count_queries(client) == small


def test_statistik_is_in_the_sitemap_and_navigation(client):
    assert f"{settings.SITE_URL}/statistik/" in sitemap_entries(client)
    assert b'href="/statistik/"' in client.get("/").content


# -- Dissemination of information materials -------------------------------------------------


@pytest.fixture
def spread(db):
    """Two KIMs in two kecamatan; four reports, one on the last day of March at 23:30 WIB."""
    from materials.models import DisseminationReport
    from tests.materials.conftest import make_material

    reporter = make_user("penyebar@uji.kim.id")
    ledok = make_kim("KIM Ledok Uji", kelurahan="ledok")
    bugel = make_kim("KIM Bugel Uji", kelurahan="bugel")
    material = make_material("Cegah DBD", author=reporter)
    for kim, when, people in [
        (ledok, at(3, 31, 23, 30), 40),  # 16:30 UTC: still March in Salatiga
        (ledok, at(4, 1, 8), 25),
        (bugel, at(4, 15), 100),
        (bugel, at(4, 20, year=YEAR + 1), 999),  # another year
    ]:
        DisseminationReport.objects.create(
            material=material,
            kim=kim,
            reporter=reporter,
            channel=DisseminationReport.Channel.WHATSAPP,
            shared_at=when,
            people_reached=people,
        )
    return ledok, bugel


def test_dissemination_is_counted_per_month_in_jakarta_time_and_per_kecamatan(spread):
    figures = dashboard(Period(YEAR), full=True)["dissemination"]
    months, kecamatan, kims = figures["tables"]
    assert months.rows[2][1:] == [1, 40]  # March
    assert months.rows[3][1:] == [2, 125]  # April
    assert (figures["reports"], figures["people"]) == (3, 165)
    # Every kecamatan, those without reports at 0.
    assert kecamatan.rows == [
        ["Argomulyo", 1 + 1, 65],
        ["Sidomukti", 0, 0],
        ["Sidorejo", 1, 100],
        ["Tingkir", 0, 0],
    ]
    assert kims.rows == [["KIM Bugel Uji", 1, 100], ["KIM Ledok Uji", 2, 65]]


def test_the_public_sees_dissemination_per_kecamatan_but_not_per_kim(spread):
    tables = dashboard(Period(YEAR), full=False)["dissemination"]["tables"]
    assert [table.name for table in tables] == ["dissemination-months", "dissemination-kecamatan"]


def test_dissemination_exports_to_csv_for_redaksi(client_for, redaksi, spread):
    response = client_for(redaksi).get(f"/statistik/csv/dissemination-kims/?year={YEAR}")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1:] == [["KIM Bugel Uji", "1", "100"], ["KIM Ledok Uji", "2", "65"]]


def test_the_scorecard_shows_the_kims_own_dissemination(spread):

    ledok, _bugel = spread
    table = scorecard(ledok, Period(YEAR))["dissemination"]
    assert [row[1:] for row in table.rows[2:4]] == [[1, 40], [1, 25]]


def test_chart_numbers_use_the_indonesian_decimal_comma_like_the_tables():
    from django.template.loader import render_to_string
    from django.utils import translation

    from overview.charts import bar_chart

    chart = bar_chart(chart_id="rate", title="Rasio", rows=[("Argomulyo", 33.3)])
    with translation.override("id"):
        svg = render_to_string("overview/_bar_chart.html", {"chart": chart})
    assert ">33,3</text>" in svg
    assert 'width="' in svg and "33.3<" not in svg
