from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.text import slugify

from workshops.models import Event, Registration


def make_event(title: str = "Pelatihan Jurnalistik Warga", **fields) -> Event:
    start = fields.pop("starts_at", timezone.now() + timedelta(days=7))
    defaults = {
        "slug": slugify(title),
        "summary": "Belajar menulis berita warga.",
        "starts_at": start,
        "ends_at": start + timedelta(hours=3),
        "venue": "Aula Kantor Diskominfo",
        "status": Event.Status.PUBLISHED,
    }
    defaults.update(fields)
    return Event.objects.create(title=title, **defaults)


def attend(event: Event, user, **fields) -> Registration:
    """An attendance checked in at the event's start: only a check-in on the event's day earns a
    certificate."""
    fields.setdefault("checked_in_at", event.starts_at)
    return Registration.objects.create(
        event=event, user=user, status=Registration.Status.ATTENDED, **fields
    )


@pytest.fixture
def event(db) -> Event:
    return make_event(capacity=10)
