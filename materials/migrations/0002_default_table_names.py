"""Give the tables taken over from `news` their own names and move the content types.

Renaming the content types (rather than letting new ones be created) keeps the permissions, the
groups and users that hold them, and the admin log pointing at the same rows.
"""

from django.db import migrations

MODELS = [
    "material",
    "materialfile",
    "disseminationreport",
    "announcement",
    "announcementrecipient",
]


def _relabel_content_types(apps, schema_editor, old: str, new: str) -> None:
    content_types = apps.get_model("contenttypes", "ContentType").objects.using(
        schema_editor.connection.alias
    )
    for model in MODELS:
        moving = content_types.filter(app_label=old, model=model).first()
        if moving is None:
            continue
        # A type under the new label exists only when post_migrate ran between the two steps
        # (for example `migrate materials 0001` first). The old type holds the real permissions.
        content_types.filter(app_label=new, model=model).delete()
        moving.app_label = new
        moving.save(update_fields=["app_label"])


def forwards(apps, schema_editor):
    _relabel_content_types(apps, schema_editor, old="news", new="materials")


def backwards(apps, schema_editor):
    _relabel_content_types(apps, schema_editor, old="materials", new="news")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("materials", "0001_initial"),
        ("news", "0005_move_materials_out"),
    ]

    operations = [
        migrations.RenameIndex(
            model_name="announcementrecipient",
            new_name="materials_a_user_id_121411_idx",
            old_name="news_announ_user_id_eba8f4_idx",
        ),
        *[migrations.AlterModelTable(name=model, table=None) for model in MODELS],
        migrations.RunPython(forwards, backwards),
    ]
