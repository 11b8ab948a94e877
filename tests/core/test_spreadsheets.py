"""Exports as a French spreadsheet program reads them (core/spreadsheets.py)."""

import datetime
import io
import zipfile
from decimal import Decimal

from core import spreadsheets


def test_csv_has_a_bom_semicolons_and_french_numbers_and_dates():
    text = spreadsheets.csv_text(
        ["Nom", "Note"],
        [["Élise", Decimal("13.5")], ["Marc", 14.5], ["Date", datetime.date(2026, 12, 3)]],
    )
    assert text.startswith("\ufeffNom;Note\r\n")
    assert "Élise;13,5\r\n" in text
    assert "Marc;14,5\r\n" in text
    assert "Date;03/12/2026\r\n" in text


def test_formula_cells_are_quoted_and_numbers_are_not():
    text = spreadsheets.csv_text(
        ["a"], [['=HYPERLINK("http://x")'], ["+33 1 23"], ["-2+3"], ["@SUM(A1)"], ["\tx"], [-2]]
    )
    lines = text.lstrip("\ufeff").split("\r\n")
    assert lines[1] == '"\'=HYPERLINK(""http://x"")"'
    assert lines[2] == "'+33 1 23"
    assert lines[3] == "'-2+3"
    assert lines[4] == "'@SUM(A1)"
    assert lines[5] == "'\tx"
    assert lines[6] == "-2"


def test_ods_is_an_opendocument_with_typed_cells():
    data = spreadsheets.ods_bytes(
        ["Nom", "Note", "Rendu le"],
        [["=cmd", 13.5, datetime.date(2026, 12, 3)]],
        sheet_name="Notes",
    )
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.read("mimetype") == spreadsheets.ODS_CONTENT_TYPE.encode()
    content = archive.read("content.xml").decode()
    assert 'table:name="Notes"' in content
    assert 'office:value-type="float" office:value="13.5"' in content
    assert 'office:date-value="2026-12-03"' in content
    assert "'=cmd" in content


def test_responses_are_attachments_never_cached():
    response = spreadsheets.csv_response("notes.csv", ["a"], [["b"]])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="notes.csv"'
    assert response["Cache-Control"] == "no-store"
    ods = spreadsheets.ods_response("notes.ods", ["a"], [[1]])
    assert ods["Content-Type"] == spreadsheets.ODS_CONTENT_TYPE
