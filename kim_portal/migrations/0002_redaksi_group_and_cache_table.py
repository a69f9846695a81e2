from django.core.management import call_command
from django.db import migrations

from kim_portal.roles import REDAKSI_GROUP


def create_redaksi_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=REDAKSI_GROUP)


def create_cache_table(apps, schema_editor):
    # The database cache (used when REDIS_URL is unset) must exist before the first request.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [
        ("kim_portal", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(create_redaksi_group, migrations.RunPython.noop),
        migrations.RunPython(create_cache_table, migrations.RunPython.noop),
    ]
