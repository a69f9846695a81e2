"""Event pages and the home page carry what a WhatsApp preview and search engines read."""

import json
import re

import pytest
from django.conf import settings
from django.utils import timezone

from tests.workshops.conftest import make_event
from workshops.models import Event

pytestmark = pytest.mark.django_db


def json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD"
    return json.loads(match.group(1))


def test_an_event_page_has_opengraph_and_schema_org_event(client):
    event = make_event(address="Jl. Letjend Sukowati 51", online_url="https://meet.example/x")
    html = client.get(event.get_absolute_url()).content.decode()
    assert f'<meta property="og:title" content="{event.title}">' in html
    assert f'property="og:url" content="{settings.SITE_URL}/agenda/' in html
    data = json_ld(html)
    assert data["@type"] == "Event"
    assert data["name"] == event.title
    assert data["startDate"] == timezone.localtime(event.starts_at).isoformat()
    assert data["endDate"].endswith("+07:00")
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    place, online = data["location"]
    assert place["name"] == event.venue and online["url"] == "https://meet.example/x"
    assert data["organizer"]["name"] == "KIM Salatiga"


def test_a_cancelled_event_says_so(client):
    event = make_event(status=Event.Status.CANCELLED, venue="", online_url="https://meet.example/y")
    html = client.get(event.get_absolute_url()).content.decode()
    data = json_ld(html)
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["location"]["@type"] == "VirtualLocation"
    assert "(dibatalkan)" in html


def test_a_members_only_online_link_stays_out_of_the_page_data(client):
    event = make_event(audience=Event.Audience.MEMBERS, online_url="https://meet.example/rahasia")
    html = client.get(event.get_absolute_url()).content.decode()
    assert "rahasia" not in html
    assert json_ld(html)["location"][1]["url"].endswith(event.get_absolute_url())


def test_the_home_page_has_opengraph_and_offers_a_subscription(client):
    html = client.get("/").content.decode()
    assert 'property="og:title"' in html and 'property="og:url"' in html
    assert 'href="/langganan/"' in html
    assert "Langganan berita" in html
