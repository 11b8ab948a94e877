"""Reads for tutoring. Every queryset is limited to what ``user`` may see;
the board and candidate page cost a fixed number of queries whatever the
number of candidates, courses or activities."""

import datetime
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils import timezone

from assignments import api as assignments_api
from core.prepared import Prepared
from courses import api as courses_api

from . import risk as risk_module
from .models import Interview, Reminder, Thread, TrainerRequest

Registration = courses_api.Registration
Enrolment = courses_api.Enrolment


def _coordinated(user):
    return Exists(
        courses_api.Preparation.objects.filter(
            courses_api.coordinator_q(user), pk=OuterRef("preparation_id")
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
        courses_api.callisto_q(via="preparation__"), tutor__isnull=False
    )
    if user.is_superuser:
        return registrations
    return registrations.filter(courses_api.tutor_of_record_q(user) | _coordinated(user))


def board_tutors(viewer):
    """Tutors whose board ``viewer`` may open (the tutor picker's choices,
    checked when the board is asked for one of them)."""
    registrations = tutored_registrations_visible_to(viewer).filter(
        status=Registration.Status.ACTIVE
    )
    return (
        get_user_model()
        .objects.filter(Exists(registrations.filter(tutor=OuterRef("pk"))))
        .order_by("last_name", "first_name", "pk")
    )


# Stand-ins for the board's prepared queries (core.prepared): nothing else
# in them is a negative number.
_ANY_USER = -7_340_101
_ANY_IDS = [-7_340_102]


def _scope_rows(is_superuser: bool, user_id: int):
    viewer = get_user_model()(pk=user_id, is_superuser=is_superuser)
    return (
        tutored_registrations_visible_to(viewer)
        .filter(status=Registration.Status.ACTIVE)
        .order_by("tutor__last_name", "tutor__first_name", "tutor_id", "pk")
        .values_list(
            "pk",
            "candidate_id",
            "tutor_id",
            "tutor__username",
            "tutor__first_name",
            "tutor__last_name",
            "tutor__display_name",
        )
    )


# Administrators see every tutor's: their query names no user.
_SCOPE = Prepared(lambda _key, user_id: _scope_rows(False, user_id), [_ANY_USER])
_SCOPE_ALL = Prepared(lambda _key: _scope_rows(True, _ANY_USER), [])


def board_scope(viewer, tutor_id: int | None = None):
    """``(tutors, shown)`` in one query: the tutors whose board ``viewer``
    may open (``board_tutors`` as ``Person``, for the picker), and the
    active registrations the board shows, as (pk, candidate id) pairs: one
    tutor's (``tutor_id``), or by default the viewer's own candidates when
    they tutor any, else every tutor's of what they may see (coordinators,
    administrators)."""
    if not viewer.is_authenticated:
        rows = []
    elif viewer.is_superuser:
        rows = _SCOPE_ALL.rows(None)
    else:
        rows = _SCOPE.rows(None, viewer.pk)
    tutors: dict[int, Person] = {}
    by_tutor: dict[int, list[tuple[int, int]]] = {}
    for pk, candidate_id, tutor, *names in rows:
        if tutor not in tutors:
            tutors[tutor] = Person(tutor, *names)
        by_tutor.setdefault(tutor, []).append((pk, candidate_id))
    if tutor_id is None and viewer.pk in tutors:
        tutor_id = viewer.pk
    if tutor_id is not None:
        shown = by_tutor.get(tutor_id, [])
    else:
        shown = [pair for pairs in by_tutor.values() for pair in pairs]
    return list(tutors.values()), shown


def _board_registrations(registration_ids):
    return Registration.objects.filter(
        pk__any=registration_ids, status=Registration.Status.ACTIVE
    ).order_by("candidate__last_name", "candidate__first_name", "pk")


def board_registrations(shown):
    """The registrations of ``board_scope``'s ``shown`` pairs (still active),
    in the board's order."""
    return _board_registrations([pk for pk, _candidate in shown])


def threads_visible_to(user):
    """Threads of ``user`` as candidate, plus those of the registrations they
    may follow (tutor, coordinator, administrator)."""
    if not user.is_authenticated:
        return Thread.objects.none()
    followed = tutored_registrations_visible_to(user)
    return Thread.objects.filter(
        Q(candidate=user) | Q(registration__in=followed.values("pk"))
    ).select_related("registration", "candidate", "course", "activity", "registration__tutor")


def trainer_requests_visible_to(user):
    """Requests to the trainers ``user`` may read: their own (candidate),
    those they were asked or copied on, those of the candidates they follow
    (``threads_visible_to``); all for administrators."""
    if not user.is_authenticated:
        return TrainerRequest.objects.none()
    if user.is_superuser:
        return TrainerRequest.objects.all()
    return TrainerRequest.objects.filter(
        Q(thread__in=threads_visible_to(user).values("pk")) | Q(trainers=user) | Q(copied=user)
    ).distinct()


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
            courses_api.callisto_q(via="preparation__"),
            candidate=candidate,
            status=Registration.Status.ACTIVE,
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


class Person:
    """The few fields of a user that a board row shows, read as values: a
    board of 40 candidates builds no model instance per row, yet names them
    with the model's own ``get_display_name``."""

    __slots__ = ("display_name", "first_name", "last_login", "last_name", "pk", "username")

    def __init__(self, pk, username, first_name, last_name, display_name, last_login=None):
        self.pk = pk
        self.username = username
        self.first_name = first_name
        self.last_name = last_name
        self.display_name = display_name
        self.last_login = last_login

    def get_full_name(self) -> str:
        return get_user_model().get_full_name(self)

    def get_display_name(self) -> str:
        return get_user_model().get_display_name(self)

    def __str__(self):
        return self.get_display_name()


@dataclass(slots=True)
class WaitingThread:
    """A question waiting for the tutor, as a board row lists it (read as
    values; overdue by the model's own rule)."""

    pk: int
    title: str
    due_on: datetime.date | None

    def is_overdue(self, today=None) -> bool:
        return Thread.is_overdue(self, today)


@dataclass(slots=True)
class WaitingRequest:
    """A request to the trainers waiting for their answer, with its theme."""

    pk: int
    due_on: datetime.date
    thread: WaitingThread
    answered_at: None = None

    def is_overdue(self, today=None) -> bool:
        return TrainerRequest.is_overdue(self, today)


@dataclass
class BoardRow:
    registration_id: int
    candidate: Person
    tutor: Person | None
    registered_at: datetime.datetime
    opens_on: datetime.date
    closes_on: datetime.date
    courses: list[CourseProgress] = field(default_factory=list)
    last_login: datetime.datetime | None = None
    last_activity: datetime.datetime | None = None
    days_without_login: int | None = None
    stats: object = None
    open_threads: list[WaitingThread] = field(default_factory=list)
    # Requests to the trainers still waiting for their answer.
    trainer_requests: list[WaitingRequest] = field(default_factory=list)
    last_reminder_at: datetime.datetime | None = None
    has_interview: bool = False
    risk: risk_module.Risk | None = None

    @property
    def candidate_id(self) -> int:
        return self.candidate.pk

    @property
    def tutor_id(self) -> int | None:
        return self.tutor.pk if self.tutor is not None else None

    @property
    def progress_percent(self) -> int:
        total = sum(c.total for c in self.courses)
        return round(100 * sum(c.done for c in self.courses) / total) if total else 0

    @property
    def overdue_threads(self) -> int:
        return sum(1 for t in self.open_threads if t.is_overdue())


def _latest(queryset, field_name: str):
    """A subquery: the latest ``field_name`` (a date that is never NULL) of
    ``queryset``, filtered on the outer row; NULL when it has no row."""
    return Subquery(queryset.order_by(f"-{field_name}").values(field_name)[:1])


@lru_cache(maxsize=1)
def _head_annotations() -> dict:
    """The subqueries of ``board_row_heads``, built once: ``annotate``
    resolves a copy of each, and building them anew cost as much as
    compiling them."""
    return {
        "last_completion": _latest(
            courses_api.Completion.objects.filter(user_id=OuterRef("candidate_id")), "completed_at"
        ),
        "last_visit": courses_api.last_visit_at("candidate_id"),
        "last_reminder": _latest(
            Reminder.objects.filter(registration_id=OuterRef("pk")), "created_at"
        ),
        "interviewed": Exists(Interview.objects.filter(registration_id=OuterRef("pk"))),
    }


_HEAD_FIELDS = (
    "pk",
    "created_at",
    "preparation__opens_on",
    "preparation__closes_on",
    "candidate_id",
    "candidate__username",
    "candidate__first_name",
    "candidate__last_name",
    "candidate__display_name",
    "candidate__last_login",
    "tutor_id",
    "tutor__username",
    "tutor__first_name",
    "tutor__last_name",
    "tutor__display_name",
    "last_completion",
    "last_visit",
    "last_reminder",
    "interviewed",
)


def _head_rows(registrations):
    return registrations.annotate(**_head_annotations()).values_list(*_HEAD_FIELDS)


_HEADS = Prepared(lambda _key, ids: _head_rows(_board_registrations(ids)), [_ANY_IDS])


def board_row_heads(registrations) -> list[BoardRow]:
    """The start of each board row, in one query whatever their number: who
    (candidate, tutor), when the registration and its preparation began,
    the latest completion, visit and reminder, whether the first interview
    took place. ``registrations`` is a queryset already limited to what the
    viewer may see; its order is kept. ``board_rows`` completes the rows."""
    return _board_row_heads(_head_rows(registrations))


def board_heads(shown) -> list[BoardRow]:
    """``board_row_heads`` of ``board_registrations(shown)``, its query
    compiled once per process."""
    return _board_row_heads(_HEADS.rows(None, [pk for pk, _candidate in shown]))


def _board_row_heads(heads) -> list[BoardRow]:
    rows = []
    for (
        pk,
        created_at,
        opens_on,
        closes_on,
        *candidate,
        tutor_id,
        tutor_username,
        tutor_first_name,
        tutor_last_name,
        tutor_display_name,
        last_completion,
        last_visit,
        last_reminder,
        interviewed,
    ) in heads:
        person = Person(*candidate)
        seen = [t for t in (last_completion, last_visit) if t]
        rows.append(
            BoardRow(
                registration_id=pk,
                candidate=person,
                tutor=Person(
                    tutor_id, tutor_username, tutor_first_name, tutor_last_name, tutor_display_name
                )
                if tutor_id is not None
                else None,
                registered_at=created_at,
                opens_on=opens_on,
                closes_on=closes_on,
                last_login=person.last_login,
                last_activity=max(seen) if seen else None,
                last_reminder_at=last_reminder,
                has_interview=interviewed,
            )
        )
    return rows


def _days_without_login(row: BoardRow, today) -> int | None:
    if row.last_login is not None:
        return (today - timezone.localtime(row.last_login).date()).days
    registered = (today - timezone.localtime(row.registered_at).date()).days
    return None if registered >= settings.TUTORING_INACTIVITY_DAYS else 0


def _enrolment_rows(_key, registration_ids):
    return (
        Enrolment.objects.filter(
            registration_id__any=registration_ids,
            role=Enrolment.Role.CANDIDATE,
            status=Enrolment.Status.ACTIVE,
        )
        .order_by("course__position", "course__title")
        .values_list("registration_id", "course_id", "course__title")
    )


def _waiting_rows(_key, registration_ids):
    """The questions waiting for the tutor, and the themes whose request to
    the trainers waits for its answer."""
    return (
        Thread.objects.filter(registration_id__any=registration_ids)
        .filter(
            Q(status=Thread.Status.OPEN, awaiting_since__isnull=False)
            | Q(trainer_request__isnull=False, trainer_request__answered_at__isnull=True)
        )
        .order_by("due_on", "pk")
        .values_list(
            "pk",
            "registration_id",
            "title",
            "status",
            "awaiting_since",
            "due_on",
            "trainer_request__pk",
            "trainer_request__due_on",
            "trainer_request__answered_at",
        )
    )


_ENROLMENTS = Prepared(_enrolment_rows, [_ANY_IDS])
_WAITING = Prepared(_waiting_rows, [_ANY_IDS])


def board_rows(heads: list[BoardRow], today: datetime.date | None = None) -> list[BoardRow]:
    """Completes the rows of ``board_row_heads`` with everything else the
    board shows (the same objects, returned). Queries, whatever the number
    of candidates: enrolled courses (1), progress (2), submission stats
    (assignments api), open threads (1)."""
    today = today or timezone.localdate()
    if not heads:
        return []
    reg_ids = [r.registration_id for r in heads]
    user_ids = [r.candidate.pk for r in heads]

    enrolments = _ENROLMENTS.rows(None, reg_ids)
    courses_by_reg: dict[int, list[tuple[int, str]]] = {}
    for reg_id, course_id, title in enrolments:
        courses_by_reg.setdefault(reg_id, []).append((course_id, title))
    course_ids = {cid for pairs in courses_by_reg.values() for cid, _t in pairs}
    progress = courses_api.progress_for_users(user_ids, course_ids)
    stats = assignments_api.candidate_submission_stats(user_ids)
    threads: dict[int, list[WaitingThread]] = {}
    requests: dict[int, list[WaitingRequest]] = {}
    # One query: the questions waiting for the tutor, and the themes whose
    # request to the trainers waits for its answer.
    for (
        pk,
        reg_id,
        title,
        status,
        awaiting_since,
        due_on,
        request_pk,
        request_due_on,
        answered_at,
    ) in _WAITING.rows(None, reg_ids):
        thread = WaitingThread(pk, title, due_on)
        if status == Thread.Status.OPEN and awaiting_since is not None:
            threads.setdefault(reg_id, []).append(thread)
        if request_pk is not None and answered_at is None:
            request = WaitingRequest(request_pk, request_due_on, thread)
            requests.setdefault(reg_id, []).append(request)

    for row in heads:
        uid = row.candidate.pk
        for course_id, title in courses_by_reg.get(row.registration_id, []):
            p = progress.get((uid, course_id))
            row.courses.append(
                CourseProgress(course_id, title, p.done if p else 0, p.total if p else 0)
            )
        row.days_without_login = _days_without_login(row, today)
        row.stats = stats.get(uid) or assignments_api.SubmissionStats()
        row.open_threads = threads.get(row.registration_id, [])
        row.trainer_requests = requests.get(row.registration_id, [])
        seen = [t for t in (row.last_login, row.last_activity) if t]
        row.risk = risk_module.assess(
            today=today,
            days_without_login=row.days_without_login,
            progress_percent=row.progress_percent,
            elapsed=risk_module.elapsed_percent(row.opens_on, row.closes_on, today),
            late=row.stats.late,
            last_reminder_at=row.last_reminder_at,
            last_seen_at=max(seen) if seen else None,
        )
    return heads


SORTS = {
    "name": lambda r: (r.candidate.last_name.lower(), r.candidate.first_name.lower()),
    "risk": lambda r: (-r.risk.score, r.candidate.last_name.lower()),
    "progress": lambda r: (r.progress_percent, r.candidate.last_name.lower()),
    "login": lambda r: (
        -(r.days_without_login if r.days_without_login is not None else 10**6),
        r.candidate.last_name.lower(),
    ),
}


def filter_and_sort(
    rows, *, at_risk=False, late=False, inactive_days=None, sort="name", unread=False
):
    if at_risk:
        rows = [r for r in rows if r.risk.at_risk]
    if late:
        rows = [r for r in rows if r.stats.late]
    if unread:
        rows = [r for r in rows if r.stats.unread_feedback]
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
            courses_api.tutor_q(user, via="registration__"),
            status=Thread.Status.OPEN,
            awaiting_since__isnull=False,
        )
        | Q(candidate=user, status=Thread.Status.OPEN)
    ).count()
