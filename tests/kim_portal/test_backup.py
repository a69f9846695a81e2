"""`manage.py backup` and `restore`, end to end: the demo portal backed up and restored into a
fresh database (of the engine the suite runs on) and fresh media folders, then compared."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import dj_database_url
import psycopg
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)

# Prints, as JSON: the row count of every table, and the HTML of a few public pages.
PROBE = """
import hashlib, json
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import setup_test_environment
from groups.models import Kim
from news.models import Article
setup_test_environment()
caches["default"].clear()
caches["pages"].clear()
with connection.cursor() as cursor:
    counts = {}
    for table in sorted(connection.introspection.table_names()):
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
article = Article.objects.public().order_by("pk").first()
kim = Kim.objects.verified().order_by("pk").first()
pages = {}
for url in ("/", article.get_absolute_url(), f"/kim/{kim.slug}/", "/agenda/"):
    response = Client().get(url)
    pages[url] = [response.status_code, response.content.decode()]
print("PROBE " + json.dumps({"counts": counts, "pages": pages}))
"""


def manage(env: dict[str, str], *arguments: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def two_databases(tmp_path):
    """The URLs of two new empty databases on the suite's engine; dropped afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield [f"sqlite:///{tmp_path / 'source.sqlite3'}", f"sqlite:///{tmp_path / 'copy.sqlite3'}"]
        return
    config = dj_database_url.parse(url)
    names = [f"kim_backup_{uuid.uuid4().hex[:8]}_{side}" for side in ("source", "copy")]
    server = {
        "host": config["HOST"] or None,
        "port": config["PORT"] or None,
        "user": config["USER"] or None,
        "password": config["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**server) as admin:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
    base = url.rsplit("/", 1)[0]
    try:
        yield [f"{base}/{name}" for name in names]
    finally:
        with psycopg.connect(**server) as admin:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def probe(env: dict[str, str]) -> dict:
    line = manage(env, "shell", "-c", PROBE).splitlines()[-1]
    assert line.startswith("PROBE "), line
    return json.loads(line.removeprefix("PROBE "))


def portal_env(tmp_path: Path, side: str, database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(tmp_path / side / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp_path / side / "private"),
        "REDIS_URL": "",
        "DEBUG": "1",
    }


def checksums(folder: Path) -> dict[str, str]:
    from kim_portal.management.commands.backup import sha256_of

    return {
        path.relative_to(folder).as_posix(): sha256_of(path)
        for path in folder.rglob("*")
        if path.is_file()
    }


def test_demo_portal_survives_backup_and_restore_into_a_fresh_database(tmp_path, two_databases):
    source = portal_env(tmp_path, "source", two_databases[0])
    copy = portal_env(tmp_path, "copy", two_databases[1])
    manage(source, "migrate", "--noinput", "-v0")
    manage(source, "seed_demo")
    backup = tmp_path / "backup"

    manage(source, "backup", str(backup))
    out = manage(copy, "restore", str(backup))

    assert "Restored" in out
    before, after = (probe(env) for env in (source, copy))
    assert after["counts"] == before["counts"]
    assert sum(before["counts"].values()) > 500  # the demo portal, not an empty one
    for side in ("source", "copy"):
        assert checksums(tmp_path / side / "media") == checksums(backup / "media"), side
        assert checksums(tmp_path / side / "private") == checksums(backup / "private"), side
    assert len(checksums(backup / "media")) > 10
    assert len(checksums(backup / "private")) > 0
    for url, (status, html) in before["pages"].items():
        assert status == 200, url
        assert after["pages"][url] == [status, html], url
    print(
        f"\nrestore comparison: {len(before['counts'])} tables, "
        f"{sum(before['counts'].values())} rows equal; "
        f"{len(checksums(backup / 'media'))} public and {len(checksums(backup / 'private'))} "
        f"private files with equal SHA-256; {len(before['pages'])} pages byte-identical"
    )

    again = subprocess.run(
        [sys.executable, "manage.py", "restore", str(backup)],
        cwd=ROOT,
        env={
            **copy,
            "MEDIA_ROOT": str(tmp_path / "empty"),
            "PRIVATE_MEDIA_ROOT": str(tmp_path / "empty"),
        },
        capture_output=True,
        text=True,
    )
    assert again.returncode != 0
    assert "The database is not empty" in again.stderr


def test_restore_refuses_a_damaged_backup_and_restores_nothing(tmp_path, two_databases):
    source = portal_env(tmp_path, "source", two_databases[0])
    media = tmp_path / "source" / "media"
    media.mkdir(parents=True)
    (media / "photo.webp").write_bytes(b"original")
    backup = tmp_path / "backup"
    manage(source, "backup", str(backup))
    (backup / "media" / "photo.webp").write_bytes(b"tampered")

    copy = portal_env(tmp_path, "copy", two_databases[1])
    result = subprocess.run(
        [sys.executable, "manage.py", "restore", str(backup)],
        cwd=ROOT,
        env=copy,
        capture_output=True,
        text=True,
    )

    assert result.returncode != 0
    assert "checksum differs: media/photo.webp" in result.stderr
    assert not (tmp_path / "copy" / "media").exists()


def test_backup_refuses_a_folder_that_is_not_empty(tmp_path, two_databases):
    (tmp_path / "backup").mkdir()
    (tmp_path / "backup" / "old.txt").write_text("x")

    result = subprocess.run(
        [sys.executable, "manage.py", "backup", str(tmp_path / "backup")],
        cwd=ROOT,
        env=portal_env(tmp_path, "source", two_databases[0]),
        capture_output=True,
        text=True,
    )

    assert result.returncode != 0
    assert "is not empty" in result.stderr
