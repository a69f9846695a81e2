"""One place decides what of an event a reader sees (`workshops.access.event_details_for`): the
online link of a members-only event reaches registrants and the Redaksi, in every representation."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from tests.workshops.conftest import make_event
from workshops import services
from workshops.access import event_details_for
from workshops.models import Event, Registration

pytestmark = pytest.mark.django_db

LINK = "https://zoom.us/j/98765?pwd=rahasia"
AUDIENCES = ["anonymous", "outsider", "waitlisted", "registered", "redaksi"]
SEES_MEMBERS_LINK = {"registered", "redaksi"}


@pytest.fixture
def members_event(db) -> Event:
    return make_event(
        "Rapat Daring Pengurus",
        audience=Event.Audience.MEMBERS,
        venue="",
        online_url=LINK,
        starts_at=timezone.now() + timedelta(hours=12),
    )


@pytest.fixture
def public_event(db) -> Event:
    return make_event("Webinar Literasi Digital", venue="", online_url=LINK)


@pytest.fixture
def reader(request, client, client_for, anggota, outsider, redaksi, members_event):
    """(client, user) for one audience; `registered` holds a seat, `waitlisted` does not."""
    who = request.param
    if who == "anonymous":
        return client, AnonymousUser()
    user = {"outsider": outsider, "redaksi": redaksi}.get(who, anggota)
    if who in ("registered", "waitlisted"):
        status = (
            Registration.Status.CONFIRMED if who == "registered" else Registration.Status.WAITLISTED
        )
        Registration.objects.create(event=members_event, user=user, status=status)
    return client_for(user), user


def representations(client, event: Event) -> dict[str, str]:
    return {
        "page": client.get(event.get_absolute_url()).content.decode(),
        "event.ics": client.get(reverse("workshops:ics", args=[event.slug])).content.decode(),
        "kalender.ics": client.get(reverse("workshops:calendar")).content.decode(),
    }


def unfolded(ics: str) -> str:
    return ics.replace("\r\n ", "")  # iCalendar folds long lines


@pytest.mark.parametrize("reader", AUDIENCES, indirect=True)
def test_members_only_link_reaches_only_registrants_and_redaksi(reader, request, members_event):
    client, user = reader
    who = request.node.callspec.params["reader"]
    seen = who in SEES_MEMBERS_LINK
    for name, body in representations(client, members_event).items():
        assert (LINK in unfolded(body).replace("&amp;", "&")) == seen, f"{who}: {name}"
    details = event_details_for(user, members_event)
    assert details.online_url == (LINK if seen else "")
    assert details.online_url_withheld is not seen


@pytest.mark.parametrize("reader", AUDIENCES, indirect=True)
def test_a_public_event_s_link_is_for_everyone(reader, public_event):
    client, _user = reader
    for name, body in representations(client, public_event).items():
        assert LINK in unfolded(body).replace("&amp;", "&"), name


def test_the_page_says_the_link_is_for_registrants(client, members_event):
    assert "Tautan ditampilkan" in client.get(members_event.get_absolute_url()).content.decode()


def test_the_reminder_carries_the_link_to_the_registrant(
    anggota, members_event, mailoutbox, django_capture_on_commit_callbacks
):
    Registration.objects.create(
        event=members_event, user=anggota, status=Registration.Status.CONFIRMED
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send() == 1
    assert LINK in mailoutbox[0].body


def test_the_calendar_feed_asks_once_for_a_reader_s_seats(
    client_for, anggota, members_event, django_assert_max_num_queries
):
    for number in range(5):
        event = make_event(
            f"Rapat {number}", audience=Event.Audience.MEMBERS, venue="", online_url=LINK
        )
        Registration.objects.create(event=event, user=anggota, status="confirmed")
    client = client_for(anggota)
    client.get(reverse("workshops:calendar"))  # warm the session and the group cache
    with django_assert_max_num_queries(6):
        body = unfolded(client.get(reverse("workshops:calendar")).content.decode())
    assert body.count(LINK.split("?")[0]) == 5  # not the members_event: no seat there


def test_event_files_for_registrants_follow_the_same_rule(client, client_for, anggota, outsider):
    event = make_event("Pelatihan Berkas")
    assert event.materials_visibility == Event.MaterialsVisibility.REGISTRANTS
    assert not event_details_for(AnonymousUser(), event).materials_visible
    assert not event_details_for(outsider, event).materials_visible
    Registration.objects.create(event=event, user=anggota, status="confirmed")
    assert event_details_for(anggota, event).materials_visible
