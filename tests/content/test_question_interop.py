"""Question banks in and out: GIFT and Moodle XML, as Moodle 5.1 wrote them
(tests/content/fixtures/moodle), round trips, the preview and the report,
bad files. The GIFT reader is fuzzed with hypothesis."""

import base64
import contextlib
import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from content import scoring
from content.interop import FormatError, gift, moodle_xml, services
from content.models import Question

from .factories import QuestionBankFactory, add_question

FIXTURES = Path(__file__).parent / "fixtures" / "moodle"
GIFT = (FIXTURES / "PREPA-BIBAS-2027-quiz-questions.gift.txt").read_bytes()
XML = (FIXTURES / "PREPA-BIBAS-2027-quiz-questions.moodle.xml").read_bytes()
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "200"))

pytestmark = pytest.mark.django_db


@pytest.fixture
def bank(db, exam_course):
    return QuestionBankFactory(course=exam_course, name="Entraînement BIBAS")


def snapshot(bank) -> list[tuple]:
    """What a candidate meets of each question: kind, text, explanation,
    points, and each choice with what it is worth."""
    rows = []
    for question in bank.questions.filter(is_active=True).prefetch_related("choices"):
        choices = sorted(question.choices.all(), key=lambda c: c.position)
        correct = sum(c.is_correct for c in choices)
        rows.append(
            (
                question.kind,
                question.name,
                question.text,
                question.feedback,
                question.points,
                tuple(
                    (
                        c.text,
                        c.match,
                        c.feedback,
                        c.is_correct,
                        scoring.worth(question.kind, c, correct).quantize(Decimal("0.00001")),
                        c.tolerance,
                    )
                    for c in choices
                ),
            )
        )
    return sorted(rows)


EXPECTED_KINDS = ["matching", "multiple", "numerical", "short", "single", "true_false"]


@pytest.mark.parametrize("fmt,data", [("gift", GIFT), ("xml", XML)], ids=["gift", "xml"])
def test_moodles_own_export_comes_in_with_its_right_answers(producer, bank, fmt, data):
    report = services.questions_import(actor=producer, bank=bank, data=data, fmt=fmt)
    assert [line.status for line in report] == ["imported"] * 6
    questions = {q.name: q for q in bank.questions.prefetch_related("choices")}
    assert sorted(q.kind for q in questions.values()) == EXPECTED_KINDS
    single = questions["Dépositaire du dépôt légal"]
    assert single.text == (
        "<p>Quelle institution reçoit le dépôt légal des livres imprimés en France ?</p>"
    )
    assert single.feedback == "<p>La BnF est le dépositaire principal du dépôt légal éditeur.</p>"
    by_text = {c.text: c for c in single.choices.all()}
    assert by_text["La Bibliothèque nationale de France"].is_correct
    assert by_text["Les Archives nationales"].feedback == (
        "Non : elles reçoivent les archives publiques."
    )
    multiple = questions["Formats de catalogage"]
    assert {c.text for c in multiple.choices.all() if c.is_correct} == {"UNIMARC", "MARC 21"}
    truth = questions["Ordonnance de Montpellier"]
    true_choice, false_choice = truth.choices.all()
    assert true_choice.is_correct and true_choice.feedback == "Exact."
    assert false_choice.feedback == "Non, c'est vrai."
    year = questions["Année du dépôt légal"]
    assert scoring.is_right("numerical", year.choices.all(), {"text": "1537"})
    assert scoring.matched_choice("numerical", year.choices.all(), {"text": "1900"}).feedback == (
        "Ce n'est pas la bonne année."
    )
    matching = questions["Identifiants normalisés"]
    assert next((c.text, c.match) for c in matching.choices.all()) == ("ISBN", "livre")


def test_gift_and_xml_give_the_same_questions(producer, exam_course):
    from_gift, from_xml = (
        QuestionBankFactory(course=exam_course),
        QuestionBankFactory(course=exam_course),
    )
    services.questions_import(actor=producer, bank=from_gift, data=GIFT, fmt="gift")
    services.questions_import(actor=producer, bank=from_xml, data=XML, fmt="xml")
    assert snapshot(from_gift) == snapshot(from_xml)


