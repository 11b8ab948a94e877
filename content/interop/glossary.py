"""Glossaries in and out: Moodle's glossary XML (mod/glossary export) and a
CSV file for spreadsheets (UTF-8 with BOM, ``;`` between cells, formulas
neutralised; Windows-1252 and ``,`` accepted on import)."""

from __future__ import annotations

import csv
import io
from xml.etree import ElementTree as ET

from django.utils.translation import gettext as _

from core import spreadsheets

from . import EntryData, FormatError, rich_text, text_of
from .moodle_xml import child_text, parse_xml, strip_pluginfiles

# Moodle's FORMAT_* constants.
_MOODLE_FORMATS = {"0": "moodle", "1": "html", "2": "plain", "4": "markdown"}
MAX_TERM_LENGTH = 200


def entry_from_moodle(
    concept: str, definition: str, fmt_code: str, aliases, notes=None
) -> EntryData:
    notes = list(notes or [])
    term = text_of(concept)
    entry = EntryData(
        term=term,
        definition=rich_text(
            strip_pluginfiles(definition or "", notes), _MOODLE_FORMATS.get(fmt_code, "html")
        ),
        aliases=[a for a in (text_of(alias)[:200] for alias in aliases) if a],
        notes=notes,
    )
    if not term:
        entry.skipped = _("The entry has no term.")
    elif len(term) > MAX_TERM_LENGTH:
        entry.skipped = _("The term is longer than 200 characters.")
    elif not text_of(entry.definition):
        entry.skipped = _("The entry has no definition.")
    return entry


def parse_xml_file(data: bytes) -> list[EntryData]:
    """The entries of a Moodle glossary XML file."""
    root = parse_xml(data, what=_("This file"))
    entries_node = root.find("INFO/ENTRIES") if root.tag == "GLOSSARY" else None
    if entries_node is None:
        raise FormatError(_("This file is not a Moodle glossary export (no <GLOSSARY> element)."))
    entries = []
    for node in entries_node.findall("ENTRY"):
        notes = []
        if (
            node.find("ENTRYFILES/FILE") is not None
            or node.find("ATTACHMENTFILES/FILE") is not None
        ):
            notes.append(_("Attached files were not kept."))
        if node.find("CATEGORIES/CATEGORY") is not None:
            notes.append(_("Glossary categories are not kept here."))
        entries.append(
            entry_from_moodle(
                child_text(node, "CONCEPT"),
                child_text(node, "DEFINITION"),
                child_text(node, "FORMAT", "1").strip(),
                [child_text(alias, "NAME") for alias in node.findall("ALIASES/ALIAS")],
                notes,
            )
        )
    if not entries:
        raise FormatError(_("No entry was found in this file."))
    return entries


def write_xml(name: str, entries) -> bytes:
    """A Moodle glossary XML file (importable by mod/glossary)."""
    root = ET.Element("GLOSSARY")
    info = ET.SubElement(root, "INFO")
    ET.SubElement(info, "NAME").text = name
    ET.SubElement(info, "INTRO").text = ""
    ET.SubElement(info, "INTROFORMAT").text = "1"
    ET.SubElement(info, "DISPLAYFORMAT").text = "dictionary"
    ET.SubElement(info, "SHOWALPHABET").text = "1"
    ET.SubElement(info, "SHOWALL").text = "1"
    ET.SubElement(info, "DEFAULTAPPROVAL").text = "1"
    nodes = ET.SubElement(info, "ENTRIES")
    for entry in entries:
        node = ET.SubElement(nodes, "ENTRY")
        ET.SubElement(node, "CONCEPT").text = entry.term
        ET.SubElement(node, "DEFINITION").text = entry.definition
        ET.SubElement(node, "FORMAT").text = "1"
        ET.SubElement(node, "USEDYNALINK").text = "0"
        ET.SubElement(node, "CASESENSITIVE").text = "0"
        ET.SubElement(node, "FULLMATCH").text = "0"
        ET.SubElement(node, "TEACHERENTRY").text = "1"
        aliases = entry.alias_list
        if aliases:
            aliases_node = ET.SubElement(node, "ALIASES")
            for alias in aliases:
                ET.SubElement(ET.SubElement(aliases_node, "ALIAS"), "NAME").text = alias
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"


# --- CSV ---------------------------------------------------------------------------

CSV_HEADER = ("terme", "définition", "autres formes")
_HEADER_NAMES = {
    "term": {"terme", "term", "concept", "mot"},
    "definition": {"définition", "definition", "definitions", "définitions"},
    "aliases": {"autres formes", "aliases", "alias", "synonymes", "variantes"},
}
ALIAS_SEPARATOR = " | "
_FORMULA_STARTS = spreadsheets.FORMULA_STARTS


def _restored(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:2] in _FORMULA_STARTS else cell


def write_csv(entries) -> bytes:
    """The glossary as the site writes every CSV (``core.spreadsheets``: BOM,
    ``;``, formula-like cells quoted; ``_restored`` undoes the quote)."""
    rows = (
        [entry.term, entry.definition, ALIAS_SEPARATOR.join(entry.alias_list)] for entry in entries
    )
    return spreadsheets.csv_text(CSV_HEADER, rows).encode("utf-8")


def _decode(data: bytes) -> str:
    if b"\x00" in data:
        raise FormatError(_("This file is not a text file."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def parse_csv(data: bytes) -> list[EntryData]:
    """Entries of a CSV file: a header line naming the columns (terme,
    définition, autres formes), then one entry per line; ``;`` or ``,``."""
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as exc:
        raise FormatError(_("This CSV file cannot be read (%(error)s).") % {"error": exc}) from exc
    if not rows:
        raise FormatError(_("This file is empty."))
    header = [cell.strip().lower().lstrip("\ufeff") for cell in rows[0]]
    columns = {}
    for key, names in _HEADER_NAMES.items():
        columns[key] = next((i for i, cell in enumerate(header) if cell in names), None)
    if columns["term"] is None or columns["definition"] is None:
        raise FormatError(
            _(
                "The first line must name the columns: “terme”, “définition” and, optionally, "
                "“autres formes”."
            )
        )
    entries = []
    for row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue

        def cell(key, row=row):
            index = columns[key]
            return _restored(row[index].strip()) if index is not None and index < len(row) else ""

        aliases = [a.strip() for a in cell("aliases").split("|") if a.strip()]
        entries.append(entry_from_moodle(cell("term"), cell("definition"), "1", aliases))
    if not entries:
        raise FormatError(_("No entry was found in this file."))
    return entries
