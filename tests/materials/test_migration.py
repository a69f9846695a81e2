"""An upgrade from the schema where materials lived in `news` keeps every row and permission."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from kim_portal.roles import REDAKSI_GROUP
from materials.models import (
    Announcement,
    AnnouncementRecipient,
    DisseminationReport,
    Material,
    MaterialFile,
)
from tests.conftest import make_kim, make_user

# Migrating back and forth needs real commits; conftest.py restores the reference data after.
pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_THE_SPLIT = [("materials", None)]  # also unapplies news.0005, which depends on it
PERMISSIONS = ["change_material", "view_disseminationreport", "add_announcement"]


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    ContentType.objects.clear_cache()
    return executor


def _rows_of_the_old_schema(apps, author, kim) -> None:
    OldMaterial = apps.get_model("news", "Material")
    material = OldMaterial.objects.create(
        title="Cegah DBD",
        slug="cegah-dbd",
        kind="infografis",
        topic="kesehatan",
        summary="Tiga langkah.",
        author_id=author.pk,
        published_at=timezone.now(),
    )
    # Only the row matters here: the stored file itself never moves.
    apps.get_model("news", "MaterialFile").objects.create(
        material=material, file="materials/a.pdf", kind="pdf", name="a.pdf", size=12
    )
    apps.get_model("news", "DisseminationReport").objects.create(
        material=material,
        kim_id=kim.pk,
        reporter_id=author.pk,
        channel="whatsapp",
        shared_at=timezone.now(),
        people_reached=42,
    )
    announcement = apps.get_model("news", "Announcement").objects.create(
        title="Rapat pengurus", body="<p>Hadir semua.</p>", audience="all", author_id=author.pk
    )
    apps.get_model("news", "AnnouncementRecipient").objects.create(
        announcement=announcement, user_id=author.pk, email_wanted=False
    )
    # Permissions as the old schema named them, held by the Redaksi group.
    ContentType_ = apps.get_model("contenttypes", "ContentType")
    Permission_ = apps.get_model("auth", "Permission")
    group = apps.get_model("auth", "Group").objects.get(name=REDAKSI_GROUP)
    for codename in PERMISSIONS:
        model = codename.split("_", 1)[1]
        content_type = ContentType_.objects.get(app_label="news", model=model)
        group.permissions.add(Permission_.objects.get(content_type=content_type, codename=codename))


def test_upgrade_from_materials_in_news_keeps_rows_and_permissions():
    author = make_user("redaksi@uji.kim.id")
    kim = make_kim()
    Group.objects.get_or_create(name=REDAKSI_GROUP)

    executor = _migrate(BEFORE_THE_SPLIT)
    old_apps = executor.loader.project_state(
        [("news", "0004_materials_and_announcements"), ("groups", "0005_work_programs")]
    ).apps
    assert "news_material" in connection.introspection.table_names()
    assert ContentType.objects.filter(app_label="news", model="material").exists()
    _rows_of_the_old_schema(old_apps, author, kim)

    executor = _migrate(executor.loader.graph.leaf_nodes())

    tables = connection.introspection.table_names()
    assert "materials_material" in tables and "news_material" not in tables
    material = Material.objects.get(slug="cegah-dbd")
    assert material.author == author
    stored = MaterialFile.objects.get(material=material)
    assert (stored.name, stored.size) == ("a.pdf", 12)
    assert stored.file.name == "materials/a.pdf"
    report = DisseminationReport.objects.get(material=material)
    assert (report.kim, report.people_reached) == (kim, 42)
    announcement = Announcement.objects.get(title="Rapat pengurus")
    recipient = AnnouncementRecipient.objects.get(announcement=announcement)
    assert (recipient.user, recipient.email_wanted) == (author, False)

    assert not ContentType.objects.filter(app_label="news", model="material").exists()
    held = Group.objects.get(name=REDAKSI_GROUP).permissions.filter(
        content_type__app_label="materials"
    )
    assert sorted(held.values_list("codename", flat=True)) == sorted(PERMISSIONS)
    author.groups.add(Group.objects.get(name=REDAKSI_GROUP))
    author = type(author).objects.get(pk=author.pk)
    assert author.has_perm("materials.change_material")
    # The new tables take new rows (sequences followed the rename).
    Material.objects.create(
        title="Baru", slug="baru", kind="video", topic="digital", summary="-", author=author
    )
