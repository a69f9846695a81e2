"""Every route of the overview app for every role: anonymous, outsider, member without the
right, the one with it. A route added to overview/urls.py without a row here fails the first
test."""

import pytest

import overview.urls
from groups.models import Kim, Membership
from kim_portal.models import User
from tests.conftest import (
    LOGIN,
    PUBLIC,
    REDAKSI_ONLY,
    Route,
    add_member,
    check_route,
    make_kim,
    make_user,
    route_names,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(kim, ketua, anggota, outsider, redaksi) -> dict:
    return {
        "kim": kim,
        "ketua": ketua,
        "anggota": anggota,
        "outsider": outsider,
        "redaksi": redaksi,
    }


ROUTES = {
    "home": Route(PUBLIC),
    "stats": Route(PUBLIC),
    "desk": Route(REDAKSI_ONLY),
    # Data rights: one's own data and account; the Redaksi's desk on a person's request.
    "my_data": Route({"anonymous": LOGIN, "outsider": 200}, post=True),
    "account_delete": Route({"anonymous": LOGIN, "outsider": 200, "redaksi": 200}),
    "desk_personal_data": Route(REDAKSI_ONLY),
    "desk_personal_data_export": Route(
        REDAKSI_ONLY, post=True, args=lambda world: [world["anggota"].pk]
    ),
    "desk_account_erase": Route(
        {"anonymous": LOGIN, "outsider": 403, "ketua": 403, "redaksi": 302},
        post=True,
        args=lambda world: [world["anggota"].pk],
        data=lambda world: {"note": "Surat permintaan 1/2025", "confirm": "on"},
        done=lambda world: User.objects.get(pk=world["anggota"].pk).erased_at is not None,
    ),
    "stats_csv": Route(REDAKSI_ONLY, args=lambda world: ["kecamatan"]),
    # A KIM's scorecard is for its pengurus and the Redaksi.
    "kim_scorecard": Route(
        {"anonymous": LOGIN, "outsider": 403, "anggota": 403, "ketua": 200, "redaksi": 200},
        args=lambda world: [world["kim"].slug],
    ),
}


def test_every_overview_route_has_a_row():
    assert route_names(overview.urls) == set(ROUTES)


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_each_role_gets_what_the_matrix_says(client, world, name):
    check_route(client, world, name, ROUTES[name])


def test_the_scorecard_of_a_pending_kim_is_not_found_by_outsiders(client, world):
    pending = make_kim("KIM Menunggu", kelurahan="dukuh", status=Kim.Status.PENDING)
    chair = make_user("ketua.menunggu@uji.kim.id")
    add_member(pending, chair, Membership.Role.KETUA)
    world["chair"] = chair
    route = Route(
        {"anonymous": LOGIN, "outsider": 404, "ketua": 404, "chair": 200, "redaksi": 200},
        args=lambda world: [pending.slug],
    )
    check_route(client, world, "kim_scorecard", route)


def test_an_unknown_statistics_table_is_not_found(client_for, world):
    assert client_for(world["redaksi"]).get("/statistik/csv/rahasia/").status_code == 404