@pytest.mark.parametrize("source", ["gift", "xml"])
@pytest.mark.parametrize("through", ["gift", "xml"])
def test_import_export_import_gives_the_same_questions(producer, exam_course, source, through):
    first, second = QuestionBankFactory(course=exam_course), QuestionBankFactory(course=exam_course)
    services.questions_import(
        actor=producer, bank=first, data=GIFT if source == "gift" else XML, fmt=source
    )
    exported, filename, _content_type = services.bank_export(bank=first, fmt=through)
    assert filename.endswith(".gift.txt" if through == "gift" else ".moodle.xml")
    report = services.questions_import(actor=producer, bank=second, data=exported, fmt=through)
    assert [line.status for line in report] == ["imported"] * 6
    assert snapshot(first) == snapshot(second)


def test_questions_written_in_the_editor_round_trip_too(producer, bank):
    for kind in ("single", "multiple", "true_false", "short", "matching"):
        add_question(bank, kind, text=f"Question {kind} ?")
    services.questions_import(
        actor=producer,
        bank=bank,
        data=b"::Seuil::Combien de lecteurs ?{#120:5#Presque.}\n\n::Intervalle::{#1..3}",
        fmt="gift",
    )
    for fmt in ("gift", "xml"):
        other = QuestionBankFactory(course=bank.course)
        data = services.bank_export(bank=bank, fmt=fmt)[0]
        services.questions_import(actor=producer, bank=other, data=data, fmt=fmt)
        mine = [row[:1] + row[2:] for row in snapshot(bank)]
        theirs = [row[:1] + row[2:] for row in snapshot(other)]
        assert mine == theirs, fmt


def test_the_same_file_twice_adds_nothing(producer, bank):
    services.questions_import(actor=producer, bank=bank, data=GIFT, fmt="gift")
    report = services.questions_import(actor=producer, bank=bank, data=XML, fmt="xml")
    assert {line.status for line in report} == {"skipped"}
    assert all("déjà dans la banque" in line.reason for line in report)
    assert bank.questions.count() == 6


GIFT_VARIETY = r"""
// Un commentaire
$CATEGORY: Révisions

::Échappements::Le sigle \{ISBN\} \: 13 chiffres \= vrai ?{T#Non#Oui}

Quel est le nom du catalogue collectif {~Sudoc =CCFr#Oui ~%50%Worldcat}\n?

::Plusieurs::Quels sont des formats ?{~%50%UNIMARC ~%50%MARC 21 ~%-100%PDF}

::Rédaction::Expliquez le dépôt légal.{}

::Description::Lisez la fiche avant de répondre.

::Numérique::Pi ?{#=%100%3.14:0.01#Bien =%50%3.1:0.1#Presque}

::Court::Sigle du livre ?{=ISBN =%50%I.S.B.N.#À peu près}

::Appariement::Associez.{=ISBN -> livre =ISSN -> série = -> disque}

::Cassé::Une accolade {=oubliée
"""


def test_gift_grammar_escapes_weights_and_kinds():
    questions = gift.parse(GIFT_VARIETY.encode())
    by_name = {q.name: q for q in questions}
    escapes = by_name["Échappements"]
    assert escapes.kind == "true_false" and "{ISBN} : 13 chiffres = vrai ?" in escapes.text
    assert [c.feedback for c in escapes.choices] == ["Oui", "Non"]
    missing = questions[1]
    assert missing.kind == "single" and "_____" in missing.text and missing.category == "Révisions"
    assert [(c.text, c.fraction) for c in missing.choices] == [
        ("Sudoc", 0),
        ("CCFr", 1),
        ("Worldcat", Decimal("0.5")),
    ]
    assert by_name["Plusieurs"].kind == "multiple"
    assert [c.fraction for c in by_name["Plusieurs"].choices] == [
        Decimal("0.5"),
        Decimal("0.5"),
        Decimal("-1"),
    ]
    assert "rédaction" in by_name["Rédaction"].skipped or "essay" in by_name["Rédaction"].skipped
    assert by_name["Rédaction"].kind is None and by_name["Description"].kind is None
    numeric = by_name["Numérique"]
    assert [(c.text, c.tolerance, c.fraction) for c in numeric.choices] == [
        ("3.14", Decimal("0.01"), Decimal(1)),
        ("3.1", Decimal("0.1"), Decimal("0.5")),
    ]
    assert [c.text for c in by_name["Court"].choices] == ["ISBN", "I.S.B.N."]
    assert [(c.text, c.match) for c in by_name["Appariement"].choices] == [
        ("ISBN", "livre"),
        ("ISSN", "série"),
        ("", "disque"),
    ]
    assert by_name["Cassé"].kind is None and by_name["Cassé"].skipped


