from django.db import migrations

from groups.regions import load_regions, salatiga_rows


def load_salatiga(apps, schema_editor):
    load_regions(
        apps.get_model("groups", "Kecamatan"),
        apps.get_model("groups", "Kelurahan"),
        salatiga_rows(),
    )


def grant_redaksi(apps, schema_editor):
    # Imported when run: a migration loads before the apps are ready.
    from kim_portal.roles import grant_redaksi_permissions

    grant_redaksi_permissions(
        apps,
        "groups",
        [
            "view_kecamatan",
            "view_kelurahan",
            "view_kim",
            "change_kim",
            "view_membership",
            "change_membership",
            "view_kimstatuschange",
        ],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("groups", "0002_initial"),
        ("kim_portal", "0002_redaksi_group_and_cache_table"),
    ]

    operations = [
        migrations.RunPython(load_salatiga, migrations.RunPython.noop),
        migrations.RunPython(grant_redaksi, migrations.RunPython.noop),
    ]
