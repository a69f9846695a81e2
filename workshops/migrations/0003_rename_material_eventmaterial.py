"""Event files are `EventMaterial`, not to be confused with `materials.Material`."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0002_related_article"),
    ]

    operations = [
        migrations.RenameModel(
            old_name="Material",
            new_name="EventMaterial",
        ),
    ]
