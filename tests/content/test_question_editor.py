"""The question editor for the kinds imported from Moodle: numerical answers
with a margin, shares of the points, feedback per answer, extra wrong
answers in matching; and a candidate answering such questions."""

from decimal import Decimal

import pytest
from django.urls import reverse

from content import scoring, services
from content.forms import QuestionForm
from content.models import Question

from .factories import QuizFactory, as_post

pytestmark = pytest.mark.django_db


def post_question(client, bank, **data):
    return client.post(
        reverse("content:question_create", args=[bank.pk]),
        {"feedback": "", "points": "1", "lines": "", "name": "", **data},
    )


@pytest.fixture
def quiz(exam_course, quiz_section):
    return QuizFactory(activity__section=quiz_section, activity__course=exam_course)


def test_a_numerical_question_with_a_margin_is_written_and_marked(
    client, producer, candidate, quiz
):
    client.force_login(producer)
    response = post_question(
        client,
        quiz.bank,
        kind="numerical",
        name="Dépôt légal",
        text="<p>En quelle année le dépôt légal fut-il créé ?</p>",
        lines="1537 ± 0 // Bravo.\n50 % 1540 ± 5 // Presque.\n0 % * // Non : en 1537.",
    )
    assert response.status_code == 302, response.content.decode()
    question = quiz.bank.questions.get()
    assert question.kind == "numerical" and question.name == "Dépôt légal"
    exact, near, other = question.choices.all()
    assert (exact.text, exact.tolerance, exact.fraction, exact.is_correct) == (
        "1537",
        Decimal(0),
        None,
        True,
    )
    assert (near.text, near.tolerance, near.fraction) == ("1540", Decimal(5), Decimal("0.5"))
    assert (other.text, other.is_correct, other.feedback) == ("*", False, "Non : en 1537.")
    choices = list(question.choices.all())
    assert scoring.fraction("numerical", choices, {"text": "1 537"}) == 1
    assert scoring.fraction("numerical", choices, {"text": "1543,5"}) == Decimal("0.5")
    assert scoring.fraction("numerical", choices, {"text": "1600"}) == 0
    assert scoring.fraction("numerical", choices, {"text": "mille"}) == 0

    # A candidate answers it through the quiz pages and sees the feedback.
    client.force_login(candidate)
    attempt = services.attempt_start(actor=candidate, quiz=quiz)
    slot = attempt.slots.get()
    page = client.get(attempt.get_absolute_url()).content.decode()
    assert 'inputmode="decimal"' in page
    answers = {str(slot.pk): {"values": ["1542"], "pairs": {}}}
    response = client.post(attempt.get_absolute_url(), as_post(answers, "submit"))
    attempt.refresh_from_db()
    assert attempt.score == Decimal("0.50")
    page = client.get(attempt.get_absolute_url()).content.decode()
    assert "Presque." in page and "1537" in page


def test_editing_an_imported_question_keeps_its_shares_and_feedback(client, producer, quiz):
    gift = (
        b"::Formats::Lesquels ?{~%50%UNIMARC#Oui ~%50%MARC 21#Oui ~%-100%PDF#Non}\n\n"
        b"::Sigle::Le sigle ?{=ISBN#Exact =%50%I.S.B.N.#Presque}\n\n"
        b"::Paires::Associez.{=ISBN -> livre =ISSN -> revue = -> disque}\n\n"
        b"::Vrai::Vrai ?{TRUE#Non, c'est vrai.#Exact.}"
    )
    from content.interop import services as interop

    interop.questions_import(actor=producer, bank=quiz.bank, data=gift, fmt="gift")
    client.force_login(producer)
    before = {}
    for question in quiz.bank.questions.prefetch_related("choices"):
        before[question.name] = [
            (c.text, c.match, c.feedback, c.is_correct, c.fraction) for c in question.choices.all()
        ]
        form = QuestionForm.initial_for(question)
        data = {k: ("" if v is None else v) for k, v in form.items()}
        response = client.post(
            reverse("content:question_edit", args=[quiz.bank.pk, question.pk]), data
        )
        assert response.status_code == 302, (question.name, response.content.decode())
    after = {
        q.name: [(c.text, c.match, c.feedback, c.is_correct, c.fraction) for c in q.choices.all()]
        for q in quiz.bank.questions.prefetch_related("choices")
    }
    assert after == before
    assert before["Formats"][2] == ("PDF", "", "Non", False, Decimal("-1"))
    assert before["Paires"][2] == ("", "disque", "", False, None)


def test_the_editor_explains_a_line_it_cannot_read(client, producer, quiz):
    client.force_login(producer)
    response = post_question(
        client, quiz.bank, kind="numerical", text="Combien ?", lines="beaucoup"
    )
    assert response.status_code == 200
    assert "n’est pas un nombre" in response.content.decode()
    response = post_question(client, quiz.bank, kind="single", text="Lequel ?", lines="150 % A\nB")
    assert "entre -100 % et 100 %" in response.content.decode()
    assert not Question.objects.filter(bank=quiz.bank).exists()


def test_question_text_is_kept_as_sanitised_html(client, producer, quiz):
    client.force_login(producer)
    post_question(
        client,
        quiz.bank,
        kind="short",
        text='<p>Le <strong>sigle</strong> <img src=x onerror="alert(1)"> ?</p><script>x</script>',
        lines="ISBN",
    )
    text = quiz.bank.questions.get().text
    assert "<strong>sigle</strong>" in text and "onerror" not in text and "<script" not in text
