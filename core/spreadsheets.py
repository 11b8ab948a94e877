"""The one way the site writes a table for a spreadsheet program.

Every export (accounts, registrations, grade reports...) goes through here, so
that each follows the same three rules:

- CSV for the French Excel: UTF-8 with a byte-order mark (Excel reads the
  accents right), ``;`` between cells (the decimal separator is the comma),
  CRLF line ends.
- No formula from a user's text: a cell that starts with ``= + - @`` (or a tab
  or carriage return, which Excel skips before reading one) is prefixed with
  a quote, as OWASP's "CSV injection" advice says. Numbers stay numbers.
- OpenDocument (``.ods``, odfpy) for LibreOffice, the office suite of the
  French administration: numbers as float cells, dates as date cells, text as
  text (never a formula: ODS cells hold values).

``csv_response`` and ``ods_response`` return the download; ``write_csv`` and
``ods_bytes`` the content, for a test or a stored file.
"""

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
ODS_CONTENT_TYPE = "application/vnd.oasis.opendocument.spreadsheet"

Row = Sequence[object]


def escape_cell(value: object) -> object:
    """A cell as safe text: ``None`` → "", a formula-like string quoted.

    Numbers, dates and booleans are returned unchanged (a negative grade is a
    number, not a formula)."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float | Decimal | datetime.date):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _csv_text(value: object) -> str:
    value = escape_cell(value)
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float | Decimal):
        return str(value).replace(".", ",")
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def write_csv(out, header: Row, rows: Iterable[Row]) -> None:
    """Write ``header`` and ``rows`` to the text stream ``out`` (BOM first)."""
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_csv_text(cell) for cell in header])
    for row in rows:
        writer.writerow([_csv_text(cell) for cell in row])


def csv_text(header: Row, rows: Iterable[Row]) -> str:
    out = io.StringIO()
    write_csv(out, header, rows)
    return out.getvalue()


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def csv_response(filename: str, header: Row, rows: Iterable[Row]) -> HttpResponse:
    response = HttpResponse(content_type=CSV_CONTENT_TYPE)
    write_csv(response, header, rows)
    return _attachment(response, filename)


def ods_bytes(header: Row, rows: Iterable[Row], sheet_name: str = "Feuille 1") -> bytes:
    """An OpenDocument spreadsheet of one sheet: the header row in bold."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TextProperties
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    bold = Style(name="entete", family="table-cell")
    bold.addElement(TextProperties(fontweight="bold"))
    document.automaticstyles.addElement(bold)
    table = Table(name=sheet_name[:31] or "Feuille 1")

    def cell(value: object, style=None) -> TableCell:
        value = escape_cell(value)
        extra = {"stylename": style} if style else {}
        if isinstance(value, bool):
            shown = "oui" if value else "non"
            made = TableCell(valuetype="string", **extra)
        elif isinstance(value, int | float | Decimal):
            shown = str(value).replace(".", ",")
            made = TableCell(valuetype="float", value=str(value), **extra)
        elif isinstance(value, datetime.datetime):
            shown = value.strftime("%d/%m/%Y %H:%M")
            made = TableCell(
                valuetype="date", datevalue=value.strftime("%Y-%m-%dT%H:%M:%S"), **extra
            )
        elif isinstance(value, datetime.date):
            shown = value.strftime("%d/%m/%Y")
            made = TableCell(valuetype="date", datevalue=value.isoformat(), **extra)
        else:
            shown = str(value)
            made = TableCell(valuetype="string", **extra)
        made.addElement(P(text=shown))
        return made

    head = TableRow()
    for value in header:
        head.addElement(cell(value, bold))
    table.addElement(head)
    for row in rows:
        line = TableRow()
        for value in row:
            line.addElement(cell(value))
        table.addElement(line)
    document.spreadsheet.addElement(table)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def ods_response(
    filename: str, header: Row, rows: Iterable[Row], sheet_name: str = "Feuille 1"
) -> HttpResponse:
    response = HttpResponse(ods_bytes(header, rows, sheet_name), content_type=ODS_CONTENT_TYPE)
    return _attachment(response, filename)
