"""The agenda's calendar file (/agenda/kalender.ics) stays bounded whatever the agenda holds,
is cached for anonymous subscribers and changes by itself when its window moves; both calendar
files answer HEAD and conditional requests."""

from datetime import timedelta

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kim_portal import pagecache
from tests.workshops.conftest import make_event
from workshops import services
from workshops.models import Event
from workshops.views import public

pytestmark = pytest.mark.django_db

CALENDAR = "/agenda/kalender.ics"


def ended(days: float, title: str, **fields) -> Event:
    """An event of three hours that ended `days` days ago."""
    start = timezone.now() - timedelta(days=days, hours=3)
    return make_event(title, starts_at=start, **fields)


def coming(days: float, title: str, **fields) -> Event:
    return make_event(title, starts_at=timezone.now() + timedelta(days=days), **fields)


def titles(client) -> list[str]:
    response = client.get(CALENDAR)
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    return [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]


def later(monkeypatch, delta: timedelta) -> None:
    """Move the clock forward (no write happens meanwhile)."""
    moment = timezone.now() + delta
    monkeypatch.setattr(timezone, "now", lambda: moment)


def test_the_feed_holds_the_coming_events_and_the_last_90_days(client):
    ended(100, "Sarasehan Lama")
    ended(80, "Forum Bulan Lalu")
    ended(10, "Bimtek Batal", status=Event.Status.CANCELLED)
    coming(400, "Musyawarah Tahun Depan")
    coming(5, "Rencana Pelatihan", status=Event.Status.DRAFT)
    assert public.CALENDAR_PAST_DAYS == 90
    assert titles(client) == ["Forum Bulan Lalu", "Bimtek Batal", "Musyawarah Tahun Depan"]


def test_the_feed_is_capped_coming_events_first_then_the_latest_past_ones(client, monkeypatch):
    monkeypatch.setattr(public, "CALENDAR_MAX_EVENTS", 4)
    for days in (30, 20, 10):
        ended(days, f"Lalu {days}")
    for days in (3, 1, 2):
        coming(days, f"Nanti {days}")
    assert titles(client) == ["Lalu 10", "Nanti 1", "Nanti 2", "Nanti 3"]


def test_a_full_feed_holds_the_soonest_coming_events_only(client, monkeypatch):
    monkeypatch.setattr(public, "CALENDAR_MAX_EVENTS", 3)
    ended(1, "Kemarin")
    for days in (5, 4, 3, 2, 1):
        coming(days, f"Nanti {days}")
    assert titles(client) == ["Nanti 1", "Nanti 2", "Nanti 3"]


def test_the_feed_asks_as_many_queries_at_3_and_at_30_events(client):
    def queries() -> int:
        pagecache.cache.clear()  # the page cache would answer the second time
        with CaptureQueriesContext(connection) as captured:
            assert client.get(CALENDAR).status_code == 200
        return len(captured.captured_queries)

    for number in range(3):
        ended(number + 1, f"Lalu {number}")
        coming(number + 1, f"Nanti {number}")
    small = queries()
    for number in range(3, 30):
        ended(number + 1, f"Lalu {number}")
        coming(number + 1, f"Nanti {number}")
    assert queries() == small <= 2  # the coming events, then the past ones


def test_an_event_leaving_the_window_leaves_the_cached_feed_on_time(client, monkeypatch):
    ended(89, "Forum Hampir Lama")
    ended(10, "Bimtek Baru")
    assert titles(client) == ["Forum Hampir Lama", "Bimtek Baru"]
    assert client.get(CALENDAR)["X-Page-Cache"] == "hit"
    later(monkeypatch, timedelta(hours=12))
    assert titles(client) == ["Forum Hampir Lama", "Bimtek Baru"]
    later(monkeypatch, timedelta(days=1))
    assert titles(client) == ["Bimtek Baru"]


def test_a_full_feed_makes_room_when_its_first_event_ends(client, monkeypatch):
    monkeypatch.setattr(public, "CALENDAR_MAX_EVENTS", 2)
    make_event("Rapat Pagi", starts_at=timezone.now() - timedelta(hours=2))  # ends in an hour
    coming(1, "Forum Besok")
    coming(2, "Bimtek Lusa")
    assert titles(client) == ["Rapat Pagi", "Forum Besok"]
    assert client.get(CALENDAR)["X-Page-Cache"] == "hit"
    later(monkeypatch, timedelta(hours=2))
    assert titles(client) == ["Forum Besok", "Bimtek Lusa"]


@pytest.mark.parametrize("calendar", ["agenda", "event"])
def test_calendar_files_answer_head_with_their_type_and_name(client, calendar):
    event = coming(3, "Pelatihan Foto")
    path, name = {
        "agenda": (CALENDAR, "agenda-kim-salatiga.ics"),
        "event": (reverse("workshops:ics", args=[event.slug]), "pelatihan-foto.ics"),
    }[calendar]
    for _ in range(2):  # rendered, then served from the page cache
        response = client.head(path)
        assert response.status_code == 200
        assert response.content == b""
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        assert response["Content-Disposition"] == f'inline; filename="{name}"'
    response = client.get(path)
    assert response["X-Page-Cache"] == "hit"
    assert response["Content-Disposition"] == f'inline; filename="{name}"'
    assert client.post(path).status_code == 405


# The validators and the 304 answer come from the page cache (kim_portal/pagecache.py).
def test_the_feed_asked_again_with_its_etag_is_not_modified_until_an_event_is_published(
    client, redaksi, django_capture_on_commit_callbacks
):
    coming(3, "Pelatihan Foto")
    first = client.get(CALENDAR)
    assert first.status_code == 200
    again = client.get(CALENDAR, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    since = client.get(CALENDAR, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304 and since.content == b""
    draft = coming(4, "Sarasehan Baru", status=Event.Status.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        services.event_publish(event=draft, actor=redaksi)
    changed = client.get(CALENDAR, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    assert b"Sarasehan Baru" in changed.content
