from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import ProtectedError

from groups.models import Kecamatan, Kelurahan
from groups.regions import RegionFileError, load_regions, parse_regions


class Command(BaseCommand):
    help = "Replace the kecamatan and kelurahan with those of a CSV file (header 'kecamatan,kelurahan')."

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
        # One transaction: a file that fails half-way loads nothing.
        try:
            with transaction.atomic():
                kecamatan, kelurahan = load_regions(Kecamatan, Kelurahan, rows)
        except ProtectedError as exc:
            in_use = sorted({str(obj.kelurahan) for obj in exc.protected_objects})
            raise CommandError(
                f"{file}: kelurahan {', '.join(in_use)} still have KIMs but are not in the file. "
                "Nothing was loaded."
            ) from exc
        self.stdout.write(
            f"Loaded {len(rows)} kelurahan: {kecamatan} new kecamatan, {kelurahan} new kelurahan."
        )
