"""`manage.py backup DIR`: the database, public and private media, and a manifest of checksums.

The database is dumped first, in one snapshot (pg_dump's custom format on PostgreSQL, the SQLite
backup API on SQLite), then the media folders are copied: every file a dumped row names was
written before its row, so it is in the copy. `manage.py restore DIR` reads it back.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

MANIFEST = "manifest.json"
FORMAT = 1
POSTGRES_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
MEDIA_FOLDERS = {"media": "MEDIA_ROOT", "private": "PRIVATE_MEDIA_ROOT"}


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def database_engine() -> str:
    return {"postgresql": "postgresql", "sqlite": "sqlite"}.get(connection.vendor, "")


def postgres_environment() -> dict[str, str]:
    """libpq's variables for the default database (pg_dump and pg_restore read them)."""
    db = settings.DATABASES["default"]
    env = {**os.environ, "PGDATABASE": db["NAME"]}
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if db.get(key):
            env[variable] = str(db[key])
    return env


def run_client(command: list[str]) -> None:
    try:
        subprocess.run(
            command, env=postgres_environment(), check=True, capture_output=True, text=True
        )
    except FileNotFoundError:
        raise CommandError(f"{command[0]} is not installed (Debian: postgresql-client)") from None
    except subprocess.CalledProcessError as error:
        raise CommandError(f"{command[0]} failed: {error.stderr.strip()}") from None


class Command(BaseCommand):
    help = "Back up the database and the media folders into DIR (new or empty), with checksums."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory: Path, **options):
        engine = database_engine()
        if not engine:
            raise CommandError(f"Cannot back up a {connection.vendor} database.")
        if directory.exists() and any(directory.iterdir()):
            raise CommandError(f"{directory} is not empty: back up into a new folder.")
        directory.mkdir(parents=True, exist_ok=True)

        if engine == "postgresql":
            database_file = POSTGRES_DUMP
            run_client(
                ["pg_dump", "--format=custom", "--no-owner", "--no-acl"]
                + ["--file", str(directory / database_file)]
            )
        else:
            database_file = SQLITE_COPY
            connection.ensure_connection()
            target = sqlite3.connect(directory / database_file)
            try:
                connection.connection.backup(target)
            finally:
                target.close()

        for folder, setting in MEDIA_FOLDERS.items():
            source = Path(getattr(settings, setting))
            if source.is_dir():
                shutil.copytree(source, directory / folder)
            else:
                (directory / folder).mkdir()

        files = {
            path.relative_to(directory).as_posix(): sha256_of(path)
            for path in sorted(directory.rglob("*"))
            if path.is_file()
        }
        manifest = {
            "format": FORMAT,
            "created": timezone.now().isoformat(),
            "engine": engine,
            "database": database_file,
            "files": files,
        }
        (directory / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n")
        media_count = sum(1 for name in files if name != database_file)
        self.stdout.write(
            f"Backed up the {engine} database and {media_count} media files into {directory}"
        )
