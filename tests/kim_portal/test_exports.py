import csv
import io

import pytest

from kim_portal.audit import Action
from kim_portal.exports import csv_cell, csv_response
from kim_portal.models import AuditEntry


def test_every_text_cell_that_could_run_as_a_formula_is_defused():
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert csv_cell(f"{start}HYPERLINK(1)") == f"'{start}HYPERLINK(1)"
    assert csv_cell("Budi") == "Budi"
    assert csv_cell(-3) == -3  # numbers are not text a person typed
    assert csv_cell(None) == ""


@pytest.mark.django_db
def test_csv_response_starts_with_a_byte_order_mark_for_excel(redaksi):
    response = csv_response("x.csv", ["Nama"], [["=1+1"], ["Sri"]], actor=redaksi)
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(content[1:]))) == [["Nama"], ["'=1+1"], ["Sri"]]


@pytest.mark.django_db
def test_every_export_is_in_the_audit_log(redaksi):
    csv_response("peserta.csv", ["Nama"], [], actor=redaksi)
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.note) == (Action.CSV_EXPORT, redaksi, "peserta.csv")
