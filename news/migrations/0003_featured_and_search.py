import django.contrib.postgres.search
from django.db import migrations, models

# The GIN index only exists on PostgreSQL (SQLite, used by some CI runs, searches with icontains),
# so it is created here rather than declared in Meta.indexes.
INDEX = "news_article_search_vector_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON news_article USING gin (search_vector)"
    )
    schema_editor.execute(
        "UPDATE news_article SET search_vector ="
        " setweight(to_tsvector('indonesian', coalesce(title, '')), 'A')"
        " || setweight(to_tsvector('indonesian', coalesce(summary, '')), 'B')"
        " || setweight(to_tsvector('indonesian', coalesce(body, '')), 'C')"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0002_comment"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="featured_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="featured at"),
        ),
        migrations.AddField(
            model_name="article",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(create_index, drop_index),
    ]
