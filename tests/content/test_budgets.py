"""Query budgets: the count of a page does not grow with the data."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from content import services
from content.models import GlossaryEntry, index_letter

from .factories import QuizFactory, fill_bank, right_answers

pytestmark = pytest.mark.django_db


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.fixture
def quiz_of(exam_course, quiz_section):
    def make(size):
        quiz = QuizFactory(activity__section=quiz_section, activity__course=exam_course)
        fill_bank(quiz.bank, size)
        return quiz

    return make


# Attempt page (in progress or reviewed): session, user, attempt (joined with
# quiz, activity, course, section, user; visibility as subqueries), slots with
# their questions, choices; in progress, the candidate's tracking registration.
ATTEMPT_BUDGET = 6


def test_attempt_page_has_a_fixed_query_count(client, candidate, quiz_of):
    counts = []
    for size in (10, 100):
        quiz = quiz_of(size)
        attempt = services.attempt_start(actor=candidate, quiz=quiz)
        services.attempt_save(actor=candidate, attempt=attempt, answers=right_answers(attempt))
        client.force_login(candidate)
        counts.append(count_queries(client, attempt.get_absolute_url()))
        services.attempt_submit(actor=candidate, attempt=attempt)
    assert counts[0] == counts[1] <= ATTEMPT_BUDGET


def test_review_page_has_a_fixed_query_count(
    client, candidate, quiz_of, django_assert_max_num_queries
):
    counts = []
    for size in (10, 100):
        quiz = quiz_of(size)
        attempt = services.attempt_start(actor=candidate, quiz=quiz)
        services.attempt_submit(actor=candidate, attempt=attempt, answers=right_answers(attempt))
        client.force_login(candidate)
        with django_assert_max_num_queries(ATTEMPT_BUDGET):
            counts.append(count_queries(client, attempt.get_absolute_url()))
    assert counts[0] == counts[1]


# Quiz page: session, user, quiz (visibility as a subquery), own attempts,
# tracking registration. The preview adds: staff check, producer check,
# questions, choices.
QUIZ_BUDGET = 5


def test_quiz_page_has_a_fixed_query_count(client, candidate, quiz_of):
    counts = []
    for size in (10, 100):
        quiz = quiz_of(size)
        for _ in range(size // 10):
            attempt = services.attempt_start(actor=candidate, quiz=quiz)
            services.attempt_submit(actor=candidate, attempt=attempt)
        client.force_login(candidate)
        counts.append(count_queries(client, quiz.get_absolute_url()))
    assert counts[0] == counts[1] <= QUIZ_BUDGET


def test_trainer_preview_has_a_fixed_query_count(client, trainer, quiz_of):
    counts = []
    for size in (10, 100):
        quiz = quiz_of(size)
        client.force_login(trainer)
        counts.append(count_queries(client, quiz.get_absolute_url()))
    assert counts[0] == counts[1] <= QUIZ_BUDGET + 4


def _entries(course, count, start=0):
    words = ["abbaye", "bibliothèque", "catalogue", "désherbage", "édition", "fonds", "Gallica"]
    GlossaryEntry.objects.bulk_create(
        GlossaryEntry(
            course=course,
            term=f"{words[i % len(words)]} {i:05d}",
            letter=index_letter(words[i % len(words)]),
            definition=f"<p>Définition numéro {i} du glossaire.</p>",
        )
        for i in range(start, start + count)
    )
    entries = list(GlossaryEntry.objects.filter(course=course).order_by("pk")[:20])
    for left, right in itertools.pairwise(entries):
        left.see_also.add(right)


# Glossary index: session, user, course, producer check, letters, entries,
# see-also, then tracking registration ("propose" button) or, for producers,
# the count of proposals.
GLOSSARY_BUDGET = 8


@pytest.mark.parametrize("query", ["", "?lettre=D", "?q=catalogue"])
def test_glossary_index_has_a_fixed_query_count(client, candidate, exam_course, query):
    client.force_login(candidate)
    url = reverse("content:glossary", args=[exam_course.slug]) + query
    _entries(exam_course, 30)
    small = count_queries(client, url)
    _entries(exam_course, 2970, start=30)
    big = count_queries(client, url)
    assert small == big <= GLOSSARY_BUDGET


def test_producer_glossary_index_has_a_fixed_query_count(client, producer, exam_course):
    client.force_login(producer)
    url = reverse("content:glossary", args=[exam_course.slug])
    _entries(exam_course, 30)
    small = count_queries(client, url)
    _entries(exam_course, 2970, start=30)
    big = count_queries(client, url)
    assert small == big <= GLOSSARY_BUDGET


# My results: session, user, course, attempts with their quiz and activity.
RESULTS_BUDGET = 4


def test_my_results_has_a_fixed_query_count(client, candidate, exam_course, quiz_of):
    client.force_login(candidate)
    url = reverse("content:my_results", args=[exam_course.slug])
    counts = []
    for size in (1, 10):
        for _ in range(size):
            quiz = quiz_of(2)
            attempt = services.attempt_start(actor=candidate, quiz=quiz)
            services.attempt_submit(
                actor=candidate, attempt=attempt, answers=right_answers(attempt)
            )
        counts.append(count_queries(client, url))
    assert counts[0] == counts[1] <= RESULTS_BUDGET


# "À relire": session, user, "produces something" check, the activities with
# their course, section and open report count.
REVIEW_BUDGET = 4


def test_review_list_has_a_fixed_query_count(client, producer, exam_course, quiz_section):
    from courses.models import Activity
    from tests.factories import ActivityFactory

    from .factories import ErrorReportFactory

    client.force_login(producer)
    url = reverse("content:review_list")
    counts = []
    for size in (2, 60):
        for _ in range(size):
            activity = ActivityFactory(section=quiz_section, kind=Activity.Kind.SHEET)
            ErrorReportFactory(activity=activity)
        counts.append(count_queries(client, url))
    assert counts[0] == counts[1] <= REVIEW_BUDGET


# Error reports: session, user, queue (reports of produced courses, with
# activity, course and reporter), own reports.
REPORTS_BUDGET = 4


def test_report_list_has_a_fixed_query_count(client, producer, candidate, quiz):
    from .factories import ErrorReportFactory

    counts = []
    for size in (2, 60):
        for _ in range(size):
            ErrorReportFactory(activity=quiz.activity, reporter=candidate)
        for user in (producer, candidate):
            client.force_login(user)
            counts.append(count_queries(client, reverse("content:report_list")))
    assert counts[:2] == counts[2:] and max(counts) <= REPORTS_BUDGET


# Proposals: session, user, course, producer check, proposals with proposer.
PROPOSALS_BUDGET = 5


def test_glossary_proposals_have_a_fixed_query_count(client, producer, candidate, exam_course):
    from .factories import GlossaryEntryFactory

    client.force_login(producer)
    url = reverse("content:glossary_proposals", args=[exam_course.slug])
    counts = []
    for size in (2, 60):
        GlossaryEntryFactory.create_batch(
            size, course=exam_course, status="proposed", proposed_by=candidate
        )
        counts.append(count_queries(client, url))
    assert counts[0] == counts[1] <= PROPOSALS_BUDGET


# Question bank: session, user, bank with course (visibility as a subquery),
# producer check, questions, their choices, quizzes using the bank.
BANK_BUDGET = 7


def test_bank_page_has_a_fixed_query_count(client, producer, quiz_of):
    client.force_login(producer)
    counts = []
    for size in (10, 100):
        quiz = quiz_of(size)
        counts.append(count_queries(client, reverse("content:bank", args=[quiz.bank_id])))
    assert counts[0] == counts[1] <= BANK_BUDGET
