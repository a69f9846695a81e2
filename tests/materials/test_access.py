"""Every route of the materials app for every role: anonymous, outsider, member without the
right, the one with it. A route added to materials/urls.py without a row here fails the first
test."""

import pytest
from django.utils import timezone

import materials.urls
from materials import services
from materials.models import DisseminationReport, Material
from tests.conftest import (
    LOGIN,
    PUBLIC,
    REDAKSI_ONLY,
    Route,
    check_route,
    route_names,
)
from tests.materials.conftest import make_material

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(kim, ketua, anggota, fellow, outsider, redaksi) -> dict:
    public = make_material("Bahan Umum", author=redaksi, with_pdf=True)
    members = make_material(
        "Bahan Anggota", author=redaksi, audience=Material.Audience.MEMBERS, with_pdf=True
    )
    draft = make_material("Bahan Konsep", author=redaksi, published=False, with_pdf=True)
    report = DisseminationReport.objects.create(
        material=public,
        kim=kim,
        reporter=anggota,
        channel="whatsapp",
        shared_at=timezone.now(),
        people_reached=12,
    )
    announcement = services.announcement_send(
        author=redaksi, title="Rapat", body="<p>Isi.</p>", important=False, audience="pengurus"
    )
    return {
        "kim": kim,
        "ketua": ketua,
        "anggota": anggota,
        "fellow": fellow,
        "outsider": outsider,
        "redaksi": redaksi,
        "public": public,
        "members": members,
        "draft": draft,
        "report": report,
        "announcement": announcement,
    }


def first_file(material: Material) -> list:
    return [material.slug, material.files.get().pk]


def redaksi_post(args, done=None) -> Route:
    return Route(
        {"anonymous": LOGIN, "outsider": 403, "ketua": 403, "redaksi": 302},
        args=args,
        post=True,
        done=done,
    )


def published(world: dict, key: str) -> bool:
    return Material.objects.get(pk=world[key].pk).is_published


def report_form(world: dict) -> dict:
    return {
        "kim": world["kim"].pk,
        "channel": "whatsapp",
        "shared_on": timezone.localdate().isoformat(),
        "people_reached": "30",
    }


ROUTES = {
    "materials:materials": Route(PUBLIC),
    "materials:material": Route(PUBLIC, args=lambda world: [world["public"].slug]),
    "materials:material_file": Route(PUBLIC, args=lambda world: first_file(world["public"])),
    "materials:my_reports": Route({"anonymous": LOGIN, "outsider": 200, "anggota": 200}),
    # Another member's report does not exist for them: ownership is the query.
    "materials:report_edit": Route(
        {"anonymous": LOGIN, "outsider": 404, "fellow": 404, "anggota": 200},
        args=lambda world: [world["report"].pk],
    ),
    "materials:material_report": Route(
        {"anonymous": LOGIN, "outsider": 403, "anggota": 200},
        args=lambda world: [world["public"].slug],
    ),
    "materials:desk_materials": Route(REDAKSI_ONLY),
    "materials:material_create": Route(REDAKSI_ONLY),
    "materials:desk_reports": Route(REDAKSI_ONLY),
    "materials:desk_reports_csv": Route(REDAKSI_ONLY),
    "materials:material_edit": Route(REDAKSI_ONLY, args=lambda world: [world["draft"].pk]),
    "materials:material_publish": redaksi_post(
        lambda world: [world["draft"].pk], done=lambda world: published(world, "draft")
    ),
    "materials:material_unpublish": redaksi_post(
        lambda world: [world["public"].pk], done=lambda world: not published(world, "public")
    ),
    "materials:material_file_delete": redaksi_post(
        lambda world: [world["draft"].pk, world["draft"].files.get().pk],
        done=lambda world: not world["draft"].files.exists(),
    ),
    "materials:announcements": Route({"anonymous": LOGIN, "outsider": 200, "anggota": 200}),
    # Sent to the pengurus: a plain member is not among its recipients and never sees it.
    "materials:announcement": Route(
        {"anonymous": LOGIN, "outsider": 404, "anggota": 404, "ketua": 200, "redaksi": 200},
        args=lambda world: [world["announcement"].pk],
    ),
    "materials:desk_announcements": Route(REDAKSI_ONLY),
    "materials:announcement_create": Route(REDAKSI_ONLY),
}


def test_every_materials_route_has_a_row():
    assert route_names(materials.urls, "materials") == set(ROUTES)


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_each_role_gets_what_the_matrix_says(client, world, name):
    check_route(client, world, name, ROUTES[name])


@pytest.mark.parametrize("name", ["materials:material", "materials:material_file"])
def test_a_members_only_material_asks_visitors_to_log_in_and_refuses_outsiders(client, world, name):
    args = [world["members"].slug]
    if name == "materials:material_file":
        args = first_file(world["members"])
    route = Route({"anonymous": LOGIN, "outsider": 403, "anggota": 200}, args=lambda w: args)
    check_route(client, world, name, route)


@pytest.mark.parametrize("name", ["materials:material", "materials:material_file"])
def test_an_unpublished_material_exists_only_for_the_redaksi(client, world, name):
    args = [world["draft"].slug]
    if name == "materials:material_file":
        args = first_file(world["draft"])
    route = Route(
        {"anonymous": 404, "outsider": 404, "ketua": 404, "redaksi": 200}, args=lambda w: args
    )
    check_route(client, world, name, route)


def test_a_member_reports_spreading_a_material(client_for, world):
    url = f"/bahan/{world['public'].slug}/lapor/"
    response = client_for(world["fellow"]).post(url, report_form(world))
    assert response.status_code == 302
    assert DisseminationReport.objects.filter(reporter=world["fellow"]).exists()
