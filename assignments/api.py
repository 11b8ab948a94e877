"""What other apps use from ``assignments`` (contract; the assignments issue
fills the bodies). Every function costs a constant number of queries."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from core.links import url_maker
from core.prepared import Prepared


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
    read: bool = True  # the candidate opened the feedback (read receipt)


@dataclass
class SubmissionStats:
    handed_in: int = 0  # submitted / late / graded / returned
    due: int = 0  # open assignments of their courses not handed in yet, due date passed or not
    late: int = 0  # due date (with extension) passed and nothing handed in, or handed in late
    latest_grades: list[Grade] = field(default_factory=list)  # newest first, at most 3
    unread_feedback: int = 0  # returned feedback the candidate has not opened yet


def deadlines_for(
    user,
    start: datetime.datetime,
    end: datetime.datetime,
    *,
    visible_course_ids: list[int] | None = None,
) -> list[Deadline]:
    """Assignment deadlines between ``start`` and ``end`` that ``user`` may see
    (candidates: their courses, with their own extension; trainers: their
    courses; tutors: their candidates' courses): the rows of
    ``assignments.selectors.assignments_visible_to``.

    ``visible_course_ids``: the ids of ``courses.api.courses_visible_to(user)``
    when the caller already holds them (the calendar does, for its events):
    one query then, compiled once per process and number of ids
    (``core.prepared``); two otherwise."""
    from django.urls import reverse
    from django.utils import timezone

    if not user.is_authenticated:
        return []
    if user.is_superuser:
        rows = _DEADLINES.rows(True, user.pk, start, end)
    elif visible_course_ids:
        ids = list(visible_course_ids)
        rows = _DEADLINES.rows(False, user.pk, start, end, timezone.now(), ids)
    else:
        rows = _deadline_rows(user, start, end, visible_course_ids)
    deadlines = [
        Deadline(
            title=title,
            due_at=due_at,
            course_id=course_id,
            course_title=course_title,
            url=reverse("assignments:detail", kwargs={"pk": pk}),
            assignment_id=pk,
        )
        for pk, title, due_at, course_id, course_title in rows
    ]
    deadlines.sort(key=lambda d: (d.due_at, d.assignment_id))
    return deadlines


def _deadline_rows(user, start, end, visible_course_ids, now=None):
    """The rows of ``deadlines_for``, as a ``values_list`` queryset."""
    from django.db.models import FilteredRelation, Q
    from django.db.models.functions import Coalesce

    # The candidate's own due date (their extension: one per assignment and
    # candidate, joined on its unique index) decides whether a deadline
    # falls in the window.
    return (
        _deadline_assignments(user, visible_course_ids, now=now)
        .annotate(
            mine=FilteredRelation("extensions", condition=Q(extensions__candidate=user)),
            own_due_at=Coalesce("mine__due_at", "due_at"),
        )
        .filter(own_due_at__gte=start, own_due_at__lt=end)
        .values_list("pk", "title", "own_due_at", "course_id", "course__title")
    )


def _prepared_deadline_rows(is_superuser, user_id, start, end, now=None, ids=None):
    from django.contrib.auth import get_user_model

    user = get_user_model()(pk=user_id, is_superuser=is_superuser)
    return _deadline_rows(user, start, end, ids, now=now)


# Stand-ins (core.prepared): a user id, the window, the moment, course ids;
# nothing else in the query is negative or in 1901.
_ANY_USER = -7_360_001
_ANY_START = datetime.datetime(1901, 4, 5, 6, 7, 8, tzinfo=datetime.UTC)
_ANY_END = datetime.datetime(1901, 4, 6, 6, 7, 8, tzinfo=datetime.UTC)
_ANY_NOW = datetime.datetime(1901, 4, 7, 6, 7, 8, tzinfo=datetime.UTC)


def _deadline_stand_ins(is_superuser) -> list:
    if is_superuser:  # every assignment: no moment, no course ids
        return [_ANY_USER, _ANY_START, _ANY_END]
    return [_ANY_USER, _ANY_START, _ANY_END, _ANY_NOW, [-7_361_000]]


# Keyed on is_superuser.
_DEADLINES = Prepared(_prepared_deadline_rows, _deadline_stand_ins)


def _deadline_assignments(user, visible_course_ids: list[int] | None, *, now=None):
    """``assignments_visible_to(user)`` with the readable courses as a list
    of ids rather than the nested subqueries of ``courses_visible_to`` and
    ``activities_visible_to`` (the same rules, written flat: building and
    compiling those trees cost more than the query itself).
    tests/calendar_app/test_deadlines.py checks that both agree. ``now``:
    the moment the activities' availability is read at (now by default)."""
    from django.db.models import Q
    from django.utils import timezone

    from courses.api import courses_edited_by, courses_visible_to

    from .models import Assignment
    from .selectors import trained_course_ids

    if user.is_superuser:
        return Assignment.objects.all()
    if visible_course_ids is None:
        visible_course_ids = courses_visible_to(user).values_list("pk", flat=True)
    readable = list(visible_course_ids)
    if now is None:
        now = timezone.now()
    # courses.selectors.activities_visible_to: an activity of a course the
    # user reads, visible and available, or any activity of a course they
    # edit. An assignment behind a hidden or not yet available activity is
    # only for the people who edit the course until it shows.
    # ``__any``: the list is one array (core.prepared compiles the
    # dashboard's query once whatever the number of courses).
    activity_shown = Q(activity__course_id__any=readable) & (
        Q(activity__is_visible=True, activity__available_from__isnull=True)
        | Q(activity__is_visible=True, activity__available_from__lte=now)
        | Q(activity__course__in=courses_edited_by(user))
    )
    shown = Q(activity__isnull=True) | activity_shown
    return Assignment.objects.filter(
        (Q(course_id__any=readable) & shown) | Q(course__in=trained_course_ids(user))
    )


def format_grade(value) -> str:
    """A grade as every page writes it (14,5 — 20 — 7,25): the ``grade``
    filter of ``assignments_tags``, for the pages that write it in Python."""
    from .templatetags.assignments_tags import grade

    return grade(value)


def _assigned_rows(_key, candidate_ids, now):
    """(candidate, assignment, whether its due date has passed) of the open
    assignments of their active candidate courses (compared in SQL: no
    moment to read)."""
    from django.db.models import BooleanField, ExpressionWrapper, Q

    from courses.api import Enrolment

    from .models import Assignment

    return (
        Assignment.objects.filter(Q(activity__isnull=True) | Q(activity__is_visible=True))
        .filter(
            opens_at__lte=now,
            course__enrolments__user_id__any=candidate_ids,
            course__enrolments__role=Enrolment.Role.CANDIDATE,
            course__enrolments__status=Enrolment.Status.ACTIVE,
        )
        .order_by()
        .annotate(past=ExpressionWrapper(Q(due_at__lt=now), output_field=BooleanField()))
        .values_list("course__enrolments__user_id", "pk", "past")
        .distinct()
    )


def _submission_rows(_key, candidate_ids):
    from .models import Submission

    return (
        Submission.objects.filter(candidate_id__any=candidate_ids)
        .order_by()
        .values_list("candidate_id", "assignment_id", "status", "is_late")
    )


def _extension_rows(_key, candidate_ids, now):
    """(candidate, assignment, whether their new due date has passed)."""
    from django.db.models import BooleanField, ExpressionWrapper, Q

    from .models import Extension

    return (
        Extension.objects.filter(candidate_id__any=candidate_ids)
        .order_by()
        .annotate(past=ExpressionWrapper(Q(due_at__lt=now), output_field=BooleanField()))
        .values_list("candidate_id", "assignment_id", "past")
    )


def _grade_rows(_key, candidate_ids):
    from .models import Feedback

    return (
        Feedback.objects.filter(
            submission__candidate_id__any=candidate_ids,
            returned_at__isnull=False,
            grade__isnull=False,
        )
        .order_by("-returned_at", "-pk")
        .values_list(
            "submission__candidate_id",
            "submission_id",
            "submission__assignment__title",
            "submission__assignment__scale",
            "grade",
            "returned_at",
            "read_at",
        )
    )


# Stand-ins (core.prepared): no other negative number or moment of 1901 in
# these queries.
_ANY_CANDIDATES = [-7_340_301]
_ANY_MOMENT = datetime.datetime(1901, 2, 3, 4, 5, 6, tzinfo=datetime.UTC)
_ASSIGNED = Prepared(_assigned_rows, [_ANY_CANDIDATES, _ANY_MOMENT])
_SUBMISSIONS = Prepared(_submission_rows, [_ANY_CANDIDATES])
_EXTENSIONS = Prepared(_extension_rows, [_ANY_CANDIDATES, _ANY_MOMENT])
_GRADES = Prepared(_grade_rows, [_ANY_CANDIDATES])


def candidate_submission_stats(candidate_ids) -> dict[int, SubmissionStats]:
    """{candidate id: SubmissionStats} for the tutor board. The caller has
    checked that it may see these candidates. Four queries, compiled once
    per process."""
    from django.utils import timezone

    from .models import Submission

    candidate_ids = list(candidate_ids)
    stats = {cid: SubmissionStats() for cid in candidate_ids}
    if not candidate_ids:
        return stats
    now = timezone.now()
    # Tuples, not model instances: a board asks this for 40 candidates at a
    # time and reads a few fields of each row.
    # Their submissions (kept: handed in ones, whether late), extensions,
    # (candidate, assignment) pairs of their active candidate courses, then
    # returned grades.
    handed_in = set(Submission.HANDED_IN)
    late_copy = {
        (cid, assignment_id): is_late
        for cid, assignment_id, status, is_late in _SUBMISSIONS.rows(None, candidate_ids)
        if status in handed_in
    }
    extended_past = {
        (cid, assignment_id): past
        for cid, assignment_id, past in _EXTENSIONS.rows(None, candidate_ids, now)
    }
    for cid, assignment_id, past in _ASSIGNED.rows(None, candidate_ids, now):
        row = stats[cid]
        key = (cid, assignment_id)
        is_late = late_copy.get(key)
        if is_late is not None:
            row.handed_in += 1
            if is_late:
                row.late += 1
        else:
            row.due += 1
            if extended_past.get(key, past):
                row.late += 1
    submission_url = url_maker("assignments:submission")
    for cid, submission_id, title, scale, grade, returned_at, read_at in _GRADES.rows(
        None, candidate_ids
    ):
        latest = stats[cid].latest_grades
        if read_at is None:
            stats[cid].unread_feedback += 1
        if len(latest) < 3:
            latest.append(
                Grade(
                    assignment_title=title,
                    grade=grade,
                    scale=scale,
                    returned_at=returned_at,
                    url=submission_url(submission_id),
                    read=read_at is not None,
                )
            )
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


@dataclass(frozen=True)
class GradedCopy:
    """A returned grade of a candidate's copy, as "Mes notes" and the grade
    reports show it (plain data)."""

    submission_id: int
    assignment_id: int
    assignment_title: str
    course_id: int
    course_title: str
    exam_paper: str  # the épreuve's name, "" when the assignment names none
    handin: int
    grade: Decimal
    scale: int
    grade_20: Decimal  # the grade out of 20
    returned_at: datetime.datetime
    url: str  # the copy's page, where the feedback is
    feedback_url: str  # the feedback of that round on the copy's page


def _out_of_20(grade: Decimal, scale: int) -> Decimal:
    if scale == 20:
        return grade
    return (grade * 20 / scale).quantize(Decimal("0.01"))


def graded_copies_for(candidate) -> list[GradedCopy]:
    """Every returned grade of ``candidate`` (their own copies: the caller
    shows them to that person only), oldest first; one query."""
    from .models import Feedback

    if not candidate.is_authenticated:
        return []
    rows = (
        Feedback.objects.filter(
            submission__candidate=candidate, returned_at__isnull=False, grade__isnull=False
        )
        .order_by("returned_at", "pk")
        .values_list(
            "pk",
            "submission_id",
            "handin",
            "grade",
            "returned_at",
            "submission__assignment_id",
            "submission__assignment__title",
            "submission__assignment__scale",
            "submission__assignment__course_id",
            "submission__assignment__course__title",
            "submission__assignment__exam_paper__name",
        )
    )
    submission_url = url_maker("assignments:submission")
    copies = []
    for (
        feedback_id, submission_id, handin, grade, returned_at, assignment_id, title, scale,
        course_id, course_title, paper,
    ) in rows:  # fmt: skip
        url = submission_url(submission_id)
        copies.append(
            GradedCopy(
                submission_id=submission_id,
                assignment_id=assignment_id,
                assignment_title=title,
                course_id=course_id,
                course_title=course_title,
                exam_paper=paper or "",
                handin=handin,
                grade=grade,
                scale=scale,
                grade_20=_out_of_20(grade, scale),
                returned_at=returned_at,
                url=url,
                feedback_url=f"{url}#retour-{feedback_id}",
            )
        )
    return copies


def url_for_activity(activity) -> str | None:
    """Page of the assignment behind an ``assignment`` activity, if any."""
    from .models import Assignment

    pk = Assignment.objects.filter(activity=activity).values_list("pk", flat=True).first()
    if pk is None:
        return None
    from django.urls import reverse

    return reverse("assignments:detail", kwargs={"pk": pk})


def assignment_import(*, actor, course, activity, data: dict):
    """The assignment of an imported activity (content's Moodle importer)."""
    from .services import assignment_import as create

    return create(actor=actor, course=course, activity=activity, data=data)


def assignment_for_activity(activity):
    """The assignment behind an ``assignment`` activity, or None (one query)."""
    from .models import Assignment

    return Assignment.objects.filter(activity=activity).first()


def assignment_subject_save(*, actor, activity, data: dict):
    """Write the subject of the assignment behind ``activity`` (course
    studio); see ``services.assignment_subject_save``."""
    from .services import assignment_subject_save as save

    return save(actor=actor, activity=activity, data=data)


def subject_form_class():
    """The form of an assignment's subject, dates and file rules."""
    from .forms import AssignmentSubjectForm

    return AssignmentSubjectForm
