"""Every route of the open-data API for every role: all public, all the same for everyone (no
session changes what it shows), GET only. A route added to overview/api/urls.py without a row
here fails the first test."""

import pytest

import overview.api.urls
from tests.conftest import PUBLIC, Route, check_route, route_names

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(outsider, redaksi) -> dict:
    return {"outsider": outsider, "redaksi": redaksi}


EVERYONE = {**PUBLIC, "redaksi": 200}
ROUTES = {
    "api:openapi": Route(EVERYONE),
    "api:articles": Route(EVERYONE),
    # Unpublished or not: the Redaksi gets no more from the API than anyone.
    "api:article": Route(
        {"anonymous": 404, "outsider": 404, "redaksi": 404}, args=lambda world: ["belum-terbit"]
    ),
    "api:kims": Route(EVERYONE),
    "api:events": Route(EVERYONE),
    "api:regions": Route(EVERYONE),
    "api:datasets": Route(EVERYONE),
    "api:dataset_json": Route(EVERYONE, args=lambda world: ["kelurahan"]),
    "api:dataset_csv": Route(EVERYONE, args=lambda world: ["kecamatan"]),
    "api:not_found": Route(
        {"anonymous": 404, "outsider": 404, "redaksi": 404}, args=lambda world: ["lain/"]
    ),
}


def test_every_route_of_the_api_has_a_row():
    assert route_names(overview.api.urls, "api") == set(ROUTES)


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_each_role_gets_what_the_matrix_says(client, world, name):
    check_route(client, world, name, ROUTES[name])


@pytest.mark.parametrize("name", ["api:articles", "api:datasets"])
def test_writes_are_refused_with_405(client, name):
    from django.urls import reverse

    for method in (client.post, client.put, client.delete):
        assert method(reverse(name)).status_code == 405
