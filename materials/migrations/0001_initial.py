"""The models that lived in `news` until news.0005, taken over with their tables (state only).

The tables keep their `news_*` names here; 0002 renames them.
"""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import kim_portal.uploads
import materials.models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("news", "0004_materials_and_announcements"),
        ("groups", "0005_work_programs"),
        ("kim_portal", "0003_user_wants_news_email"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Announcement",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("title", models.CharField(max_length=200, verbose_name="title")),
                        ("body", models.TextField(verbose_name="text")),
                        (
                            "important",
                            models.BooleanField(
                                default=False,
                                help_text="Important announcements are e-mailed even to members who turned e-mail off.",
                                verbose_name="important",
                            ),
                        ),
                        (
                            "audience",
                            models.CharField(
                                choices=[
                                    ("all", "All KIM members"),
                                    ("kecamatan", "Members of the KIM in one kecamatan"),
                                    ("pengurus", "KIM officers (pengurus) only"),
                                ],
                                max_length=10,
                                verbose_name="send to",
                            ),
                        ),
                        (
                            "sent_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="sent at"
                            ),
                        ),
                        (
                            "author",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "kecamatan",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="groups.kecamatan",
                                verbose_name="kecamatan",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "news_announcement",
                        "verbose_name": "announcement",
                        "verbose_name_plural": "announcements",
                        "ordering": ["-sent_at", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="Material",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("title", models.CharField(max_length=200, verbose_name="title")),
                        (
                            "slug",
                            models.SlugField(max_length=220, unique=True, verbose_name="slug"),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("infografis", "Infographic"),
                                    ("siaran-pers", "Press release"),
                                    ("sosialisasi", "Outreach material"),
                                    ("regulasi", "Regulation or policy"),
                                    ("video", "Video"),
                                ],
                                db_index=True,
                                max_length=20,
                                verbose_name="kind",
                            ),
                        ),
                        (
                            "topic",
                            models.CharField(
                                choices=[
                                    ("pemerintahan", "Government and public services"),
                                    ("kesehatan", "Health"),
                                    ("pendidikan", "Education"),
                                    ("ekonomi", "Economy"),
                                    ("lingkungan", "Environment"),
                                    ("keamanan", "Safety and disaster preparedness"),
                                    ("digital", "Digital literacy"),
                                    ("kemasyarakatan", "Community life"),
                                ],
                                db_index=True,
                                max_length=20,
                                verbose_name="topic",
                            ),
                        ),
                        (
                            "summary",
                            models.TextField(
                                help_text="One or two sentences shown in lists.",
                                max_length=400,
                                verbose_name="summary",
                            ),
                        ),
                        ("description", models.TextField(blank=True, verbose_name="description")),
                        (
                            "video_url",
                            models.URLField(
                                blank=True,
                                help_text="For videos: the address of the video, for example on YouTube.",
                                verbose_name="video link",
                            ),
                        ),
                        (
                            "audience",
                            models.CharField(
                                choices=[("public", "Everyone"), ("members", "KIM members only")],
                                default="public",
                                max_length=10,
                                verbose_name="audience",
                            ),
                        ),
                        (
                            "valid_from",
                            models.DateField(
                                default=django.utils.timezone.localdate, verbose_name="valid from"
                            ),
                        ),
                        (
                            "valid_until",
                            models.DateField(
                                blank=True,
                                help_text="After this date the item moves to the archive. Leave empty to keep it.",
                                null=True,
                                verbose_name="valid until",
                            ),
                        ),
                        (
                            "published_at",
                            models.DateTimeField(
                                blank=True, db_index=True, null=True, verbose_name="published at"
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "author",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "news_material",
                        "verbose_name": "information material",
                        "verbose_name_plural": "information materials",
                        "ordering": ["-valid_from", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="DisseminationReport",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "channel",
                            models.CharField(
                                choices=[
                                    ("whatsapp", "WhatsApp group"),
                                    ("social", "Social media"),
                                    ("meeting", "Village or RT meeting"),
                                    ("board", "Notice board"),
                                    ("other", "Other"),
                                ],
                                max_length=10,
                                verbose_name="channel",
                            ),
                        ),
                        (
                            "shared_at",
                            models.DateTimeField(db_index=True, verbose_name="shared at"),
                        ),
                        (
                            "people_reached",
                            models.PositiveIntegerField(
                                validators=[
                                    django.core.validators.MinValueValidator(1),
                                    django.core.validators.MaxValueValidator(100000),
                                ],
                                verbose_name="people reached (estimate)",
                            ),
                        ),
                        ("note", models.TextField(blank=True, max_length=500, verbose_name="note")),
                        ("evidence_url", models.URLField(blank=True, verbose_name="evidence link")),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "kim",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="dissemination_reports",
                                to="groups.kim",
                            ),
                        ),
                        (
                            "reporter",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="dissemination_reports",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "material",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="reports",
                                to="materials.material",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "news_disseminationreport",
                        "verbose_name": "dissemination report",
                        "verbose_name_plural": "dissemination reports",
                        "ordering": ["-shared_at", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="MaterialFile",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "file",
                            models.FileField(
                                storage=kim_portal.uploads.private_storage,
                                upload_to=materials.models.material_upload_to,
                                verbose_name="file",
                            ),
                        ),
                        ("kind", models.CharField(max_length=10)),
                        ("name", models.CharField(max_length=120, verbose_name="file name")),
                        ("size", models.PositiveIntegerField(default=0)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "material",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="files",
                                to="materials.material",
                            ),
                        ),
                        (
                            "photo",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="kim_portal.photo",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "news_materialfile",
                        "ordering": ["material", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="AnnouncementRecipient",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("email_wanted", models.BooleanField(default=True)),
                        ("emailed_at", models.DateTimeField(blank=True, null=True)),
                        ("read_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "announcement",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="recipients",
                                to="materials.announcement",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="announcements_received",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "news_announcementrecipient",
                        "ordering": ["announcement", "pk"],
                        "indexes": [
                            models.Index(
                                fields=["user", "read_at"], name="news_announ_user_id_eba8f4_idx"
                            )
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("announcement", "user"), name="one_recipient_row_per_user"
                            )
                        ],
                    },
                ),
                migrations.AddConstraint(
                    model_name="material",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("valid_until__isnull", True),
                            ("valid_until__gte", models.F("valid_from")),
                            _connector="OR",
                        ),
                        name="material_valid_until_after_from",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="disseminationreport",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("people_reached__gte", 1), ("people_reached__lte", 100000)
                        ),
                        name="dissemination_people_reached_sane",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
