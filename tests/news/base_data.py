"""Regions and the Redaksi group come from data migrations; a browser test's flush removes them
from a reused test database. Put them back when missing, so these tests run in any order."""

from django.contrib.auth.models import Group

from groups.models import Kecamatan, Kelurahan
from groups.regions import load_regions, salatiga_rows
from kim_portal.roles import REDAKSI_GROUP


def ensure_base_data() -> None:
    if not Kelurahan.objects.exists():
        load_regions(Kecamatan, Kelurahan, salatiga_rows())
    Group.objects.get_or_create(name=REDAKSI_GROUP)
