"""`manage.py restore DIR`: bring a `manage.py backup` into an empty database and media folders.

Refuses anything but an empty database (no tables at all: create it fresh, do not migrate it)
and missing or empty media folders, and checks every file against the manifest first.
"""

import json
import shutil
import sqlite3
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from kim_portal.management.commands.backup import (
    FORMAT,
    MANIFEST,
    MEDIA_FOLDERS,
    database_engine,
    run_client,
    sha256_of,
)


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` into an empty database and media folders."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory: Path, **options):
        manifest = self.verified_manifest(directory)
        engine = database_engine()
        if manifest["engine"] != engine:
            raise CommandError(
                f"The backup holds a {manifest['engine']} database; this portal uses {engine}."
            )
        tables = connection.introspection.table_names()
        if tables:
            raise CommandError(
                f"The database is not empty ({len(tables)} tables): restore into a new one."
            )
        targets = {
            folder: Path(getattr(settings, setting)) for folder, setting in MEDIA_FOLDERS.items()
        }
        for target in targets.values():
            if target.exists() and any(target.iterdir()):
                raise CommandError(f"{target} is not empty: restore into empty media folders.")

        database_file = directory / manifest["database"]
        if engine == "postgresql":
            run_client(
                ["pg_restore", "--no-owner", "--no-acl", "--single-transaction", "--exit-on-error"]
                + ["--dbname", settings.DATABASES["default"]["NAME"], str(database_file)]
            )
        else:
            connection.ensure_connection()
            source = sqlite3.connect(database_file)
            try:
                source.backup(connection.connection)
            finally:
                source.close()
        connection.close()

        for folder, target in targets.items():
            shutil.copytree(directory / folder, target, dirs_exist_ok=True)
        self.stdout.write(
            f"Restored the {engine} database and {len(manifest['files']) - 1} media files "
            f"from {directory} (made {manifest['created']})"
        )

    def verified_manifest(self, directory: Path) -> dict:
        try:
            manifest = json.loads((directory / MANIFEST).read_text())
        except (OSError, ValueError) as error:
            raise CommandError(f"No readable {MANIFEST} in {directory}: {error}") from None
        if manifest.get("format") != FORMAT:
            raise CommandError(f"Unknown backup format {manifest.get('format')!r}.")
        present = {
            path.relative_to(directory).as_posix()
            for path in directory.rglob("*")
            if path.is_file() and path.name != MANIFEST
        }
        problems = [f"missing: {name}" for name in sorted(manifest["files"].keys() - present)]
        problems += [
            f"not in the manifest: {name}" for name in sorted(present - manifest["files"].keys())
        ]
        problems += [
            f"checksum differs: {name}"
            for name, checksum in sorted(manifest["files"].items())
            if name in present and sha256_of(directory / name) != checksum
        ]
        if problems:
            raise CommandError(
                "The backup is damaged; nothing was restored.\n" + "\n".join(problems)
            )
        return manifest
