import csv
import io

from kim_portal.exports import csv_cell, csv_response


def test_every_text_cell_that_could_run_as_a_formula_is_defused():
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert csv_cell(f"{start}HYPERLINK(1)") == f"'{start}HYPERLINK(1)"
    assert csv_cell("Budi") == "Budi"
    assert csv_cell(-3) == -3  # numbers are not text a person typed
    assert csv_cell(None) == ""


def test_csv_response_starts_with_a_byte_order_mark_for_excel():
    response = csv_response("x.csv", ["Nama"], [["=1+1"], ["Sri"]])
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(content[1:]))) == [["Nama"], ["'=1+1"], ["Sri"]]
