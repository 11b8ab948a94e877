"""What other apps use from ``assignments`` (contract; the assignments issue
fills the bodies). Every function costs a constant number of queries."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Deadline:
    title: str
    due_at: datetime.datetime  # aware; the candidate's own (extension) when ``user`` given
    course_id: int
    course_title: str
    url: str
    assignment_id: int


@dataclass(frozen=True)
class Grade:
    assignment_title: str
    grade: Decimal
    scale: int  # out of (20 by default)
    returned_at: datetime.datetime
    url: str  # submission page, for the candidate, their tutor, trainers


@dataclass
class SubmissionStats:
    handed_in: int = 0  # submitted / late / graded / returned
    due: int = 0  # open assignments of their courses not handed in yet, due date passed or not
    late: int = 0  # due date (with extension) passed and nothing handed in, or handed in late
    latest_grades: list[Grade] = field(default_factory=list)  # newest first, at most 3


def deadlines_for(user, start: datetime.datetime, end: datetime.datetime) -> list[Deadline]:
    """Assignment deadlines between ``start`` and ``end`` that ``user`` may see
    (candidates: their courses, with their own extension; trainers: their
    courses; tutors: their candidates' courses)."""
    from django.db.models import Q

    from .models import Extension
    from .selectors import assignments_visible_to

    if not user.is_authenticated:
        return []
    # 2 queries: the candidate's extensions, then the assignments whose own or
    # extended due date falls in the window.
    extensions = dict(
        Extension.objects.filter(candidate=user).values_list("assignment_id", "due_at")
    )
    in_window = Q(due_at__gte=start, due_at__lt=end) | Q(pk__in=list(extensions))
    deadlines = []
    for assignment in assignments_visible_to(user).filter(in_window).select_related("course"):
        due_at = extensions.get(assignment.pk, assignment.due_at)
        if not (start <= due_at < end):
            continue
        deadlines.append(
            Deadline(
                title=assignment.title,
                due_at=due_at,
                course_id=assignment.course_id,
                course_title=assignment.course.title,
                url=assignment.get_absolute_url(),
                assignment_id=assignment.pk,
            )
        )
    deadlines.sort(key=lambda d: (d.due_at, d.assignment_id))
    return deadlines


def candidate_submission_stats(candidate_ids) -> dict[int, SubmissionStats]:
    """{candidate id: SubmissionStats} for the tutor board. The caller has
    checked that it may see these candidates."""
    from django.db.models import Q
    from django.utils import timezone

    from courses.api import Enrolment

    from .models import Assignment, Extension, Feedback, Submission

    candidate_ids = list(candidate_ids)
    stats = {cid: SubmissionStats() for cid in candidate_ids}
    if not candidate_ids:
        return stats
    now = timezone.now()
    # Query 1: (candidate, assignment) pairs of their active candidate courses.
    pairs = list(
        Assignment.objects.filter(Q(activity__isnull=True) | Q(activity__is_visible=True))
        .filter(
            opens_at__lte=now,
            course__enrolments__user_id__in=candidate_ids,
            course__enrolments__role=Enrolment.Role.CANDIDATE,
            course__enrolments__status=Enrolment.Status.ACTIVE,
        )
        .values_list("course__enrolments__user_id", "pk", "due_at")
        .distinct()
    )
    # Query 2: their submissions; query 3: extensions; query 4: returned grades.
    submissions = {
        (s.candidate_id, s.assignment_id): s
        for s in Submission.objects.filter(candidate_id__in=candidate_ids).only(
            "candidate_id", "assignment_id", "status", "is_late"
        )
    }
    extensions = {
        (e.candidate_id, e.assignment_id): e.due_at
        for e in Extension.objects.filter(candidate_id__in=candidate_ids)
    }
    for cid, assignment_id, due_at in pairs:
        submission = submissions.get((cid, assignment_id))
        due_at = extensions.get((cid, assignment_id), due_at)
        if submission is not None and submission.is_handed_in:
            stats[cid].handed_in += 1
            if submission.is_late:
                stats[cid].late += 1
        else:
            stats[cid].due += 1
            if due_at < now:
                stats[cid].late += 1
    feedbacks = (
        Feedback.objects.filter(
            submission__candidate_id__in=candidate_ids,
            returned_at__isnull=False,
            grade__isnull=False,
        )
        .select_related("submission__assignment")
        .order_by("-returned_at", "-pk")
    )
    for feedback in feedbacks:
        row = stats[feedback.submission.candidate_id]
        if len(row.latest_grades) < 3:
            row.latest_grades.append(_grade(feedback))
    return stats


def _grade(feedback) -> Grade:
    assignment = feedback.submission.assignment
    return Grade(
        assignment_title=assignment.title,
        grade=feedback.grade,
        scale=assignment.scale,
        returned_at=feedback.returned_at,
        url=feedback.submission.get_absolute_url(),
    )


def grades_for(candidate) -> list[Grade]:
    """Every returned grade of ``candidate``, newest first (the caller checked
    access: the candidate, their tutor, a coordinator of their centre)."""
    from .models import Feedback

    feedbacks = (
        Feedback.objects.filter(
            submission__candidate=candidate, returned_at__isnull=False, grade__isnull=False
        )
        .select_related("submission__assignment")
        .order_by("-returned_at", "-pk")
    )
    return [_grade(f) for f in feedbacks]


def url_for_activity(activity) -> str | None:
    """Page of the assignment behind an ``assignment`` activity, if any."""
    from .models import Assignment

    pk = Assignment.objects.filter(activity=activity).values_list("pk", flat=True).first()
    if pk is None:
        return None
    from django.urls import reverse

    return reverse("assignments:detail", kwargs={"pk": pk})
