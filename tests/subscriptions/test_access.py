"""Every route of the subscriptions app for every role. A route added to subscriptions/urls.py
without a row here fails the first test. The token in a link is the permission for confirming
and unsubscribing (no login); a member's own subscriptions are theirs alone (others: 404)."""

import pytest

import subscriptions.urls
from subscriptions.models import Subscription
from tests.conftest import LOGIN, PUBLIC, Route, check_route, route_names
from tests.subscriptions.test_subscriptions import active

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(outsider, anggota, settings) -> dict:
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = "public", "private"
    return {
        "outsider": outsider,
        "anggota": anggota,
        "pending": Subscription.objects.create(
            email="baru@contoh.id", kelurahan_id=active().kelurahan_id, language="id"
        ),
        "theirs": active("milik@contoh.id"),
        "mine": active(anggota.email),
    }


def unsubscribed(world) -> bool:
    world["mine"].refresh_from_db()
    return world["mine"].status == Subscription.Status.UNSUBSCRIBED


ROUTES = {
    "subscriptions:subscribe": Route(PUBLIC),
    "subscriptions:sent": Route(PUBLIC),
    "subscriptions:service_worker": Route(PUBLIC),
    "subscriptions:confirm": Route(PUBLIC, args=lambda world: [world["pending"].token]),
    "subscriptions:unsubscribe": Route(PUBLIC, args=lambda world: [world["theirs"].token]),
    "subscriptions:unsubscribe_digest": Route(PUBLIC, args=lambda world: [world["theirs"].token]),
    "subscriptions:mine": Route({"anonymous": LOGIN, "outsider": 200, "anggota": 200}),
    # Someone else's subscription is not found; one's own is stopped.
    "subscriptions:manage": Route(
        {"anonymous": LOGIN, "outsider": 404, "anggota": 302},
        args=lambda world: [world["mine"].pk],
        post=True,
        data=lambda world: {"action": "unsubscribe"},
        done=unsubscribed,
    ),
    # JSON endpoints of the page's script: anyone may ask; a request without data is refused.
    "subscriptions:push_subscribe": Route({"anonymous": 400, "outsider": 400}, post=True),
    "subscriptions:push_unsubscribe": Route({"anonymous": 400, "outsider": 400}, post=True),
}


def test_every_route_of_subscriptions_has_a_row():
    assert route_names(subscriptions.urls, "subscriptions") == set(ROUTES)


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_each_role_gets_what_the_matrix_says(client, world, name):
    check_route(client, world, name, ROUTES[name])
