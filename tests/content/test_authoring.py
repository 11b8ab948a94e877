"""Producers set up a quiz and write its questions without the admin."""

import pytest
from django.urls import reverse

from content import services
from content.models import Question, QuestionBank, Quiz
from courses.models import Activity
from tests.factories import ActivityFactory

from .factories import right_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz_activity(quiz_section):
    return ActivityFactory(
        section=quiz_section,
        kind=Activity.Kind.QUIZ,
        title="Entraînement",
        completion_rule=Activity.CompletionRule.QUIZ_PASS,
    )


SETTINGS = {
    "bank_name": "Droit d'auteur",
    "draw_count": "",
    "max_attempts": "3",
    "time_limit_minutes": "20",
    "grading": "best",
    "pass_mark": "60",
    "general_feedback": "Relisez la fiche.",
}


QUESTIONS = [
    {"kind": "single", "text": "Durée des droits ?", "lines": "* 70 ans\n50 ans\n100 ans"},
    {"kind": "multiple", "text": "Exceptions ?", "lines": "* Conservation\n* Handicap\nPrêt libre"},
    {"kind": "true_false", "text": "Le droit moral est perpétuel.", "correct_answer": "true"},
    {"kind": "short", "text": "Catalogue de l'Abes ?", "lines": "Sudoc\nSystème universitaire"},
    {"kind": "matching", "text": "Associez.", "lines": "000 = Généralités\n800 = Littérature"},
]


def test_producer_sets_up_a_quiz_that_a_candidate_then_passes(
    client, producer, candidate, quiz_activity
):
    client.force_login(producer)
    response = client.post(reverse("content:quiz_settings", args=[quiz_activity.pk]), SETTINGS)
    quiz = Quiz.objects.get(activity=quiz_activity)
    assert response.url == reverse("content:bank", args=[quiz.bank_id])
    assert (quiz.bank.name, quiz.max_attempts, quiz.time_limit_minutes) == ("Droit d'auteur", 3, 20)
    for data in QUESTIONS:
        response = client.post(
            reverse("content:question_create", args=[quiz.bank_id]),
            {"feedback": "Voir la fiche.", "points": "1", "lines": "", **data},
        )
        assert response.status_code == 302, response.content.decode()
    assert quiz.bank.questions.count() == 5
    page = client.get(reverse("content:bank", args=[quiz.bank_id])).content.decode()
    assert "70 ans (bonne réponse)" in page and "000 → Généralités" in page

    attempt = services.attempt_start(actor=candidate, quiz=quiz)
    attempt = services.attempt_submit(
        actor=candidate, attempt=attempt, answers=right_answers_for_authored(attempt)
    )
    assert attempt.percent == 100


def right_answers_for_authored(attempt):
    answers = right_answers(attempt)
    short = attempt.slots.get(question__kind="short")
    answers[str(short.pk)] = {"values": ["SUDOC"], "pairs": {}}
    return answers


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "single", "lines": "* a\n* b"}, "en a exactement un."),
        ({"kind": "single", "lines": "a\nb"}, "étoile"),
        ({"kind": "multiple", "lines": "* seule"}, "au moins deux choix"),
        ({"kind": "short", "lines": "  "}, "au moins une réponse acceptée"),
        ({"kind": "matching", "lines": "000 Généralités\n800 = Littérature"}, "élément = réponse"),
        ({"kind": "true_false", "lines": ""}, "si l’affirmation est vraie"),
    ],
)
def test_bad_question_lines_show_a_french_error_and_save_nothing(
    client, producer, exam_course, data, message
):
    bank = QuestionBank.objects.create(course=exam_course, name="Banque")
    client.force_login(producer)
    response = client.post(
        reverse("content:question_create", args=[bank.pk]),
        {"text": "Question ?", "points": "1", "feedback": "", "correct_answer": "", **data},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Question.objects.exists()


def test_editing_a_question_already_drawn_keeps_the_old_version(client, producer, candidate, quiz):
    attempt = services.attempt_start(actor=candidate, quiz=quiz)
    question = quiz.bank.questions.get(kind="single")
    client.force_login(producer)
    url = reverse("content:question_edit", args=[quiz.bank_id, question.pk])
    form = client.get(url).content.decode()
    assert "* Paris" in form
    client.post(
        url,
        {"kind": "single", "text": "Capitale ?", "lines": "* Paris\nMarseille", "points": "1"},
    )
    question.refresh_from_db()
    assert not question.is_active and question.text == "Question 1 ?"
    new = quiz.bank.questions.get(text="Capitale ?")
    assert new.is_active and [c.text for c in new.choices.all()] == ["Paris", "Marseille"]
    # The attempt in progress still scores against the version it drew.
    attempt = services.attempt_submit(
        actor=candidate, attempt=attempt, answers=right_answers(attempt)
    )
    assert attempt.percent == 100


def test_editing_an_unused_question_changes_it_in_place(client, producer, quiz):
    question = quiz.bank.questions.get(kind="true_false")
    client.force_login(producer)
    client.post(
        reverse("content:question_edit", args=[quiz.bank_id, question.pk]),
        {"kind": "true_false", "text": "Faux ?", "correct_answer": "false", "points": "2"},
    )
    question.refresh_from_db()
    assert (question.text, question.points, question.is_active) == ("Faux ?", 2, True)
    assert [(c.text, c.is_correct) for c in question.choices.all()] == [
        ("Vrai", False),
        ("Faux", True),
    ]


def test_retired_question_is_no_longer_drawn(client, producer, candidate, quiz):
    question = quiz.bank.questions.get(kind="short")
    client.force_login(producer)
    client.post(reverse("content:question_retire", args=[quiz.bank_id, question.pk]))
    attempt = services.attempt_start(actor=candidate, quiz=quiz)
    assert question.pk not in set(attempt.slots.values_list("question_id", flat=True))
    assert attempt.slots.count() == 4


def test_settings_need_a_bank(client, producer, quiz_activity):
    client.force_login(producer)
    data = {**SETTINGS, "bank_name": ""}
    response = client.post(reverse("content:quiz_settings", args=[quiz_activity.pk]), data)
    assert (
        "Choisissez une banque de questions ou nommez-en une nouvelle." in response.content.decode()
    )
    assert not Quiz.objects.exists()


def test_edit_urls_for_producers(quiz_activity):
    from content.api import edit_url_for_activity

    assert edit_url_for_activity(quiz_activity) == f"/quiz/activite/{quiz_activity.pk}/reglages/"
