"""Query budgets: the number of queries of each page does not grow with the
data (checked at a small and a big size, same bound)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from assignments import services
from assignments.models import Feedback, Submission, SubmissionFile
from courses.models import Enrolment, Registration
from tests.assignments.factories import AssignmentFactory, pdf_upload

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def make_copies(course, preparation, n, assignments):
    """``n`` handed-in copies spread over ``assignments`` new assignments
    (bulk inserts: the budget is about the page, not the setup)."""
    made = [AssignmentFactory(course=course) for _ in range(assignments)]
    start = User.objects.count()
    users = User.objects.bulk_create(
        User(username=f"bulk-{start}-{i}", email=f"bulk-{start}-{i}@example.fr", last_name=f"N{i}")
        for i in range(n)
    )
    registrations = Registration.objects.bulk_create(
        Registration(candidate=u, preparation=preparation) for u in users
    )
    now = timezone.now()
    submissions = Submission.objects.bulk_create(
        Submission(
            assignment=made[i % assignments],
            candidate=u,
            registration=r,
            status=["submitted", "late", "graded", "returned"][i % 4],
            is_late=i % 4 == 1,
            blind_number=i + 1,
            handin=1,
            submitted_at=now - datetime.timedelta(minutes=i),
        )
        for i, (u, r) in enumerate(zip(users, registrations, strict=True))
    )
    SubmissionFile.objects.bulk_create(
        SubmissionFile(
            submission=s, number=1, file="x.pdf", original_name="copie.pdf",
            content_type="application/pdf", size=10, sha256="0" * 64, handin=1,
        )
        for s in submissions
    )  # fmt: skip
    Feedback.objects.bulk_create(
        Feedback(
            submission=s, handin=1, grade=12, returned_at=now if s.status == "returned" else None
        )
        for s in submissions
        if s.status in ("graded", "returned")
    )
    return made


# Grading queue: user, the courses trained with their assignments (the
# access check and the filters), the progress aggregate (also the
# paginator's count), the page rows; the session comes from the cache.
# Issue 23: 7 before (bound 8), now exact.
QUEUE_BUDGET = 4


def test_grading_queue_budget_at_40_and_2000_copies(client, trainer, exam_course, preparation):
    client.force_login(trainer)
    url = reverse("assignments:grading_queue")
    make_copies(exam_course, preparation, 40, 2)
    small = count_queries(client, url)
    make_copies(exam_course, preparation, 1960, 20)
    big = count_queries(client, url)
    assert small == big == QUEUE_BUDGET, (small, big)
    html = client.get(url).content.decode()
    assert "1000 / 2000 corrigées" in html
    assert "Page 1 sur 40" in html


def _copy_with_versions(candidate, assignment, trainer, versions, rounds):
    assignment.allow_resubmission = True
    assignment.max_files = 1
    assignment.save()
    for round_ in range(rounds):
        for v in range(versions):
            services.submission_upload(
                actor=candidate, assignment=assignment, uploads=[pdf_upload(f"v{round_}-{v}.pdf")]
            )
        submission = Submission.objects.get(assignment=assignment, candidate=candidate)
        submission = services.submission_hand_in(
            actor=candidate, submission=submission, statement="x"
        )
        services.feedback_save(
            actor=trainer, submission=submission, grade="12", comment="Bien", return_now=True,
            annotated=pdf_upload("annotee.pdf"),
        )  # fmt: skip
    return submission


# Grading page: session, user, the copy (with assignment, course, candidate,
# registration, centre), its files, its feedback rounds, "manages?",
# "trains the course?", "trainers in charge".
GRADING_BUDGET = 8


def test_grading_page_budget_with_1_and_12_versions(
    client, trainer, candidate, other_candidate, exam_course
):
    small_copy = _copy_with_versions(
        candidate, AssignmentFactory(course=exam_course), trainer, 1, 1
    )
    big_copy = _copy_with_versions(
        other_candidate, AssignmentFactory(course=exam_course), trainer, 4, 3
    )
    client.force_login(trainer)
    small = count_queries(client, reverse("assignments:submission", kwargs={"pk": small_copy.pk}))
    big = count_queries(client, reverse("assignments:submission", kwargs={"pk": big_copy.pk}))
    assert small == big <= GRADING_BUDGET, (small, big)


# Candidate's assignment page: session, user, the assignment (with course and
# report), "manages?", their copy, its files, its feedback, their extension,
# "active registration?", subject files, the grade distribution.
CANDIDATE_PAGE_BUDGET = 11


def test_candidate_assignment_page_budget_with_1_and_12_versions(
    client, trainer, candidate, exam_course
):
    small_assignment = AssignmentFactory(course=exam_course)
    big_assignment = AssignmentFactory(course=exam_course)
    _copy_with_versions(candidate, small_assignment, trainer, 1, 1)
    _copy_with_versions(candidate, big_assignment, trainer, 4, 3)
    small_assignment.grades_released = big_assignment.grades_released = True
    small_assignment.save()
    big_assignment.save()
    client.force_login(candidate)
    small = count_queries(client, small_assignment.get_absolute_url())
    big = count_queries(client, big_assignment.get_absolute_url())
    assert small == big <= CANDIDATE_PAGE_BUDGET, (small, big)


# "Mes devoirs": session, user, the assignments, the candidate's copies and
# their returned feedback, their extensions, the assignments they manage,
# the copies of the candidates they tutor.
MINE_BUDGET = 8


def test_my_assignments_budget_at_2_and_50_assignments(client, candidate, exam_course, trainer):
    client.force_login(candidate)
    url = reverse("assignments:mine")
    first = [AssignmentFactory(course=exam_course, activity=None) for _ in range(2)]
    services.submission_upload(actor=candidate, assignment=first[0], uploads=[pdf_upload()])
    small = count_queries(client, url)
    made = [AssignmentFactory(course=exam_course, activity=None) for _ in range(48)]
    for assignment in made[:10]:
        services.submission_upload(actor=candidate, assignment=assignment, uploads=[pdf_upload()])
    for assignment in made[10:20]:
        services.extension_grant(
            actor=trainer, assignment=assignment, candidate=candidate,
            due_at=assignment.due_at + datetime.timedelta(days=1),
        )  # fmt: skip
    big = count_queries(client, url)
    assert small == big <= MINE_BUDGET, (small, big)
    assert Enrolment.objects.filter(user=candidate, course=exam_course).exists()
