"""Tutoring query budgets (the status of every tutoring URL for every role is
in the global matrix, tests/security/test_access_matrix.py; what the pages
show each role is in tests/tutoring/test_access.py, on the matrix's world)."""

import datetime

import pytest
from django.urls import reverse

from courses.models import Registration
from tests.factories import (
    ActivityFactory,
    CompletionFactory,
    SectionFactory,
    UserFactory,
    register,
)
from tutoring.services import message_post, reminder_send, thread_open

pytestmark = pytest.mark.django_db

# --- Query budgets ---------------------------------------------------------------


def _populate(preparation, tutor, courses, count):
    """``count`` candidates of ``tutor``, with completions, threads and reminders."""
    for course in courses.values():
        section = SectionFactory(course=course)
        for _ in range(10):
            ActivityFactory(section=section)
    for i in range(count):
        user = UserFactory(username=f"budget-{count}-{i}")
        registration = register(user, preparation, tutor=tutor)
        for activity in courses["fondamentaux"].activities.all()[: i % 5]:
            CompletionFactory(user=user, activity=activity)
        if i % 2:
            thread = thread_open(actor=user, title=f"Thème {i}", body="Question ?")
            message_post(actor=tutor, thread=thread, body="Réponse.")
        if i % 3 == 0:
            reminder_send(actor=tutor, registration=registration, template="inactive")


# Board queries (11 measured at 3 and 40 candidates, the table built afresh):
# user, the registrations the viewer follows (the picker's tutors, whether
# the viewer tutors anyone, the candidates shown: one query); then the
# table: one head per row (candidate, tutor, preparation, latest completion,
# visit and reminder, interview), enrolled courses, progress (2: totals,
# done), submission stats (4, assignments api), open threads.
BOARD_BUDGET = 11


@pytest.mark.parametrize("count", [3, 40])
def test_board_query_budget(
    client, preparation, tutor, courses, count, django_assert_max_num_queries
):
    _populate(preparation, tutor, courses, count)
    client.force_login(tutor)
    with django_assert_max_num_queries(BOARD_BUDGET):
        response = client.get(reverse("tutoring:board"), {"tri": "risk"})
    assert response.status_code == 200
    assert response.content.decode().count('href="/tutorat/candidats/') == count


# Candidate page (16 measured at both sizes): user, registration, board row
# (head, enrolled courses, progress x2, submission stats x4, open threads),
# sections (1 aggregate), threads, reminders, interview, grades (1,
# assignments api).
CANDIDATE_BUDGET = 16


@pytest.mark.parametrize("size", [1, 12])
def test_candidate_page_query_budget(
    client, tutor, candidate, registration, courses, size, django_assert_max_num_queries
):
    for course in courses.values():
        for _ in range(size):
            section = SectionFactory(course=course)
            for activity in [ActivityFactory(section=section) for _ in range(3)]:
                CompletionFactory(user=candidate, activity=activity)
    for i in range(size):
        thread = thread_open(actor=candidate, title=f"Thème {i}", body="Question ?")
        message_post(actor=tutor, thread=thread, body="Réponse.")
        reminder_send(actor=tutor, registration=registration, template="free", message="Alors ?")
    client.force_login(tutor)
    with django_assert_max_num_queries(CANDIDATE_BUDGET):
        response = client.get(reverse("tutoring:candidate", args=[registration.pk]))
    assert response.status_code == 200
    assert response.content.decode().count('role="progressbar"') >= size


@pytest.mark.parametrize("size", [1, 10])
def test_thread_page_query_budget(
    client, tutor, candidate, registration, size, django_assert_max_num_queries
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    thread = thread_open(actor=candidate, title="Thème", body="Question ?")
    for i in range(size):
        from tutoring.models import Attachment, Message

        message = Message.objects.create(thread=thread, author=tutor, body=f"Message {i}")
        attachment = Attachment(
            message=message, name="a.pdf", content_type="application/pdf", size=9
        )
        attachment.file.save("a.pdf", SimpleUploadedFile("a.pdf", b"%PDF-1.4\n"), save=True)
    client.force_login(candidate)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("tutoring:thread", args=[thread.pk]))
    assert response.status_code == 200


def _populate_in_bulk(preparation, tutor, courses, count):
    """The issue's sizes: ``count`` candidates, 3 courses each with 50
    activities, some completions, a waiting question and a reminder each."""
    from courses.models import Activity, Completion, Enrolment
    from tutoring.models import Reminder, Thread

    chosen = [courses["fondamentaux"], courses["ateliers"], courses["bibliothecaire"]]
    for course in chosen:
        section = course.sections.first()
        Activity.objects.bulk_create(
            Activity(course=course, section=section, kind="sheet", title=f"Fiche {n}")
            for n in range(48)
        )
    users = UserFactory._meta.model.objects.bulk_create(
        UserFactory.build(username=f"bulk-{count}-{i}") for i in range(count)
    )
    registrations = Registration.objects.bulk_create(
        Registration(candidate=user, preparation=preparation, tutor=tutor) for user in users
    )
    Enrolment.objects.bulk_create(
        Enrolment(user_id=r.candidate_id, course=c, role="candidate", registration=r)
        for r in registrations
        for c in chosen
    )
    activities = list(courses["fondamentaux"].activities.all()[:10])
    Completion.objects.bulk_create(
        Completion(user=user, activity=activity, source="manual")
        for i, user in enumerate(users)
        for activity in activities[: i % 10]
    )
    Thread.objects.bulk_create(
        Thread(
            registration=r,
            candidate_id=r.candidate_id,
            title="Question",
            awaiting_since=r.created_at,
            due_on=datetime.date(2026, 12, 1),
        )
        for r in registrations
    )
    Reminder.objects.bulk_create(
        Reminder(
            registration=r,
            candidate_id=r.candidate_id,
            kind="manual",
            template="inactive",
            subject="Relance",
            body="…",
        )
        for r in registrations
    )


@pytest.mark.parametrize("count", [8, 300])
def test_board_query_budget_at_the_issue_sizes(
    client, preparation, tutor, courses, count, django_assert_max_num_queries
):
    _populate_in_bulk(preparation, tutor, courses, count)
    client.force_login(tutor)
    with django_assert_max_num_queries(BOARD_BUDGET):
        response = client.get(reverse("tutoring:board"))
    assert response.status_code == 200
    assert response.content.decode().count('href="/tutorat/candidats/') == count
