"""Reads of the content app: each queryset holds only what ``user`` may see,
with what its page needs already joined."""

import datetime

from django.db import connection
from django.db.models import Case, Count, Exists, OuterRef, Prefetch, Q, Value, When

from courses import api as courses_api
from courses.api import (
    Activity,
    activities_visible_to,
    courses_visible_to,
)

from .models import (
    REVIEW_PERIOD,
    Attempt,
    AttemptQuestion,
    Choice,
    EmbeddedFile,
    ErrorReport,
    GlossaryEntry,
    MoodleImport,
    Quiz,
)


def courses_produced_by(user):
    """Courses whose production group ``user`` belongs to (all for admins)."""
    return courses_api.courses_of_producer(user)


def producers_of(course_ids) -> dict[int, list[str]]:
    """{course id: sorted producer emails}, in one query."""
    rows = (
        courses_api.producer_enrolments()
        .filter(course_id__in=list(course_ids), user__is_active=True)
        .exclude(user__email="")
        .values_list("course_id", "user__email")
    )
    emails: dict[int, set[str]] = {}
    for course_id, email in rows:
        emails.setdefault(course_id, set()).add(email)
    return {course_id: sorted(values) for course_id, values in emails.items()}


# --- Quizzes -------------------------------------------------------------------


def quizzes_visible_to(user):
    """Quizzes of the activities ``user`` may open."""
    return Quiz.objects.filter(activity__in=activities_visible_to(user)).select_related(
        "activity__course", "activity__section"
    )


def attempts_visible_to(user):
    """A candidate's own attempts; every attempt of the courses one teaches or
    produces; the attempts of the candidates one tutors; all for admins."""
    if not user.is_authenticated:
        return Attempt.objects.none()
    if user.is_superuser:
        return Attempt.objects.all()
    staff = courses_api.staff_enrolments(courses_api.STAFF_ROLES, user=user).filter(
        course=OuterRef("quiz__activity__course")
    )
    tutored = courses_api.registrations_of_tutor(user).filter(candidate=OuterRef("user"))
    return Attempt.objects.filter(Q(user=user) | Exists(staff) | Exists(tutored))


def attempt_slots(attempt: Attempt) -> list[AttemptQuestion]:
    """The questions of ``attempt`` in the order drawn, each with its choices
    in the order drawn (``slot.ordered_choices``): two queries."""
    slots = list(
        attempt.slots.select_related("question").prefetch_related(
            Prefetch("question__choices", queryset=Choice.objects.order_by("position", "pk"))
        )
    )
    for slot in slots:
        by_id = {choice.pk: choice for choice in slot.question.choices.all()}
        order = [by_id[pk] for pk in slot.choice_order if pk in by_id]
        slot.ordered_choices = order + [c for pk, c in by_id.items() if pk not in slot.choice_order]
    return slots


def attempts_of(user, quiz: Quiz):
    return Attempt.objects.filter(user=user, quiz=quiz).order_by("number")


def kept_attempt(quiz: Quiz, attempts) -> Attempt | None:
    """The submitted attempt whose grade counts (best or last)."""
    submitted = [a for a in attempts if a.is_submitted]
    if not submitted:
        return None
    if quiz.grading == Quiz.Grading.LAST:
        return max(submitted, key=lambda a: a.number)
    return max(submitted, key=lambda a: (a.percent, -a.number))


def all_results_of(user):
    """``user``'s own submitted attempts in every course, grouped for "Mes
    résultats": ``[(course, [{quiz, count, kept}])]`` in course order. One
    query; the person sees only their own attempts."""
    attempts = (
        Attempt.objects.filter(user=user, state=Attempt.State.SUBMITTED)
        .select_related("quiz__activity__course")
        .order_by(
            "quiz__activity__course__position",
            "quiz__activity__course__title",
            "quiz__activity__section__position",
            "quiz__activity__position",
            "number",
        )
    )
    by_course: dict[int, tuple] = {}
    for attempt in attempts:
        course = attempt.quiz.activity.course
        quizzes = by_course.setdefault(course.pk, (course, {}))[1]
        quizzes.setdefault(attempt.quiz_id, []).append(attempt)
    return [
        (
            course,
            [
                {"quiz": q[0].quiz, "count": len(q), "kept": kept_attempt(q[0].quiz, q)}
                for q in quizzes.values()
            ],
        )
        for course, quizzes in by_course.values()
    ]


def results_of(user, course):
    """``user``'s submitted attempts in ``course``'s quizzes, oldest first."""
    return (
        Attempt.objects.filter(
            user=user, quiz__activity__course=course, state=Attempt.State.SUBMITTED
        )
        .select_related("quiz__activity")
        .order_by("submitted_at", "pk")
    )


