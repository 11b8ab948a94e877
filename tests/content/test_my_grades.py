""" "Mes notes": every returned grade of the candidate's copies and every quiz
attempt, out of 20 in French decimals, per course and per épreuve, with the
averages and a chart over time (SVG, with its table); the person's own only."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assignments.models import ExamPaper, Feedback, Submission
from content.models import Attempt
from tests.assignments.factories import AssignmentFactory
from tests.factories import register

pytestmark = pytest.mark.django_db

URL = reverse("content:grades")


def _returned_copy(candidate, course, grade, *, days_ago, paper=None, returned=True, scale=20):
    assignment = AssignmentFactory(course=course, exam_paper=paper, scale=scale)
    registration = candidate.registrations.first()
    submission = Submission.objects.create(
        assignment=assignment, candidate=candidate, registration=registration,
        status="returned" if returned else "graded", blind_number=1, handin=1,
        submitted_at=timezone.now() - datetime.timedelta(days=days_ago + 2),
    )  # fmt: skip
    Feedback.objects.create(
        submission=submission, handin=1, grade=Decimal(grade),
        returned_at=timezone.now() - datetime.timedelta(days=days_ago) if returned else None,
    )  # fmt: skip
    return assignment


def _attempts(candidate, quiz, percents):
    Attempt.objects.bulk_create(
        Attempt(
            quiz=quiz, user=candidate, number=i + 1, state="submitted", percent=Decimal(p),
            score=Decimal(p), max_score=Decimal(100),
            submitted_at=timezone.now() - datetime.timedelta(days=30 - i),
        )
        for i, p in enumerate(percents)
    )  # fmt: skip


def test_the_candidate_sees_copies_and_quizzes_out_of_20(client, candidate, exam_course, quiz):
    paper = ExamPaper.objects.create(name="Note de synthèse")
    _returned_copy(candidate, exam_course, "13.5", days_ago=10, paper=paper)
    _returned_copy(candidate, exam_course, "29", days_ago=5, scale=40)
    hidden = _returned_copy(candidate, exam_course, "18", days_ago=1, returned=False)
    _attempts(candidate, quiz, ["70", "85"])
    client.force_login(candidate)
    html = client.get(URL).content.decode()
    assert "13,5 / 20" in html
    assert "29 / 40 (14,5 / 20)" in html  # scaled
    assert hidden.title not in html  # graded, not returned: not yet the candidate's
    assert "14 / 20" in html and "17 / 20" in html  # quizzes: 70 % and 85 %
    assert "Note de synthèse" in html and "Quiz" in html
    # Average of 13,5 ; 14,5 ; 14 ; 17 = 14,75
    assert "14,75 / 20" in html
    assert "<svg" in html and "<table" in html
    assert "style=" not in html.split("<svg")[1].split("</svg>")[0]
    assert "#retour-" in html  # the feedback link


def test_nobody_sees_another_candidates_grades(
    client, candidate, other_candidate, tutor, trainer, exam_course
):
    assignment = _returned_copy(candidate, exam_course, "13.5", days_ago=3)
    for user in (other_candidate, tutor, trainer):
        client.force_login(user)
        html = client.get(URL).content.decode()
        assert assignment.title not in html
        assert "13,5" not in html


def test_an_empty_page_says_where_grades_will_come_from(client, candidate):
    client.force_login(candidate)
    html = client.get(URL).content.decode()
    assert "Pas encore de note" in html


def test_my_grades_is_in_the_candidate_menu(client, candidate):
    client.force_login(candidate)
    html = client.get(reverse("dashboard")).content.decode()
    assert URL in html


BUDGET = 3  # user, returned grades, quiz attempts


def _count(client):
    with CaptureQueriesContext(connection) as context:
        response = client.get(URL)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_my_grades_budget_with_2_and_40_grades(client, candidate, exam_course, quiz, preparation):
    client.force_login(candidate)
    client.get(URL)
    _returned_copy(candidate, exam_course, "12", days_ago=3)
    _attempts(candidate, quiz, ["50"])
    small = _count(client)
    for i in range(20):
        _returned_copy(candidate, exam_course, "11", days_ago=i + 4)
    Attempt.objects.filter(user=candidate).delete()
    _attempts(candidate, quiz, [str(40 + i) for i in range(20)])
    big = _count(client)
    assert small == big <= BUDGET, (small, big)


def test_a_withdrawn_candidate_still_reads_their_grades(client, exam_course, preparation):
    from tests.factories import UserFactory

    user = UserFactory(username="withdrawn")
    registration = register(user, preparation)
    _returned_copy(user, exam_course, "15", days_ago=2)
    registration.status = "withdrawn"
    registration.save()
    client.force_login(user)
    assert "15 / 20" in client.get(URL).content.decode()
