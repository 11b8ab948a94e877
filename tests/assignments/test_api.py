"""The public API other apps use (tutoring board, calendar, course pages)."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assignments import api, services
from tests.assignments.factories import AssignmentFactory, pdf_upload

pytestmark = pytest.mark.django_db


def window():
    now = timezone.now()
    return now - datetime.timedelta(days=30), now + datetime.timedelta(days=30)


def test_deadlines_use_the_candidate_extension(world, candidate, other_candidate, trainer):
    new_due = world.assignment.due_at + datetime.timedelta(days=3)
    services.extension_grant(
        actor=trainer, assignment=world.assignment, candidate=candidate, due_at=new_due
    )
    (mine,) = api.deadlines_for(candidate, *window())
    assert mine.due_at == new_due and mine.assignment_id == world.assignment.pk
    assert mine.url == world.assignment.get_absolute_url()
    (theirs,) = api.deadlines_for(other_candidate, *window())
    assert theirs.due_at == world.assignment.due_at


@pytest.mark.parametrize(
    ("role", "count"),
    [
        ("candidate", 1),
        ("tutor", 1),
        ("trainer", 1),
        ("other_trainer", 0),
        ("other_coordinator", 0),
        ("admin_user", 1),
    ],
)
def test_deadlines_by_role_in_constant_queries(role, count, world, request):
    user = request.getfixturevalue(role)
    with CaptureQueriesContext(connection) as queries:
        deadlines = api.deadlines_for(user, *window())
    assert len(deadlines) == count
    assert len(queries) <= 2


def test_extension_outside_the_window_moves_the_deadline_out(world, candidate, trainer):
    services.extension_grant(
        actor=trainer,
        assignment=world.assignment,
        candidate=candidate,
        due_at=world.assignment.due_at + datetime.timedelta(days=60),
    )
    assert api.deadlines_for(candidate, *window()) == []


def test_submission_stats_and_grades_for_the_tutor_board(
    world, candidate, other_candidate, trainer, exam_course
):
    services.submission_return(actor=trainer, submission=world.submission)
    now = timezone.now()
    AssignmentFactory(
        course=exam_course,
        opens_at=now - datetime.timedelta(days=9),
        due_at=now - datetime.timedelta(days=1),
        cutoff_at=None,
    )
    with CaptureQueriesContext(connection) as queries:
        stats = api.candidate_submission_stats([candidate.pk, other_candidate.pk])
    assert len(queries) == 4
    mine = stats[candidate.pk]
    assert (mine.handed_in, mine.due, mine.late) == (1, 1, 1)
    (grade,) = mine.latest_grades
    assert grade.grade == Decimal("14.5") and grade.scale == 20
    assert stats[other_candidate.pk].latest_grades == []
    (grade,) = api.grades_for(candidate)
    assert grade.assignment_title == world.assignment.title
    assert grade.url == world.submission.get_absolute_url()
    assert api.grades_for(other_candidate) == []


def test_url_for_activity(assignment):
    assert api.url_for_activity(assignment.activity) == assignment.get_absolute_url()
    from tests.factories import ActivityFactory

    assert api.url_for_activity(ActivityFactory(section=assignment.activity.section)) is None


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_receipt_goes_through_the_real_worker(
    celery_worker_process, candidate, exam_course, trainer
):
    import os
    import time

    from assignments.models import Submission

    assignment = AssignmentFactory(course=exam_course)
    (file,) = services.submission_upload(
        actor=candidate, assignment=assignment, uploads=[pdf_upload("copie-worker.pdf")]
    )
    services.submission_hand_in(actor=candidate, submission=file.submission, statement="oui")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if Submission.objects.get(pk=file.submission_id).receipt_sent_for == 1:
            break
        time.sleep(0.2)
    assert Submission.objects.get(pk=file.submission_id).receipt_sent_for == 1
    if "EMAIL_URL" not in os.environ:
        # The worker prints emails on its console, captured in its log.
        log = ""
        while time.monotonic() < deadline and file.sha256 not in log:
            log = celery_worker_process["log"].read_text()
            time.sleep(0.2)
        assert file.sha256 in log
        assert "Votre copie pour «\xa0" + assignment.title in log
