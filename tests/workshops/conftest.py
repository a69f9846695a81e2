from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.text import slugify
from pytest_django.plugin import blocking_manager_key

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
    return Registration.objects.create(
        event=event,
        user=user,
        status=Registration.Status.ATTENDED,
        checked_in_at=timezone.now(),
        **fields,
    )


@pytest.fixture
def event(db) -> Event:
    return make_event(capacity=10)


def _restore_reference_data() -> None:
    """Put back what migrations put in the database and a transactional test's flush removed."""
    from django.contrib.auth.models import Group, Permission

    from groups.models import Kecamatan, Kelurahan
    from groups.regions import load_regions, salatiga_rows
    from kim_portal.roles import REDAKSI_GROUP

    load_regions(Kecamatan, Kelurahan, salatiga_rows())
    group, _ = Group.objects.get_or_create(name=REDAKSI_GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="groups", codename__startswith="view_")
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    # After the flush that ends a transactional test, so that later tests (and the next
    # --reuse-db run) still find the Salatiga regions and the Redaksi group.
    result = yield
    marker = item.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        with item.config.stash[blocking_manager_key].unblock():
            _restore_reference_data()
    return result
