"""CSV downloads: the one way every export answers, and each one is in the audit log."""

import csv
from collections.abc import Iterable
from decimal import Decimal

from django.http import HttpResponse

from kim_portal import audit

# A cell starting with one of these runs as a formula in spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str | int | float | Decimal:
    """Numbers stay numbers; any text is defused against formula injection; None is empty."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_response(
    filename: str, headers: Iterable, rows: Iterable[Iterable], *, actor
) -> HttpResponse:
    """A CSV attachment with a UTF-8 byte-order mark, so Excel reads the names as UTF-8.

    Exports carry personal data out of the portal: who downloaded which file is recorded."""
    audit.record(actor=actor, action=audit.Action.CSV_EXPORT, note=filename)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([csv_cell(header) for header in headers])
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return response