# --- Glossary ------------------------------------------------------------------


def glossary_entries_visible_to(user, course, *, editor: bool = False):
    """Published entries of ``course``; a producer also sees proposals; a
    candidate also sees their own proposals."""
    entries = GlossaryEntry.objects.filter(course=course)
    if editor:
        return entries
    visible = Q(status=GlossaryEntry.Status.APPROVED)
    if user.is_authenticated:
        visible |= Q(proposed_by=user, status=GlossaryEntry.Status.PROPOSED)
    return entries.filter(visible)


def glossary_letters(entries) -> list[str]:
    return sorted(set(entries.values_list("letter", flat=True).distinct().order_by()))


def glossary_page(entries):
    """The entries to list, with their see-also links (two queries)."""
    return entries.prefetch_related(
        Prefetch(
            "see_also",
            queryset=GlossaryEntry.objects.filter(status=GlossaryEntry.Status.APPROVED).only(
                "pk", "term", "letter"
            ),
        )
    ).order_by("letter", "term", "pk")


def glossary_search(entries, query: str):
    """Full text search in French on PostgreSQL (term weighs more than the
    definition); a plain contains search elsewhere (the SQLite demo)."""
    query = query.strip()
    if not query:
        return entries.none()
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = (
            SearchVector("term", weight="A", config="french")
            + SearchVector("aliases", weight="A", config="french")
            + SearchVector("definition", weight="B", config="french")
        )
        search = SearchQuery(query, config="french", search_type="websearch")
        return (
            entries.annotate(rank=SearchRank(vector, search))
            .filter(Q(rank__gt=0) | Q(term__icontains=query) | Q(aliases__icontains=query))
            .order_by("-rank", "term")
        )
    return entries.filter(
        Q(term__icontains=query) | Q(aliases__icontains=query) | Q(definition__icontains=query)
    ).order_by("term")


# --- Yearly review and error reports ---------------------------------------------


def activities_to_review(user, today: datetime.date):
    """Activities of the courses ``user`` produces that were not reviewed for
    a year or carry an open error report ("À relire")."""
    return _to_review(Activity.objects.filter(course__in=courses_produced_by(user)), today)


def _to_review(activities, today: datetime.date):
    stale = Q(last_reviewed_on__isnull=True) | Q(last_reviewed_on__lte=today - REVIEW_PERIOD)
    open_reports = ErrorReport.objects.filter(
        activity=OuterRef("pk"), status__in=ErrorReport.OPEN_STATUSES
    )
    return (
        activities.annotate(
            open_reports=Count(
                "error_reports", filter=Q(error_reports__status__in=ErrorReport.OPEN_STATUSES)
            )
        )
        .filter(stale | Exists(open_reports))
        .select_related("course", "section")
        .order_by("course__position", "course__title", "section__position", "position", "pk")
    )


def activities_to_review_by_course(today: datetime.date) -> dict[int, list]:
    """{course id: activities to review}, for the monthly reminder."""
    grouped: dict[int, list] = {}
    for activity in _to_review(Activity.objects.all(), today):
        grouped.setdefault(activity.course_id, []).append(activity)
    return grouped


def reports_visible_to(user):
    """Own reports; reports on the courses one produces; all for admins."""
    if not user.is_authenticated:
        return ErrorReport.objects.none()
    if user.is_superuser:
        return ErrorReport.objects.all()
    return ErrorReport.objects.filter(
        Q(reporter=user) | Q(activity__course__in=courses_produced_by(user))
    )


def report_queue(user):
    """Reports ``user`` has to answer (producers, admins), open ones first."""
    return (
        ErrorReport.objects.filter(activity__course__in=courses_produced_by(user))
        .select_related("activity__course", "reporter")
        .annotate(
            closed=Case(When(status__in=ErrorReport.OPEN_STATUSES, then=Value(0)), default=Value(1))
        )
        .order_by("closed", "-created_at")
    )


def readable_course(user, slug):
    return courses_visible_to(user).filter(slug=slug)


# --- Imports ---------------------------------------------------------------------


def moodle_imports_visible_to(user):
    """Reports of the Moodle backups imported into the courses ``user``
    produces (all for admins), newest first, with their course."""
    return (
        MoodleImport.objects.filter(course__in=courses_produced_by(user))
        .select_related("course", "created_by")
        .order_by("-created_at", "-pk")
    )


def embedded_files_visible_to(user):
    """Files shown inside the activities ``user`` may open."""
    return EmbeddedFile.objects.filter(activity__in=activities_visible_to(user))
