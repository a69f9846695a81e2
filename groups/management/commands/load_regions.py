from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from groups.models import Kecamatan, Kelurahan
from groups.regions import RegionFileError, load_regions, parse_regions


class Command(BaseCommand):
    help = "Load kecamatan and kelurahan from a CSV file with the header 'kecamatan,kelurahan'."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            with file.open(encoding="utf-8-sig", newline="") as handle:
                rows = parse_regions(handle)
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror}") from exc
        except UnicodeDecodeError as exc:
            raise CommandError(f"{file}: not UTF-8 text ({exc.reason})") from exc
        except RegionFileError as exc:
            raise CommandError(f"{file}: {exc}. Nothing was loaded.") from exc
        # One transaction: a file that fails half-way (say, a database constraint) loads nothing.
        with transaction.atomic():
            kecamatan, kelurahan = load_regions(Kecamatan, Kelurahan, rows)
        self.stdout.write(
            f"Loaded {len(rows)} kelurahan: {kecamatan} new kecamatan, {kelurahan} new kelurahan."
        )
