from io import StringIO

import pytest

from content.models import Attempt, GlossaryEntry, Question, Quiz
from demo import content as demo
from tests.factories import UserFactory, register

pytestmark = pytest.mark.django_db


def test_demo_seeds_quizzes_glossary_podcast_and_a_history_idempotently(courses, preparation):
    candidate = UserFactory(username="candidat")
    register(candidate, preparation)
    demo.seed(StringIO())
    counts = (
        Quiz.objects.count(),
        Question.objects.count(),
        GlossaryEntry.objects.count(),
        Attempt.objects.count(),
    )
    demo.seed(StringIO())
    assert counts == (
        Quiz.objects.count(),
        Question.objects.count(),
        GlossaryEntry.objects.count(),
        Attempt.objects.count(),
    )
    assert Quiz.objects.count() == 2  # one per exam course
    assert Question.objects.filter(bank__course=courses["bibliothecaire"]).count() >= 15
    assert GlossaryEntry.objects.filter(course=courses["fondamentaux"]).count() >= 30
    attempts = Attempt.objects.filter(user=candidate).order_by("number")
    assert [a.state for a in attempts] == ["submitted", "submitted"]
    assert attempts[0].percent < attempts[1].percent
