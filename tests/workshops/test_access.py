"""Every route of the workshops app for every role: anonymous, outsider, member without the
right, the one with it. A route added to workshops/urls.py without a row here fails the first
test."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

import workshops.urls
from groups.demo import demo_pdf
from tests.conftest import (
    LOGIN,
    PUBLIC,
    REDAKSI_ONLY,
    Route,
    answer,
    check_route,
    route_names,
)
from tests.workshops.conftest import attend, make_event
from workshops import services, tickets
from workshops.models import Event, EventMaterial, Registration

pytestmark = pytest.mark.django_db

# A registration belongs to its person: for anyone else it does not exist.
OWNER_ONLY = {"anonymous": LOGIN, "outsider": 404, "anggota": 404, "fellow": 200}


def pdf(name: str = "modul.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, demo_pdf("Modul"), content_type="application/pdf")


@pytest.fixture
def world(kim, ketua, anggota, fellow, outsider, redaksi) -> dict:
    event = make_event(capacity=10)
    draft = make_event("Rapat Konsep", status=Event.Status.DRAFT)
    # Check-in and certificates belong to the event's day.
    today = make_event("Sarasehan Hari Ini", starts_at=timezone.now() - timedelta(hours=1))
    return {
        "kim": kim,
        "ketua": ketua,
        "anggota": anggota,
        "fellow": fellow,
        "outsider": outsider,
        "redaksi": redaksi,
        "event": event,
        "draft": draft,
        "registration": services.registration_create(event=event, user=anggota),
        "today": today,
        "attended": attend(today, fellow, certificate_code="SERT-UJI-1"),
        "arrived": Registration.objects.create(event=today, user=anggota, status="confirmed"),
        "material": services.event_material_add(
            event=event, title="Modul", file=pdf(), actor=redaksi
        ),
    }


def event_slug(world: dict) -> list:
    return [world["event"].slug]


def redaksi_post(args, done, data=lambda world: {}) -> Route:
    return Route(
        {"anonymous": LOGIN, "outsider": 403, "ketua": 403, "redaksi": 302},
        args=args,
        post=True,
        data=data,
        done=done,
    )


def status_of(model, pk: int) -> str:
    return model.objects.get(pk=pk).status


ROUTES = {
    "workshops:list": Route(PUBLIC),
    "workshops:calendar": Route(PUBLIC),
    "workshops:detail": Route(PUBLIC, args=event_slug),
    "workshops:ics": Route(PUBLIC, args=event_slug),
    "workshops:certificate_verify": Route(PUBLIC, args=lambda world: ["SERT-UJI-1"]),
    # Materials of this event are for its registrants (and the Redaksi).
    "workshops:event_material": Route(
        {"anonymous": LOGIN, "outsider": 403, "ketua": 403, "anggota": 200, "redaksi": 200},
        args=lambda world: [world["event"].slug, world["material"].pk],
    ),
    "workshops:register": Route(
        {"anonymous": LOGIN, "outsider": 302},
        args=event_slug,
        post=True,
        done=lambda world: world["event"].registrations.filter(user=world["outsider"]).exists(),
    ),
    "workshops:mine": Route({"anonymous": LOGIN, "outsider": 200, "anggota": 200}),
    "workshops:ticket": Route(
        {"anonymous": LOGIN, "outsider": 404, "fellow": 404, "anggota": 200},
        args=lambda world: [world["registration"].pk],
    ),
    # GET asks to confirm; the POST that cancels has its own test below.
    "workshops:registration_cancel": Route(
        {"anonymous": LOGIN, "outsider": 404, "fellow": 404, "anggota": 200},
        args=lambda world: [world["registration"].pk],
        done=lambda world: (
            status_of(Registration, world["registration"].pk) != Registration.Status.CANCELLED
        ),
    ),
    "workshops:feedback": Route(OWNER_ONLY, args=lambda world: [world["attended"].pk]),
    "workshops:certificate": Route(OWNER_ONLY, args=lambda world: [world["attended"].pk]),
    "workshops:desk_list": Route(REDAKSI_ONLY),
    "workshops:desk_create": Route(REDAKSI_ONLY),
    "workshops:desk_edit": Route(REDAKSI_ONLY, args=event_slug),
    "workshops:desk_registrants": Route(REDAKSI_ONLY, args=event_slug),
    "workshops:desk_export": Route(REDAKSI_ONLY, args=event_slug),
    "workshops:desk_scan": Route(
        REDAKSI_ONLY,
        args=lambda world: [
            world["event"].slug,
            tickets.check_in_token(world["registration"]),
        ],
    ),
    "workshops:desk_publish": redaksi_post(
        lambda world: [world["draft"].slug],
        done=lambda world: status_of(Event, world["draft"].pk) == Event.Status.PUBLISHED,
    ),
    "workshops:desk_cancel": redaksi_post(
        event_slug,
        done=lambda world: status_of(Event, world["event"].pk) == Event.Status.CANCELLED,
    ),
    "workshops:desk_check_in": redaksi_post(
        lambda world: [world["today"].slug, world["arrived"].pk],
        done=lambda world: (
            status_of(Registration, world["arrived"].pk) == Registration.Status.ATTENDED
        ),
    ),
    "workshops:event_material_add": redaksi_post(
        event_slug,
        data=lambda world: {"title": "Modul Dua", "file": pdf("modul-dua.pdf")},
        done=lambda world: world["event"].materials.filter(title="Modul Dua").exists(),
    ),
    "workshops:event_material_delete": redaksi_post(
        lambda world: [world["event"].slug, world["material"].pk],
        done=lambda world: not EventMaterial.objects.filter(pk=world["material"].pk).exists(),
    ),
}


def test_every_workshops_route_has_a_row():
    assert route_names(workshops.urls, "workshops") == set(ROUTES)


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_each_role_gets_what_the_matrix_says(client, world, name):
    check_route(client, world, name, ROUTES[name])


@pytest.mark.parametrize("name", ["workshops:detail", "workshops:ics"])
def test_a_draft_event_exists_only_for_the_redaksi(client, world, name):
    route = Route(
        {"anonymous": 404, "outsider": 404, "ketua": 404, "redaksi": 200},
        args=lambda world: [world["draft"].slug],
    )
    check_route(client, world, name, route)


def test_a_deleted_event_file_is_gone_from_private_storage(client_for, world):
    stored = world["material"].file
    assert stored.storage.exists(stored.name)
    url = f"/redaksi/agenda/{world['event'].slug}/materi/{world['material'].pk}/hapus/"
    assert client_for(world["redaksi"]).post(url).status_code == 302
    assert not stored.storage.exists(stored.name)


def test_cancelling_by_post_is_for_the_registrant_only(client, world):
    url = reverse("workshops:registration_cancel", args=[world["registration"].pk])
    answers = {}
    for role in ["anonymous", "outsider", "fellow", "anggota"]:
        client.logout()
        if role != "anonymous":
            client.force_login(world[role])
        answers[role] = answer(client.post(url))
    assert answers == {"anonymous": LOGIN, "outsider": 404, "fellow": 404, "anggota": 302}
    assert status_of(Registration, world["registration"].pk) == Registration.Status.CANCELLED