def test_the_report_names_each_skipped_question_and_why(producer, bank):
    report = services.questions_import(
        actor=producer, bank=bank, data=GIFT_VARIETY.encode(), fmt="gift"
    )
    statuses = {line.title: (line.status, line.reason) for line in report}
    assert statuses["Rédaction"][0] == "skipped" and "devoir" in statuses["Rédaction"][1]
    assert statuses["Description"][0] == "skipped"
    assert statuses["Cassé"][0] == "skipped" and "accolades" in statuses["Cassé"][1]
    assert statuses["Appariement"][0] == "imported"
    matching = bank.questions.get(name="Appariement")
    prompts = scoring.prompts_of(matching.choices.all())
    assert len(prompts) == 2  # the extra answer is an option, not an item
    assert bank.questions.count() == 6


def test_moodle_xml_types_without_equivalent_are_reported():
    data = b"""<?xml version="1.0"?><quiz>
    <question type="calculated"><name><text>Calcul</text></name>
      <questiontext format="html"><text>{a} + {b}</text></questiontext></question>
    <question type="essay"><name><text>Essai</text></name>
      <questiontext format="html"><text>Dissertez.</text></questiontext></question>
    <question type="shortanswer"><name><text>Image</text></name>
      <questiontext format="html">
        <text><![CDATA[<p>Voici <img src="@@PLUGINFILE@@/a.png"></p>]]></text>
      </questiontext>
      <usecase>1</usecase>
      <answer fraction="100"><text>Oui</text></answer></question>
    </quiz>"""
    questions = {q.name: q for q in moodle_xml.parse(data)}
    assert "calculated" in questions["Calcul"].skipped
    assert questions["Essai"].kind is None
    image = questions["Image"]
    assert image.kind == "short" and "@@PLUGINFILE@@" not in image.text and "<img" not in image.text
    assert len(image.notes) == 2  # images removed; compared without case


@pytest.mark.parametrize(
    "data,words",
    [
        (
            b'<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
            b"<quiz>&b;</quiz>",
            "DTD",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE quiz SYSTEM "file:///etc/passwd"><quiz/>',
            "DTD",
        ),
        (b"<quiz><question type='truefalse'>", "bien formé"),
        (b"<html><body>Pas un quiz</body></html>", "<quiz>"),
        (b"\x00\x01\x02binaire", "bien formé"),
    ],
    ids=["billion-laughs", "external-dtd", "cut", "not-quiz", "binary"],
)
def test_bad_xml_is_refused_in_french_and_nothing_is_saved(producer, bank, data, words):
    with pytest.raises(ValidationError) as caught:
        services.questions_import(actor=producer, bank=bank, data=data, fmt="xml")
    assert words in " ".join(caught.value.messages)
    assert not bank.questions.exists()


def test_a_gift_file_in_windows_1252_is_read(producer, bank):
    data = "::Accents::Où est déposé le livre ?{=À la BnF ~Aux Archives}".encode("cp1252")
    services.questions_import(actor=producer, bank=bank, data=data, fmt="gift")
    assert bank.questions.get().name == "Accents"
    assert {c.text for c in bank.questions.get().choices.all()} == {"À la BnF", "Aux Archives"}


