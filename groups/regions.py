"""A city's kecamatan and kelurahan from CSV: used by the data migration and `load_regions`."""

import csv
import io
from collections.abc import Iterable

from django.utils.text import slugify

SALATIGA_CSV = """kecamatan,kelurahan
Argomulyo,Cebongan
Argomulyo,Kumpulrejo
Argomulyo,Ledok
Argomulyo,Noborejo
Argomulyo,Randuacir
Argomulyo,Tegalrejo
Sidomukti,Dukuh
Sidomukti,Kalicacing
Sidomukti,Kecandran
Sidomukti,Mangunsari
Sidorejo,Blotongan
Sidorejo,Bugel
Sidorejo,Kauman Kidul
Sidorejo,Pulutan
Sidorejo,Salatiga
Sidorejo,Sidorejo Lor
Tingkir,Gendongan
Tingkir,Kalibening
Tingkir,Kutowinangun Kidul
Tingkir,Kutowinangun Lor
Tingkir,Sidorejo Kidul
Tingkir,Tingkir Lor
Tingkir,Tingkir Tengah
"""


class RegionFileError(ValueError):
    pass


def parse_regions(lines: Iterable[str]) -> list[tuple[str, str]]:
    """Read `kecamatan,kelurahan` rows; raise RegionFileError naming the line and the problem."""
    reader = csv.reader(lines)
    header = next(reader, None)
    if header is None:
        raise RegionFileError("line 1: the file is empty")
    if [h.strip().lower() for h in header] != ["kecamatan", "kelurahan"]:
        raise RegionFileError("line 1: the header must be exactly 'kecamatan,kelurahan'")
    rows: list[tuple[str, str]] = []
    seen: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        if not row or all(not cell.strip() for cell in row):
            continue
        if len(row) != 2:
            raise RegionFileError(f"line {line}: expected 2 columns, found {len(row)}")
        kecamatan, kelurahan = (cell.strip() for cell in row)
        if not kecamatan or not kelurahan:
            raise RegionFileError(f"line {line}: kecamatan and kelurahan must both be filled in")
        if len(kecamatan) > 100 or len(kelurahan) > 100:
            raise RegionFileError(f"line {line}: names are limited to 100 characters")
        slug = slugify(kelurahan)
        if not slug:
            raise RegionFileError(f"line {line}: {kelurahan!r} cannot be turned into a URL name")
        if slug in seen:
            raise RegionFileError(
                f"line {line}: kelurahan {kelurahan!r} is already listed on line {seen[slug]}"
            )
        seen[slug] = line
        rows.append((kecamatan, kelurahan))
    if not rows:
        raise RegionFileError("the file lists no kelurahan")
    return rows


def load_regions(Kecamatan, Kelurahan, rows: list[tuple[str, str]]) -> tuple[int, int]:
    """Make the regions exactly those of `rows`: create, move and delete. Returns counts created.

    Regions that KIMs point at cannot be deleted (the foreign keys protect them); the caller's
    transaction then rolls the whole load back.
    """
    created_kecamatan = created_kelurahan = 0
    kept_kelurahan = []
    for kecamatan_name, kelurahan_name in rows:
        kecamatan, created = Kecamatan.objects.get_or_create(
            slug=slugify(kecamatan_name), defaults={"name": kecamatan_name}
        )
        created_kecamatan += created
        kelurahan, created = Kelurahan.objects.update_or_create(
            slug=slugify(kelurahan_name),
            defaults={"name": kelurahan_name, "kecamatan": kecamatan},
        )
        created_kelurahan += created
        kept_kelurahan.append(kelurahan.pk)
    Kelurahan.objects.exclude(pk__in=kept_kelurahan).delete()
    Kecamatan.objects.filter(kelurahan__isnull=True).delete()
    return created_kecamatan, created_kelurahan


def salatiga_rows() -> list[tuple[str, str]]:
    return parse_regions(io.StringIO(SALATIGA_CSV))
