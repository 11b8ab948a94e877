"""Glossary: index by letter, French full-text search, producers edit,
candidates propose and a producer approves."""

import pytest
from django.urls import reverse

from content.models import GlossaryEntry
from content.selectors import glossary_search

from .factories import GlossaryEntryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def glossary(exam_course):
    entries = {
        term: GlossaryEntryFactory(course=exam_course, term=term, definition=definition)
        for term, definition in [
            ("Désherbage", "<p>Retrait raisonné des documents usés ou obsolètes.</p>"),
            ("Dépôt légal", "<p>Obligation de déposer les documents publiés à la BnF.</p>"),
            ("ISBD", "<p>Norme de description bibliographique de l'IFLA.</p>"),
            ("Sudoc", "<p>Catalogue collectif des bibliothèques universitaires.</p>"),
            ("Écomusée", "<p>Musée de territoire.</p>"),
            ("3D (impression)", "<p>Service de fablab.</p>"),
        ]
    }
    entries["Sudoc"].see_also.add(entries["ISBD"])
    return entries


def test_index_lists_one_letter_with_navigation(client, candidate, exam_course, glossary):
    client.force_login(candidate)
    url = reverse("content:glossary", args=[exam_course.slug])
    html = client.get(url + "?lettre=D").content.decode()
    assert "Désherbage" in html and "Dépôt légal" in html and "Sudoc" not in html
    assert 'aria-current="page">D<' in html
    assert '<span class="page-link">B</span>' in html  # no entry under B
    html = client.get(url + "?lettre=E").content.decode()
    assert "Écomusée" in html  # accents are indexed under the bare letter
    html = client.get(url + "?lettre=%23").content.decode()
    assert "3D (impression)" in html


def test_see_also_links_to_the_other_entry(client, candidate, exam_course, glossary):
    client.force_login(candidate)
    html = client.get(reverse("content:glossary", args=[exam_course.slug]) + "?lettre=S").content
    isbd = glossary["ISBD"]
    assert f'href="?lettre=I#terme-{isbd.pk}"' in html.decode()


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("désherbage", "Désherbage"),
        ("documents obsolètes", "Désherbage"),  # French stemming: obsolète(s)
        ("bibliothèque", "Sudoc"),  # bibliothèques
        ("IFLA", "ISBD"),
    ],
)
def test_search_is_french_full_text(exam_course, glossary, query, found):
    entries = GlossaryEntry.objects.filter(course=exam_course)
    assert found in [e.term for e in glossary_search(entries, query)]


def test_search_page_shows_results(client, candidate, exam_course, glossary):
    client.force_login(candidate)
    url = reverse("content:glossary", args=[exam_course.slug])
    html = client.get(url, {"q": "catalogue"}).content.decode()
    assert "1 résultat pour «\xa0catalogue\xa0»" in html and "Sudoc" in html
    html = client.get(url, {"q": "zzzz"}).content.decode()
    assert "0 résultat pour «\xa0zzzz\xa0»" in html


def test_search_falls_back_to_contains_off_postgresql(exam_course, glossary, monkeypatch):
    from content import selectors

    monkeypatch.setattr(selectors.connection, "vendor", "sqlite")
    entries = GlossaryEntry.objects.filter(course=exam_course)
    assert [e.term for e in glossary_search(entries, "catalogue")] == ["Sudoc"]


def test_producer_adds_an_entry_published_and_sanitised(client, producer, exam_course, glossary):
    client.force_login(producer)
    response = client.post(
        reverse("content:glossary_create", args=[exam_course.slug]),
        {
            "term": "RAMEAU",
            "definition": '<p onclick="x()">Langage <strong>d’indexation</strong></p>'
            "<script>alert(1)</script>",
            "see_also": [glossary["Sudoc"].pk],
        },
    )
    assert response.status_code == 302
    entry = GlossaryEntry.objects.get(term="RAMEAU")
    assert entry.status == "approved" and entry.letter == "R"
    assert entry.definition == "<p>Langage <strong>d’indexation</strong></p>"
    assert list(entry.see_also.all()) == [glossary["Sudoc"]]


def test_candidate_proposal_waits_for_a_producer(
    client, candidate, other_candidate, producer, exam_course
):
    client.force_login(candidate)
    client.post(
        reverse("content:glossary_create", args=[exam_course.slug]),
        {"term": "Récolement", "definition": "Vérification de la présence des documents."},
    )
    entry = GlossaryEntry.objects.get(term="Récolement")
    assert entry.status == "proposed" and entry.proposed_by == candidate
    index = reverse("content:glossary", args=[exam_course.slug]) + "?lettre=R"
    assert "en attente de validation" in client.get(index).content.decode()
    client.force_login(other_candidate)
    assert "Récolement" not in client.get(index).content.decode()
    client.force_login(producer)
    proposals = client.get(reverse("content:glossary_proposals", args=[exam_course.slug]))
    assert "Récolement" in proposals.content.decode()
    client.post(
        reverse("content:glossary_moderate", args=[exam_course.slug, entry.pk]),
        {"decision": "approve"},
    )
    entry.refresh_from_db()
    assert entry.status == "approved"
    client.force_login(other_candidate)
    assert "Récolement" in client.get(index).content.decode()


def test_rejected_proposal_is_not_published(client, candidate, producer, exam_course):
    entry = GlossaryEntryFactory(course=exam_course, status="proposed", proposed_by=candidate)
    client.force_login(producer)
    client.post(
        reverse("content:glossary_moderate", args=[exam_course.slug, entry.pk]),
        {"decision": "reject"},
    )
    entry.refresh_from_db()
    assert entry.status == "rejected"


def test_empty_definition_shows_a_french_error(client, producer, exam_course):
    client.force_login(producer)
    response = client.post(
        reverse("content:glossary_create", args=[exam_course.slug]),
        {"term": "Vide", "definition": "<script>x</script>"},
    )
    assert response.status_code == 200
    assert "Un terme et sa définition sont obligatoires." in response.content.decode()
    assert not GlossaryEntry.objects.filter(term="Vide").exists()


def test_producer_edits_an_entry(client, producer, exam_course, glossary):
    entry = glossary["ISBD"]
    client.force_login(producer)
    url = reverse("content:glossary_edit", args=[exam_course.slug, entry.pk])
    assert "ISBD" in client.get(url).content.decode()
    client.post(url, {"term": "ISBD", "definition": "<p>International Standard.</p>"})
    entry.refresh_from_db()
    assert entry.definition == "<p>International Standard.</p>"


def test_withdrawn_candidate_reads_but_cannot_propose(client, candidate, exam_course, glossary):
    candidate.registrations.update(status="withdrawn")
    client.force_login(candidate)
    assert client.get(reverse("content:glossary", args=[exam_course.slug])).status_code == 200
    url = reverse("content:glossary_create", args=[exam_course.slug])
    assert client.post(url, {"term": "X", "definition": "Y et Z."}).status_code == 403
