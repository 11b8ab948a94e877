"""Reads about assignments. Every queryset returns only what ``user`` may see
(paired with the predicates of ``assignments.permissions``)."""

from django.db.models import Count, Exists, F, Lookup, OuterRef, Prefetch, Q, QuerySet, Window

from courses.api import (
    Course,
    Enrolment,
    Registration,
    activities_visible_to,
    candidate_enrolments_q,
    coordinator_q,
    copies_graded_by_q,
    courses_visible_to,
    trainer_enrolments,
    tutor_q,
)

from .models import Assignment, Extension, Feedback, Submission, SubmissionFile


def trained_course_ids(user) -> QuerySet:
    """Ids of the courses where ``user`` is an active trainer (a subquery)."""
    return trainer_enrolments(user).values("course_id")


def assignments_visible_to(user) -> QuerySet[Assignment]:
    """Assignments of the courses ``user`` reads (candidates, tutors, trainers,
    producers) or trains in; all for administrators."""
    if not user.is_authenticated:
        return Assignment.objects.none()
    if user.is_superuser:
        return Assignment.objects.all()
    # An assignment behind a hidden or not yet available activity is only
    # for the people who edit the course until it shows.
    shown = Q(activity__isnull=True) | Q(activity__in=activities_visible_to(user))
    return Assignment.objects.filter(
        (Q(course__in=courses_visible_to(user)) & shown) | Q(course__in=trained_course_ids(user))
    )


def assignments_managed_by(user) -> QuerySet[Assignment]:
    """Assignments ``user`` may edit and whose copies they may read: the
    trainers of the course, administrators."""
    if not user.is_authenticated:
        return Assignment.objects.none()
    if user.is_superuser:
        return Assignment.objects.all()
    return Assignment.objects.filter(course__in=trained_course_ids(user))


def managed_by_course(user) -> list[tuple]:
    """The courses ``user`` trains (every course for administrators), each
    with the assignments of ``assignments_managed_by``, in one query: rows of
    (course id, course title, position, assignment id, title, blind marking,
    grades released), the assignment part None for a course without any,
    ordered by course title and due date. The grading queue reads its
    filters from it, and its access check: empty for someone who trains
    nothing."""
    if not user.is_authenticated:
        return []
    courses = Course.objects.all()
    if not user.is_superuser:
        courses = courses.filter(pk__in=trained_course_ids(user))
    return list(
        courses.order_by("title", "assignments__due_at").values_list(
            "pk",
            "title",
            "position",
            "assignments__pk",
            "assignments__title",
            "assignments__blind_marking",
            "assignments__grades_released",
        )
    )


def submissions_visible_to(user) -> QuerySet[Submission]:
    """Copies ``user`` may read: their own; the copies they grade (of the
    courses they train, on their side: ``courses.api.copies_graded_by_q``,
    national trainers for Callisto registrations, the centre's trainers for
    regional ones); the copies of the candidates they tutor (active registration);
    the copies of their centres' candidates for coordinators; all for
    administrators. Never another candidate's."""
    if not user.is_authenticated:
        return Submission.objects.none()
    if user.is_superuser:
        return Submission.objects.all()
    grades = copies_graded_by_q(user)
    tutors = tutor_q(user, via="registration__")
    coordinates = Exists(
        Registration.objects.filter(
            coordinator_q(user, via="preparation__centre__"), pk=OuterRef("registration_id")
        )
    )
    return Submission.objects.filter(Q(candidate=user) | grades | tutors | coordinates)


def copies_of_followed_candidates(user) -> QuerySet[Submission]:
    """Handed-in copies of the candidates ``user`` tutors (active
    registrations), newest first, with their returned feedback."""
    if not user.is_authenticated:
        return Submission.objects.none()
    return (
        Submission.objects.filter(
            tutor_q(user, via="registration__"), status__in=Submission.HANDED_IN
        )
        .select_related("assignment__course", "candidate")
        .prefetch_related(
            Prefetch(
                "feedbacks",
                queryset=Feedback.objects.filter(returned_at__isnull=False).order_by("-handin"),
                to_attr="returned_feedbacks",
            )
        )
        .order_by("-submitted_at", "-pk")
    )


def grading_queue_for(user, **filters) -> QuerySet[Submission]:
    """Handed-in copies ``user`` grades (``graded_copies``), with what the
    queue shows (assignment, course, candidate, unread feedback)."""
    return with_feedback_unread(
        graded_copies(user, **filters).select_related("assignment__course", "candidate")
    )


def graded_copies(
    user, *, course_id=None, assignment_id=None, status=None, late=None, order="oldest"
) -> QuerySet[Submission]:
    """Handed-in copies ``user`` grades (``courses.api.copies_graded_by_q``;
    all for admins), filtered and sorted by hand-in date; nothing joined
    for display (the grading queue reads its page's ids from it:
    ``queue_slice``)."""
    if not user.is_authenticated:
        return Submission.objects.none()
    queryset = Submission.objects.filter(status__in=Submission.HANDED_IN)
    if not user.is_superuser:
        queryset = queryset.filter(copies_graded_by_q(user))
    if course_id:
        queryset = queryset.filter(assignment__course_id=course_id)
    if assignment_id:
        queryset = queryset.filter(assignment_id=assignment_id)
    if status:
        queryset = queryset.filter(status=status)
    if late is not None:
        queryset = queryset.filter(is_late=late)
    ordering = ["submitted_at", "pk"] if order == "oldest" else ["-submitted_at", "-pk"]
    return queryset.order_by(*ordering)


