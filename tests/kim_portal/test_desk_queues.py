"""Every desk queue is paged: a page costs the same number of queries with three items waiting
and with a hundred and twenty, and shows at most one page of them."""

import itertools
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from groups.models import Kelurahan, Kim, WorkProgram
from materials.models import Material
from news.models import Article
from tests.conftest import make_user
from workshops.models import Event, Registration

pytestmark = pytest.mark.django_db

SMALL, LARGE = 3, 120
_numbers = itertools.count()


def _articles(count, *, state, author, kim):
    now = timezone.now()
    Article.objects.bulk_create(
        Article(
            title=f"Naskah {n}",
            slug=f"naskah-{n}",
            summary="Ringkas.",
            body="<p>Isi</p>",
            author=author,
            kim=kim,
            state=state,
            submitted_at=now,
        )
        for n in (next(_numbers) for _ in range(count))
    )


def _pending_kims(count, **_):
    kelurahan = list(Kelurahan.objects.all())
    Kim.objects.bulk_create(
        Kim(name=f"KIM Antre {n}", slug=f"kim-antre-{n}", kelurahan=kelurahan[n % len(kelurahan)])
        for n in (next(_numbers) for _ in range(count))
    )


def _programs(count, *, kim, **_):
    WorkProgram.objects.bulk_create(
        WorkProgram(
            kim=kim, year=1900 + next(_numbers), status="submitted", submitted_at=timezone.now()
        )
        for _ in range(count)
    )


def _events(count, **_):
    start = timezone.now() + timedelta(days=3)
    Event.objects.bulk_create(
        Event(title=f"Acara {n}", slug=f"acara-{n}", summary="S", starts_at=start, ends_at=start)
        for n in (next(_numbers) for _ in range(count))
    )


def _registrants(count, *, event, **_):
    for _ in range(count):
        n = next(_numbers)
        Registration.objects.create(
            event=event, user=make_user(f"peserta{n}@uji.kim.id"), status="confirmed"
        )


def _materials(count, *, author, **_):
    today = timezone.localdate()
    Material.objects.bulk_create(
        Material(
            title=f"Bahan {n}",
            slug=f"bahan-{n}",
            kind=Material.Kind.PRESS_RELEASE,
            topic=Material.Topic.HEALTH,
            summary="S",
            author=author,
            valid_from=today,
        )
        for n in (next(_numbers) for _ in range(count))
    )


QUEUES = {
    "redaksi news": (
        "news:redaksi_queue",
        "redaksi",
        lambda n, c: _articles(n, state="redaksi_review", author=c["anggota"], kim=c["kim"]),
    ),
    "kim news": (
        "news:kim_queue",
        "ketua",
        lambda n, c: _articles(n, state="kim_review", author=c["anggota"], kim=c["kim"]),
    ),
    "kim verification": ("groups:review_queue", "redaksi", lambda n, c: _pending_kims(n)),
    "work programs": ("groups:program_queue", "redaksi", lambda n, c: _programs(n, kim=c["kim"])),
    "events": ("workshops:desk_list", "redaksi", lambda n, c: _events(n)),
    "registrants": (
        "workshops:desk_registrants",
        "redaksi",
        lambda n, c: _registrants(n, event=c["event"]),
    ),
    "materials": (
        "materials:desk_materials",
        "redaksi",
        lambda n, c: _materials(n, author=c["redaksi"]),
    ),
}


@pytest.mark.parametrize("name", QUEUES)
def test_a_desk_queue_page_costs_the_same_at_two_sizes(
    name, client_for, kim, ketua, anggota, redaksi
):
    url_name, viewer, fill = QUEUES[name]
    start = timezone.now() + timedelta(days=3)
    event = Event.objects.create(
        title="Pelatihan", slug="pelatihan", summary="S", starts_at=start, ends_at=start
    )
    cast = {"kim": kim, "ketua": ketua, "anggota": anggota, "redaksi": redaksi, "event": event}
    url = reverse(url_name, args=[event.slug] if name == "registrants" else [])
    client = client_for(cast[viewer])

    def measure() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries), response.content.decode()

    fill(SMALL, cast)
    small, _ = measure()
    fill(LARGE - SMALL, cast)
    large, html = measure()
    assert large == small
    assert "?page=2" in html  # the rest is one click away
