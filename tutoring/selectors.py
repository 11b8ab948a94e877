"""Reads for tutoring. Every queryset is limited to what ``user`` may see;
the board and candidate page cost a fixed number of queries whatever the
number of candidates, courses or activities."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.utils import timezone

from assignments import api as assignments_api
from courses import api as courses_api
from courses.models import LastVisit  # not in courses.api yet: latest visit per user

from . import risk as risk_module
from .models import Interview, Reminder, Thread

Registration = courses_api.Registration
Enrolment = courses_api.Enrolment


def _coordinated(user):
    return Exists(
        courses_api.Preparation.objects.filter(
            pk=OuterRef("preparation_id"), centre__coordinators=user
        )
    )


def tutored_registrations_visible_to(user):
    """Registrations of Callisto preparations with a tutor that ``user`` may
    follow: the ones they tutor, every one of their centres for
    coordinators, all for administrators. Any status (withdrawn ones stay
    readable; the board keeps only active ones)."""
    if not user.is_authenticated:
        return Registration.objects.none()
    registrations = Registration.objects.filter(
        preparation__mode=courses_api.Preparation.Mode.CALLISTO, tutor__isnull=False
    )
    if user.is_superuser:
        return registrations
    return registrations.filter(Q(tutor=user) | _coordinated(user))


def board_registrations(viewer, tutor_id: int | None = None):
    """Active registrations shown on a board: one tutor's (``tutor_id``), or
    by default the viewer's own candidates when they tutor any, else every
    tutor's of what they may see (coordinators, administrators)."""
    registrations = tutored_registrations_visible_to(viewer).filter(
        status=Registration.Status.ACTIVE
    )
    if tutor_id is not None:
        registrations = registrations.filter(tutor_id=tutor_id)
    elif registrations.filter(tutor=viewer).exists():
        registrations = registrations.filter(tutor=viewer)
    return registrations.select_related("candidate", "tutor", "preparation").order_by(
        "candidate__last_name", "candidate__first_name", "pk"
    )


def board_tutors(viewer):
    """Tutors whose board ``viewer`` may open (for the tutor picker)."""
    from django.contrib.auth import get_user_model

    registrations = tutored_registrations_visible_to(viewer).filter(
        status=Registration.Status.ACTIVE
    )
    return (
        get_user_model()
        .objects.filter(Exists(registrations.filter(tutor=OuterRef("pk"))))
        .order_by("last_name", "first_name", "pk")
    )


def threads_visible_to(user):
    """Threads of ``user`` as candidate, plus those of the registrations they
    may follow (tutor, coordinator, administrator)."""
    if not user.is_authenticated:
        return Thread.objects.none()
    followed = tutored_registrations_visible_to(user)
    return Thread.objects.filter(
        Q(candidate=user) | Q(registration__in=followed.values("pk"))
    ).select_related("registration", "candidate", "course", "activity", "registration__tutor")


def reminders_visible_to(user):
    """Reminders of the registrations ``user`` follows (never the candidate's
    own list: they received them by email)."""
    return Reminder.objects.filter(
        registration__in=tutored_registrations_visible_to(user).values("pk")
    )


def tutoring_registration_for(candidate):
    """The active Callisto registration with a tutor through which
    ``candidate`` may ask questions, or None (regional preparation, no tutor,
    withdrawn or finished)."""
    if not candidate.is_authenticated:
        return None
    return (
        Registration.objects.filter(
            candidate=candidate,
            status=Registration.Status.ACTIVE,
            preparation__mode=courses_api.Preparation.Mode.CALLISTO,
            tutor__isnull=False,
        )
        .select_related("tutor", "preparation")
        .order_by("-created_at", "-pk")
        .first()
    )


def candidate_courses(registration):
    return courses_api.Course.objects.filter(
        enrolments__registration=registration,
        enrolments__status=Enrolment.Status.ACTIVE,
    ).order_by("position", "title")


# --- Board ---------------------------------------------------------------------


@dataclass
class CourseProgress:
    course_id: int
    title: str
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


@dataclass
class BoardRow:
    registration: object
    candidate: object
    courses: list[CourseProgress] = field(default_factory=list)
    last_login: datetime.datetime | None = None
    last_activity: datetime.datetime | None = None
    days_without_login: int | None = None
    stats: object = None
    open_threads: list = field(default_factory=list)
    last_reminder_at: datetime.datetime | None = None
    has_interview: bool = False
    risk: risk_module.Risk | None = None

    @property
    def progress_percent(self) -> int:
        total = sum(c.total for c in self.courses)
        return round(100 * sum(c.done for c in self.courses) / total) if total else 0

    @property
    def overdue_threads(self) -> int:
        return sum(1 for t in self.open_threads if t.is_overdue())


def _days_without_login(candidate, registration, today) -> int | None:
    if candidate.last_login is not None:
        return (today - timezone.localtime(candidate.last_login).date()).days
    registered = (today - timezone.localtime(registration.created_at).date()).days
    return None if registered >= settings.TUTORING_INACTIVITY_DAYS else 0


