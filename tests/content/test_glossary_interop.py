"""Glossaries in and out: Moodle glossary XML (the fixture Moodle 5.1 wrote)
and CSV for spreadsheets."""

import csv
import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from content.interop import glossary, services
from content.models import GlossaryEntry

from .factories import GlossaryEntryFactory

pytestmark = pytest.mark.django_db

XML = (Path(__file__).parent / "fixtures" / "moodle" / "PREPA-BIBAS-2027-glossary.xml").read_bytes()
TERMS = {
    "catalogage",
    "dépôt légal",
    "notice bibliographique",
    "ISBN",
    "désherbage",
    "point d'accès",
}


def test_moodles_glossary_export_comes_in_with_its_aliases(producer, exam_course):
    report = services.glossary_import(actor=producer, course=exam_course, data=XML, fmt="xml")
    assert [line.status for line in report] == ["imported"] * 6
    entries = {e.term: e for e in GlossaryEntry.objects.filter(course=exam_course)}
    assert set(entries) == TERMS
    assert entries["catalogage"].alias_list == ["catalogue"]
    assert entries["point d'accès"].definition == (
        "<p>Nom, titre ou terme sous lequel une notice peut être recherchée et retrouvée.</p>"
    )
    assert entries["désherbage"].letter == "D"


def test_importing_again_skips_terms_already_there(producer, exam_course):
    GlossaryEntryFactory(course=exam_course, term="ISBN")
    report = services.glossary_import(actor=producer, course=exam_course, data=XML, fmt="xml")
    skipped = [line for line in report if line.status == "skipped"]
    assert [line.title for line in skipped] == ["ISBN"]
    assert "déjà" in skipped[0].reason
    again = services.glossary_import(actor=producer, course=exam_course, data=XML, fmt="xml")
    assert {line.status for line in again} == {"skipped"}
    assert GlossaryEntry.objects.filter(course=exam_course).count() == 6


def test_an_alias_is_found_by_the_search(client, producer, candidate, exam_course):
    services.glossary_import(actor=producer, course=exam_course, data=XML, fmt="xml")
    client.force_login(candidate)
    response = client.get(reverse("content:glossary", args=[exam_course.slug]), {"q": "catalogue"})
    page = response.content.decode()
    assert "catalogage" in page and "Aussi\u00a0: catalogue" in page


@pytest.mark.parametrize("fmt", ["xml", "csv"])
def test_export_then_import_gives_the_same_glossary(producer, exam_course, courses, fmt):
    services.glossary_import(actor=producer, course=exam_course, data=XML, fmt="xml")
    data, filename, _type = services.glossary_export(course=exam_course, fmt=fmt)
    assert filename.endswith(f".{fmt}")
    other = courses["ateliers"]
    report = services.glossary_import(actor=producer, course=other, data=data, fmt=fmt)
    assert [line.status for line in report] == ["imported"] * 6

    def rows(course):
        return sorted(
            GlossaryEntry.objects.filter(course=course).values_list("term", "definition", "aliases")
        )

    assert rows(exam_course) == rows(other)


def test_the_csv_is_for_spreadsheets_and_neutralises_formulas(producer, exam_course):
    GlossaryEntryFactory(
        course=exam_course,
        term='=HYPERLINK("http://x")',
        definition="<p>-1+1</p>",
        aliases="@SUM(A1)\n+33",
    )
    data = services.glossary_export(course=exam_course, fmt="csv")[0]
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["terme", "définition", "autres formes"]
    assert rows[1][0] == '\'=HYPERLINK("http://x")'
    assert rows[1][2] == "'@SUM(A1) | +33"
    # Read back: the escape is undone.
    entry = glossary.parse_csv(data)[0]
    assert entry.term == '=HYPERLINK("http://x")' and entry.aliases == ["@SUM(A1)", "+33"]


def test_a_csv_from_excel_in_windows_1252_with_commas_is_read(producer, exam_course):
    data = (
        "Terme,Définition,Autres formes\r\n"
        'Réserve,"Fonds non prêté, consulté sur place",magasin\r\n'
    )
    report = services.glossary_import(
        actor=producer, course=exam_course, data=data.encode("cp1252"), fmt="csv"
    )
    assert [line.status for line in report] == ["imported"]
    entry = GlossaryEntry.objects.get(course=exam_course)
    assert entry.term == "Réserve" and "consulté sur place" in entry.definition
    assert entry.alias_list == ["magasin"]


@pytest.mark.parametrize(
    "data,fmt,words",
    [
        (b"mot;sens\nx;y\n", "csv", "première ligne"),
        (b"\x00\x01", "csv", "texte"),
        (b"<GLOSSARY><INFO>", "xml", "bien formé"),
        (
            b'<?xml version="1.0"?><!DOCTYPE g [<!ENTITY e "e">]><GLOSSARY>&e;</GLOSSARY>',
            "xml",
            "DTD",
        ),
        (b"<quiz/>", "xml", "GLOSSARY"),
    ],
    ids=["no-header", "binary", "cut-xml", "entities", "not-a-glossary"],
)
def test_bad_glossary_files_are_refused(producer, exam_course, data, fmt, words):
    with pytest.raises(ValidationError) as caught:
        services.glossary_import(actor=producer, course=exam_course, data=data, fmt=fmt)
    assert words in " ".join(caught.value.messages)
    assert not GlossaryEntry.objects.filter(course=exam_course).exists()


def test_the_glossary_page_previews_then_imports(client, producer, exam_course):
    client.force_login(producer)
    url = reverse("content:glossary_import", args=[exam_course.slug])
    response = client.post(url, {"file": SimpleUploadedFile("glossaire.xml", XML)})
    assert response.status_code == 200 and "notice bibliographique" in response.content.decode()
    assert not GlossaryEntry.objects.filter(course=exam_course).exists()
    client.post(url, {"source": response.context["source"], "confirm": "1"})
    assert GlossaryEntry.objects.filter(course=exam_course).count() == 6
    export = client.get(reverse("content:glossary_export", args=[exam_course.slug, "xml"]))
    assert export.status_code == 200 and b"<CONCEPT>catalogage</CONCEPT>" in export.content


def test_candidates_may_not_import(client, candidate, exam_course):
    client.force_login(candidate)
    response = client.post(
        reverse("content:glossary_import", args=[exam_course.slug]),
        {"file": SimpleUploadedFile("glossaire.xml", XML)},
    )
    assert response.status_code == 403
    assert not GlossaryEntry.objects.filter(course=exam_course).exists()
