"""Calendar files (iCalendar) of the agenda and of one event."""

import functools
import html
from datetime import timedelta

import icalendar
from django.conf import settings
from django.utils import timezone

from kim_portal.diff import html_to_text
from workshops.access import EventDetails, event_details_for, seat_event_ids
from workshops.models import Event


def plain_text(summary: str, description_html: str) -> str:
    """A calendar's plain text: the summary, then the rich-text description with its entities
    decoded ("&amp;" is "&") and a blank line between paragraphs."""
    body = html_to_text(" ".join((description_html or "").split()))
    lines = [summary, *html.unescape(body).splitlines()]
    return "\n\n".join(" ".join(line.split()) for line in lines if line.strip())


@functools.cache
def _vtimezone(tzid: str) -> icalendar.Timezone:
    """Built once per process: its transitions take a while to compute, and it is only read."""
    return icalendar.Timezone.from_tzid(tzid)


def _vevent(event: Event, base_url: str, details: EventDetails) -> icalendar.Event:
    item = icalendar.Event()
    item.add("uid", f"event-{event.pk}@kim-salatiga")
    item.add("dtstamp", event.updated_at or timezone.now())
    item.add("dtstart", event.starts_at.astimezone(timezone.get_default_timezone()))
    item.add("dtend", event.ends_at.astimezone(timezone.get_default_timezone()))
    item.add("summary", event.title)
    item.add("description", plain_text(event.summary, event.description))
    location = ", ".join(part for part in (event.venue, event.address) if part)
    location = location or details.online_url
    if location:
        item.add("location", location)
    item.add("url", base_url + event.get_absolute_url())
    if event.is_cancelled:
        item.add("status", "CANCELLED")
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", event.title)
    alarm.add("trigger", timedelta(days=-1))
    item.add_component(alarm)
    return item


def calendar_ics(events, *, base_url: str, name: str, reader) -> bytes:
    """The events as `reader` may see them (`event_details_for`): a calendar app subscribing
    without a session gets what anonymous visitors see. Each event has a reminder the day
    before."""
    seats = seat_event_ids(reader)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Portal KIM Kota Salatiga//Agenda//ID")
    cal.add("version", "2.0")
    # An X- property is not escaped as text: a title's line break would end the line.
    cal.add("x-wr-calname", " ".join(name.split()))
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    cal.add_component(_vtimezone(settings.TIME_ZONE))
    for event in events:
        details = event_details_for(reader, event, holds_seat=event.pk in seats)
        cal.add_component(_vevent(event, base_url, details))
    return b"".join(fold(line) + b"\r\n" for line in cal.content_lines() if line)


FOLD_LIMIT = 75


def fold(line: str) -> bytes:
    """One content line, folded as `icalendar.Calendar.to_ical()` folds it (RFC 5545 3.1: at
    most 74 octets before each fold, never inside a UTF-8 sequence, and a backslash or caret
    escape kept with what it escapes), but cut by octets rather than tested character by
    character: the agenda's 300 events fold in a fraction of the time."""
    data = line.encode()
    if len(data) < FOLD_LIMIT:
        return data
    chunks, start = [], 0
    while len(data) - start >= FOLD_LIMIT:
        end = start + FOLD_LIMIT - 1
        while data[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte: not a place to cut
            end -= 1
        if end - start > 1 and data[end - 1] in b"\\^":
            end -= 1
        chunks.append(data[start:end])
        start = end
    chunks.append(data[start:])
    return b"\r\n ".join(chunks)