def test_html_in_imported_questions_is_sanitised(producer, bank):
    data = (
        b'::XSS::[html]<p onclick="alert(1)">Question <script>alert(2)</script>'
        b'<a href="javascript:alert(3)">lien</a></p>{=oui ~non}'
    )
    services.questions_import(actor=producer, bank=bank, data=data, fmt="gift")
    text = bank.questions.get().text
    assert "onclick" not in text and "<script" not in text and "javascript:" not in text
    assert text.startswith("<p>Question")


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    st.text(alphabet=st.sampled_from(list("{}=~#:%->\\/[]$ \nabcTFé0123456789.*")), max_size=300)
)
def test_the_gift_reader_never_fails_unexpectedly(text):
    """Whatever the text, the reader returns questions (kept or skipped with
    a reason) or refuses the file with FormatError; the kept ones pass the
    editor's rule."""
    try:
        questions = services.questions_parse(data=text.encode(), fmt="gift")
    except ValidationError:
        return
    for question in questions:
        assert question.skipped or question.kind in Question.Kind.values
        if not question.skipped:
            from content.services import check_choices

            check_choices(question.kind, services._choices_of(question))


@settings(max_examples=EXAMPLES // 2, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_never_break_the_readers(data):
    for reader in (gift.parse, moodle_xml.parse):
        with contextlib.suppress(FormatError):
            reader(data)


# --- The pages --------------------------------------------------------------------


def test_preview_then_confirm_then_report(client, producer, bank):
    client.force_login(producer)
    url = reverse("content:bank_import", args=[bank.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"file": SimpleUploadedFile("quiz.gift.txt", GIFT)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Dépositaire du dépôt légal" in page and "Confirmer l’import" in page
    assert not bank.questions.exists()  # nothing before the confirmation
    source = response.context["source"]
    assert base64.b64decode(source) == GIFT
    response = client.post(url, {"source": source, "confirm": "1"})
    assert response.status_code == 200
    assert "Import terminé\u00a0: 6 importés, 0 écartés." in response.content.decode()
    assert bank.questions.count() == 6
    # Sent again (a reload): nothing is added twice.
    client.post(url, {"source": source, "confirm": "1"})
    assert bank.questions.count() == 6


def test_a_bad_file_shows_a_french_message_on_the_form(client, producer, bank):
    client.force_login(producer)
    url = reverse("content:bank_import", args=[bank.pk])
    response = client.post(url, {"file": SimpleUploadedFile("q.xml", b"<quiz><oops")})
    assert response.status_code == 200
    assert "n’est pas du XML bien formé" in response.content.decode()
    response = client.post(url, {"source": "pas du base64 !", "confirm": "1"})
    assert response.status_code == 200 and "abîmé" in response.content.decode()
    assert not bank.questions.exists()


def test_export_downloads(client, producer, bank):
    add_question(bank, "single", text="Capitale ?")
    client.force_login(producer)
    response = client.get(reverse("content:bank_export", args=[bank.pk, "gift"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "::Capitale ?::[html]Capitale ?{" in response.content.decode()
    response = client.get(reverse("content:bank_export", args=[bank.pk, "xml"]))
    assert b'<question type="multichoice">' in response.content
    assert client.get(reverse("content:bank_export", args=[bank.pk, "pdf"])).status_code == 404


def test_a_producer_of_another_course_cannot_import_into_this_bank(client, bank):
    from courses.services import enrol_staff
    from tests.factories import CourseFactory, UserFactory

    stranger = UserFactory(username="producer-other")
    enrol_staff(user=stranger, course=CourseFactory(slug="ailleurs"), role="producer")
    client.force_login(stranger)
    response = client.post(
        reverse("content:bank_import", args=[bank.pk]),
        {"file": SimpleUploadedFile("quiz.gift.txt", GIFT)},
    )
    assert response.status_code == 404
    with pytest.raises(Exception) as caught:
        services.questions_import(actor=stranger, bank=bank, data=GIFT, fmt="gift")
    assert caught.type.__name__ == "PermissionDenied"
    assert not bank.questions.exists()
