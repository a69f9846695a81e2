"""Information materials and announcements moved to the `materials` app.

Only the migration state changes here: the tables stay, `materials` takes them over in its
0001 (state) and renames them in its 0002. This runs after `materials.0001` so that the models
exist in one app or the other at every step.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0004_materials_and_announcements"),
        ("materials", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="announcement",
                    name="author",
                ),
                migrations.RemoveField(
                    model_name="announcement",
                    name="kecamatan",
                ),
                migrations.RemoveIndex(
                    model_name="announcementrecipient",
                    name="news_announ_user_id_eba8f4_idx",
                ),
                migrations.RemoveConstraint(
                    model_name="announcementrecipient",
                    name="one_recipient_row_per_user",
                ),
                migrations.RemoveConstraint(
                    model_name="disseminationreport",
                    name="dissemination_people_reached_sane",
                ),
                migrations.RemoveConstraint(
                    model_name="material",
                    name="material_valid_until_after_from",
                ),
                migrations.RemoveField(
                    model_name="announcementrecipient",
                    name="announcement",
                ),
                migrations.RemoveField(
                    model_name="announcementrecipient",
                    name="user",
                ),
                migrations.RemoveField(
                    model_name="disseminationreport",
                    name="kim",
                ),
                migrations.RemoveField(
                    model_name="disseminationreport",
                    name="material",
                ),
                migrations.RemoveField(
                    model_name="disseminationreport",
                    name="reporter",
                ),
                migrations.RemoveField(
                    model_name="material",
                    name="author",
                ),
                migrations.DeleteModel(
                    name="MaterialFile",
                ),
                migrations.DeleteModel(
                    name="Announcement",
                ),
                migrations.DeleteModel(
                    name="AnnouncementRecipient",
                ),
                migrations.DeleteModel(
                    name="DisseminationReport",
                ),
                migrations.DeleteModel(
                    name="Material",
                ),
            ],
            database_operations=[],
        ),
    ]