def board_rows(registrations, today: datetime.date | None = None) -> list[BoardRow]:
    """One row per registration, with everything the board shows. Queries,
    whatever the number of candidates: enrolled courses (1), progress (2),
    latest completion (1), latest visit (1), submission stats (assignments
    api), open threads (1), latest reminder (1), interviews (1)."""
    today = today or timezone.localdate()
    registrations = list(registrations)
    if not registrations:
        return []
    reg_ids = [r.pk for r in registrations]
    user_ids = [r.candidate_id for r in registrations]

    enrolments = (
        Enrolment.objects.filter(
            registration_id__in=reg_ids,
            role=Enrolment.Role.CANDIDATE,
            status=Enrolment.Status.ACTIVE,
        )
        .order_by("course__position", "course__title")
        .values_list("registration_id", "course_id", "course__title")
    )
    courses_by_reg: dict[int, list[tuple[int, str]]] = {}
    for reg_id, course_id, title in enrolments:
        courses_by_reg.setdefault(reg_id, []).append((course_id, title))
    course_ids = {cid for pairs in courses_by_reg.values() for cid, _t in pairs}
    progress = courses_api.progress_for_users(user_ids, course_ids)

    completed = dict(
        courses_api.Completion.objects.filter(user_id__in=user_ids)
        .values("user_id")
        .annotate(last=Max("completed_at"))
        .values_list("user_id", "last")
    )
    visited = dict(
        LastVisit.objects.filter(user_id__in=user_ids)
        .values("user_id")
        .annotate(last=Max("visited_at"))
        .values_list("user_id", "last")
    )
    stats = assignments_api.candidate_submission_stats(user_ids)
    threads: dict[int, list[Thread]] = {}
    for thread in Thread.objects.filter(
        registration_id__in=reg_ids, status=Thread.Status.OPEN, awaiting_since__isnull=False
    ).order_by("due_on", "pk"):
        threads.setdefault(thread.registration_id, []).append(thread)
    reminded = dict(
        Reminder.objects.filter(registration_id__in=reg_ids)
        .values("registration_id")
        .annotate(last=Max("created_at"))
        .values_list("registration_id", "last")
    )
    interviewed = set(
        Interview.objects.filter(registration_id__in=reg_ids).values_list(
            "registration_id", flat=True
        )
    )

    rows = []
    for registration in registrations:
        candidate = registration.candidate
        uid = candidate.pk
        row = BoardRow(registration=registration, candidate=candidate)
        for course_id, title in courses_by_reg.get(registration.pk, []):
            p = progress.get((uid, course_id))
            row.courses.append(
                CourseProgress(course_id, title, p.done if p else 0, p.total if p else 0)
            )
        row.last_login = candidate.last_login
        activity_times = [t for t in (completed.get(uid), visited.get(uid)) if t]
        row.last_activity = max(activity_times) if activity_times else None
        row.days_without_login = _days_without_login(candidate, registration, today)
        row.stats = stats.get(uid) or assignments_api.SubmissionStats()
        row.open_threads = threads.get(registration.pk, [])
        row.last_reminder_at = reminded.get(registration.pk)
        row.has_interview = registration.pk in interviewed
        seen = [t for t in (row.last_login, row.last_activity) if t]
        preparation = registration.preparation
        row.risk = risk_module.assess(
            today=today,
            days_without_login=row.days_without_login,
            progress_percent=row.progress_percent,
            elapsed=risk_module.elapsed_percent(preparation.opens_on, preparation.closes_on, today),
            late=row.stats.late,
            last_reminder_at=row.last_reminder_at,
            last_seen_at=max(seen) if seen else None,
        )
        rows.append(row)
    return rows


SORTS = {
    "name": lambda r: (r.candidate.last_name.lower(), r.candidate.first_name.lower()),
    "risk": lambda r: (-r.risk.score, r.candidate.last_name.lower()),
    "progress": lambda r: (r.progress_percent, r.candidate.last_name.lower()),
    "login": lambda r: (
        -(r.days_without_login if r.days_without_login is not None else 10**6),
        r.candidate.last_name.lower(),
    ),
}


def filter_and_sort(rows, *, at_risk=False, late=False, inactive_days=None, sort="name"):
    if at_risk:
        rows = [r for r in rows if r.risk.at_risk]
    if late:
        rows = [r for r in rows if r.stats.late]
    if inactive_days is not None:
        rows = [
            r for r in rows if r.days_without_login is None or r.days_without_login >= inactive_days
        ]
    return sorted(rows, key=SORTS.get(sort, SORTS["name"]))


# --- Candidate page -------------------------------------------------------------


@dataclass
class SectionProgress:
    section_id: int
    title: str
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def section_progress(registration) -> dict[int, list[SectionProgress]]:
    """{course id: [SectionProgress]} for the candidate's active courses, in
    one aggregate query."""
    candidate_id = registration.candidate_id
    rows = (
        courses_api.Activity.objects.filter(
            is_visible=True,
            course__enrolments__registration=registration,
            course__enrolments__status=Enrolment.Status.ACTIVE,
        )
        .exclude(completion_rule=courses_api.Activity.CompletionRule.NONE)
        .values("course_id", "section_id", "section__title", "section__position")
        .annotate(
            total=Count("pk", distinct=True),
            done=Count(
                "completions",
                filter=Q(completions__user_id=candidate_id),
                distinct=True,
            ),
        )
        .order_by("course_id", "-section__is_essential", "section__position", "section_id")
    )
    result: dict[int, list[SectionProgress]] = {}
    for row in rows:
        result.setdefault(row["course_id"], []).append(
            SectionProgress(row["section_id"], row["section__title"], row["done"], row["total"])
        )
    return result


def open_questions_count(user) -> int:
    """Threads waiting for ``user``'s answer as tutor, plus ``user``'s own open
    threads as candidate (one query)."""
    if not user.is_authenticated:
        return 0
    return Thread.objects.filter(
        Q(
            registration__tutor=user,
            registration__status=Registration.Status.ACTIVE,
            status=Thread.Status.OPEN,
            awaiting_since__isnull=False,
        )
        | Q(candidate=user, status=Thread.Status.OPEN)
    ).count()