class AnyOf(Lookup):
    """``field = ANY(%s)`` with one array parameter on PostgreSQL: ``pk__in``
    of a page's 50 ids costs the ORM and the driver 50 parameters, each
    prepared and quoted (``AnyOf(F("pk"), ids)`` in a ``filter()``). Other
    databases (the embedded demo's SQLite) get ``IN (%s, ...)``."""

    lookup_name = "any_of"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        values = list(value)
        if connection.vendor == "postgresql":
            return "%s", [values]
        return "(" + ", ".join(["%s"] * len(values)) + ")" if values else "(NULL)", values

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]
        return f"{lhs} IN {rhs}", [*lhs_params, *rhs_params]


def with_feedback_unread(queryset, *, among=None) -> QuerySet[Submission]:
    """``feedback_unread``: the copy has returned feedback its candidate has
    not opened yet (read receipts), in the same query. ``among`` (the ids
    of the copies read, for a page of them) bounds the lookup: PostgreSQL
    then probes the feedback of these copies instead of hashing every
    unread feedback (0.5 ms of the grading queue's 50 rows)."""
    unread = Feedback.objects.filter(
        submission_id=OuterRef("pk"), returned_at__isnull=False, read_at__isnull=True
    )
    if among is not None:
        unread = unread.filter(AnyOf(F("submission_id"), among))
    return queryset.annotate(feedback_unread=Exists(unread))


def queue_slice(queryset, start: int, size: int) -> list[tuple[int, int, int]]:
    """The ids of copies ``start`` to ``start + size`` of ``queryset`` (a
    ``graded_copies``, in its order), each with the number of copies
    the whole queryset holds and how many of them are graded or returned
    (window counts): a page of the queue and its progress bar in one query,
    without the joins of what the rows show (``queue_rows``)."""
    graded = Q(status__in=[Submission.Status.GRADED, Submission.Status.RETURNED])
    return list(
        queryset.annotate(
            total=Window(Count("pk")), graded=Window(Count("pk", filter=graded))
        ).values_list("pk", "total", "graded")[start : start + size]
    )


# What a row of the grading queue shows (``queue_rows``).
QUEUE_ROW = (
    "pk",
    "assignment_id",
    "blind_number",
    "status",
    "is_late",
    "submitted_at",
    "feedback_unread",
    "candidate__display_name",
    "candidate__first_name",
    "candidate__last_name",
    "candidate__username",
)


def queue_rows(ids: list[int]) -> list[tuple]:
    """What the grading queue shows of the copies ``ids`` (``QUEUE_ROW``
    tuples, in the order of ``ids``): ids a ``queue_slice`` of the user's
    ``graded_copies`` returned, so already limited to what they grade."""
    rows = with_feedback_unread(Submission.objects.filter(AnyOf(F("pk"), ids)), among=ids)
    by_id = {row[0]: row for row in rows.order_by().values_list(*QUEUE_ROW)}
    return [by_id[pk] for pk in ids if pk in by_id]


def submission_for_page(queryset, pk=None) -> QuerySet[Submission]:
    """Copies with what their pages show: files (newest first), feedback rounds."""
    if pk is not None:
        queryset = queryset.filter(pk=pk)
    return queryset.select_related(
        "assignment__course", "candidate", "registration__tutor"
    ).prefetch_related(
        Prefetch("files", queryset=SubmissionFile.objects.order_by("-number")),
        Prefetch("feedbacks", queryset=Feedback.objects.select_related("graded_by")),
    )


def extension_for(assignment, candidate) -> Extension | None:
    return Extension.objects.filter(assignment=assignment, candidate=candidate).first()


def my_assignments(user) -> list[dict]:
    """ "Mes devoirs": the assignments of the courses ``user`` is a candidate
    of, with their own copy and extension (3 queries whatever the number)."""
    candidate_courses = Enrolment.objects.filter(candidate_enrolments_q(), user=user).values(
        "course_id"
    )
    assignments = list(
        assignments_visible_to(user)
        .filter(course__in=candidate_courses)
        .select_related("course")
        .order_by("due_at", "pk")
    )
    ids = [a.pk for a in assignments]
    submissions = {
        s.assignment_id: s
        for s in Submission.objects.filter(candidate=user, assignment_id__in=ids).prefetch_related(
            Prefetch(
                "feedbacks",
                queryset=Feedback.objects.filter(returned_at__isnull=False).order_by("-handin"),
                to_attr="returned_feedbacks",
            )
        )
    }
    extensions = {
        e.assignment_id: e for e in Extension.objects.filter(candidate=user, assignment_id__in=ids)
    }
    rows = []
    for assignment in assignments:
        extension = extensions.get(assignment.pk)
        submission = submissions.get(assignment.pk)
        feedback = None
        if submission is not None and submission.returned_feedbacks:
            feedback = submission.returned_feedbacks[0]
        rows.append(
            {
                "assignment": assignment,
                "submission": submission,
                "extension": extension,
                "due_at": assignment.due_for(extension),
                "feedback": feedback,
            }
        )
    return rows
