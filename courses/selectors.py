"""Reads about courses: every queryset here returns only what ``user`` may see."""

import datetime
from dataclasses import dataclass, field
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    FilteredRelation,
    OuterRef,
    Q,
    Value,
)
from django.utils import timezone

from core import fragments
from core.prepared import Prepared

from . import relations
from .models import Activity, Completion, Course, Enrolment, LastVisit, Preparation, Registration
from .relations import STAFF_ROLES


def _enrolled(user):
    """``user`` has an active enrolment in the outer course, or tutors an
    active candidate of it. Two EXISTS rather than one over an OR across the
    registration join, which made PostgreSQL scan every active enrolment of
    the course (1.2 -> 0.4 ms at 1,500 candidates)."""
    active = Enrolment.objects.filter(course=OuterRef("pk"), status=Enrolment.Status.ACTIVE)
    return Exists(active.filter(user=user)) | Exists(
        active.filter(relations.tutor_q(user, via="registration__"))
    )


def _staff_enrolments(user):
    return relations.staff_enrolments(STAFF_ROLES, user=user)


def courses_visible_to(user, *, edit_flag: bool = False):
    """Courses ``user`` may read: their active enrolments (any role; a
    withdrawn or finished candidate keeps read access, see
    docs/decisions/0001-withdrawn-candidates-access.md), the courses of the
    candidates they tutor, everything for administrators. Hidden courses only
    for their trainers and producers.

    ``edit_flag=True`` also marks each course with ``user_edits`` (whether
    ``user`` may edit it, as ``courses_edited_by``) and ``edit_flag_user``:
    ``activities_visible_to(user, course)`` then needs no subquery."""
    if not user.is_authenticated:
        return Course.objects.none()
    if user.is_superuser:
        courses = Course.objects.all()
        edits = Value(True, output_field=BooleanField())
    else:
        staff = Exists(_staff_enrolments(user).filter(course=OuterRef("pk")))
        courses = Course.objects.filter(_enrolled(user)).filter(Q(is_visible=True) | staff)
        edits = staff
    if edit_flag:
        courses = courses.annotate(user_edits=edits, edit_flag_user=Value(user.pk))
    return courses


# Stand-ins for the queries compiled once per process (core.prepared): a
# user id, the moment, ids of a list; nothing else in them is negative.
_ANY_USER = -7_350_001
_ANY_MOMENT = datetime.datetime(1901, 3, 4, 5, 6, 7, tzinfo=datetime.UTC)
_ANY_IDS = [-7_351_000]
_ANY_COURSE = -7_340_034
_COURSE_FIELDS = [f.attname for f in Course._meta.concrete_fields]


def _stand_in_user(is_superuser: bool, pk: int | None):
    """An unsaved user for compiling the queries of any user of this kind
    (the rules branch on ``is_superuser`` only)."""
    return get_user_model()(pk=pk, is_superuser=is_superuser)


def _courses(rows, extra: tuple[str, ...] = ()) -> list[Course]:
    """Courses from rows of ``_COURSE_FIELDS`` followed by ``extra``
    annotations, as the ORM would make them."""
    db, split, courses = Course.objects.db, len(_COURSE_FIELDS), []
    for row in rows:
        course = Course.from_db(db, _COURSE_FIELDS, row[:split])
        for name, value in zip(extra, row[split:], strict=True):
            setattr(course, name, value)
        courses.append(course)
    return courses


def _readable_rows(is_superuser: bool, user_id: int | None = None):
    # ``edit_flag_user`` is the user's id: set on the courses, not read.
    user = _stand_in_user(is_superuser, user_id)
    return courses_visible_to(user, edit_flag=True).values_list(*_COURSE_FIELDS, "user_edits")


# Keyed on is_superuser: an administrator reads every course, whoever they are.
# Compiled once per process: building and compiling the rule's four EXISTS
# cost about 2 ms of every page that builds the map below.
_READABLE = Prepared(_readable_rows, lambda is_superuser: [] if is_superuser else [_ANY_USER])


def _readable_from_db(user) -> list[Course]:
    """``courses_visible_to(user, edit_flag=True)``, evaluated: one query,
    compiled once per process (``core.prepared``; the ORM's own path off
    PostgreSQL)."""
    rows = _READABLE.rows(True) if user.is_superuser else _READABLE.rows(False, user.pk)
    courses = _courses(rows, ("user_edits",))
    for course in courses:
        course.edit_flag_user = user.pk
    return courses


def _readable_by_slug(user) -> dict[str, Course]:
    """{slug: course} of ``courses_visible_to(user, edit_flag=True)``, in
    course order, kept in the cache until one of the user's rows or the
    content changes (core/fragments.py, as the forum rights are). Any
    enrolment, registration, course or user change renews it at once."""
    if not user.is_authenticated:
        return {}

    def build() -> dict[str, Course]:
        return {course.slug: course for course in _readable_from_db(user)}

    return fragments.cached_value(
        "courses.readable", [fragments.user_scope(user), fragments.CONTENT], build, vary=[user.pk]
    )


def readable_courses(user) -> list[Course]:
    """The courses ``user`` may read (``courses_visible_to``), in course
    order, each marked with its edit flag; from the cached map, so no query
    once it is built."""
    return list(_readable_by_slug(user).values())


def course_visible_to(user, slug: str) -> Course | None:
    """The course ``slug`` if ``user`` may read it, marked with its edit
    flag, else None: a course page checks access without a query once the
    user's map of readable courses is built."""
    return _readable_by_slug(user).get(slug)


def courses_edited_by(user):
    """Courses whose content ``user`` may edit (producers, trainers, admins)."""
    if not user.is_authenticated:
        return Course.objects.none()
    if user.is_superuser:
        return Course.objects.all()
    return Course.objects.filter(Exists(_staff_enrolments(user).filter(course=OuterRef("pk"))))


def _shown_to_readers(now) -> Q:
    """Activities open to the readers of their course: visible, and
    available (no date, or the date has come)."""
    return Q(is_visible=True, available_from__isnull=True) | Q(
        is_visible=True, available_from__lte=now
    )


def activities_visible_to(user, course: Course | None = None):
    """Activities ``user`` may open: visible and available ones of the
    courses they read; all of them in the courses they edit."""
    now = timezone.now()
    if course is not None and getattr(course, "edit_flag_user", None) == user.pk:
        # ``course`` comes from courses_visible_to(user, edit_flag=True): it
        # is readable and we know whether ``user`` edits it, which spares
        # two nested subqueries (2.7 ms of a 60-activity course page).
        activities = Activity.objects.filter(course=course)
        return activities if course.user_edits else activities.filter(_shown_to_readers(now))
    editable = courses_edited_by(user)
    readable = courses_visible_to(user)
    activities = Activity.objects.filter(course__in=readable)
    if course is not None:
        activities = activities.filter(course=course)
    return activities.filter(_shown_to_readers(now) | Q(course__in=editable))


def tracking_registration(user, course: Course):
    """The active registration through which ``user`` is a candidate of
    ``course`` (None when they cannot tick or hand in anything there)."""
    return (
        Registration.objects.filter(
            candidate=user,
            status=Registration.Status.ACTIVE,
            enrolments__course=course,
            enrolments__status=Enrolment.Status.ACTIVE,
        )
        .order_by("pk")
        .first()
    )


def registrations_visible_to(user):
    """Registrations ``user`` may see: their own, the ones they tutor, their
    centres' ones for coordinators, all for administrators."""
    if not user.is_authenticated:
        return Registration.objects.none()
    if user.is_superuser:
        return Registration.objects.all()
    return Registration.objects.filter(
        Q(candidate=user)
        | relations.tutor_q(user)
        | relations.coordinator_q(user, via="preparation__centre__")
    ).distinct()


def courses_trained_by(user):
    """Courses ``user`` teaches (``relations.courses_of_trainer``); every
    course for administrators."""
    return relations.courses_of_trainer(user)


def trainers_of(course: Course):
    """The active trainers of ``course`` (``relations.trainers_of``)."""
    return relations.trainers_of(course)


@dataclass(frozen=True)
class Progress:
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def _tracked_activities():
    return Activity.objects.filter(is_visible=True).exclude(
        completion_rule=Activity.CompletionRule.NONE
    )


def _progress_rows(_key, user_id, course_ids):
    # The user's completions are joined on (activity, user), through the
    # unique index, instead of every candidate's completions being joined
    # and then filtered: 16 ms -> under 1 ms at 60,000 completions.
    return (
        _tracked_activities()
        .filter(course_id__any=course_ids)
        .order_by()
        .annotate(mine=FilteredRelation("completions", condition=Q(completions__user_id=user_id)))
        .values("course_id")
        .annotate(total=Count("pk"), done=Count("mine"))
        .values_list("course_id", "total", "done")
    )


_PROGRESS = Prepared(_progress_rows, [_ANY_USER, _ANY_IDS])


def progress_by_course(user, course_ids) -> dict[int, Progress]:
    """{course id: Progress} for ``user``, in one aggregate query (compiled
    once per process, ``core.prepared``)."""
    course_ids = list(course_ids)
    progress = {course_id: Progress(0, 0) for course_id in course_ids}
    if course_ids:
        for course_id, total, done in _PROGRESS.rows(None, user.pk, course_ids):
            progress[course_id] = Progress(done, total)
    return progress


def _course_totals(_key, course_ids):
    return (
        _tracked_activities()
        .filter(course_id__any=course_ids)
        .order_by()
        .values("course_id")
        .annotate(total=Count("pk"))
        .values_list("course_id", "total")
    )


def _users_done(_key, user_ids, course_ids):
    # One join (completion to activity) instead of a subquery of the
    # tracked activities and a join for their course.
    return (
        Completion.objects.filter(
            user_id__any=user_ids,
            activity__course_id__any=course_ids,
            activity__is_visible=True,
        )
        .exclude(activity__completion_rule=Activity.CompletionRule.NONE)
        .order_by()
        .values("user_id", "activity__course_id")
        .annotate(done=Count("pk"))
        .values_list("user_id", "activity__course_id", "done")
    )


# Stand-ins (core.prepared): no other negative number in these queries.
_ANY_USERS = [-7_340_201]
_ANY_COURSES = [-7_340_202]
_COURSE_TOTALS = Prepared(_course_totals, [_ANY_COURSES])
_USERS_DONE = Prepared(_users_done, [_ANY_USERS, _ANY_COURSES])


def progress_for_users(user_ids, course_ids) -> dict[tuple[int, int], Progress]:
    """{(user id, course id): Progress} for many users, in two queries
    (tutor boards, coordinators' lists), compiled once per process."""
    user_ids, course_ids = list(user_ids), list(course_ids)
    totals = dict(_COURSE_TOTALS.rows(None, course_ids))
    done_map = {
        (user_id, course_id): done
        for user_id, course_id, done in _USERS_DONE.rows(None, user_ids, course_ids)
    }
    return {
        (uid, cid): Progress(done_map.get((uid, cid), 0), totals.get(cid, 0))
        for uid in user_ids
        for cid in course_ids
    }


# --- Pages: dashboard, "Mes cours", course page ---------------------------------


@dataclass
class CourseCard:
    """One course as a user meets it on the dashboard or "Mes cours": their
    role there, the registration it comes from (candidates) and their
    progress (candidates only)."""

    course: Course
    role: str  # Enrolment.Role value, or "tutor"
    registration: Registration | None = None
    progress: Progress | None = None

    @property
    def is_candidate(self) -> bool:
        return self.role == Enrolment.Role.CANDIDATE

    @property
    def is_read_only(self) -> bool:
        return self.is_candidate and not self.registration.is_active

    @property
    def role_label(self) -> str:
        return str(Enrolment.Role(self.role).label)


@dataclass
class Overview:
    """Everything the dashboard and "Mes cours" show about a user's courses."""

    cards: list[CourseCard]
    tutored_courses: list[Course]
    # {centre id: its active coordinators}, for ``contacts``.
    coordinators: dict[int, list["Coordinator"]] = field(default_factory=dict)

    @property
    def candidate_cards(self) -> list[CourseCard]:
        return [card for card in self.cards if card.is_candidate]

    @property
    def staff_cards(self) -> list[CourseCard]:
        return [card for card in self.cards if not card.is_candidate]

    def contacts(self) -> list["Contacts"]:
        """Who the candidate turns to, per registration (see ``Contacts``)."""
        return [
            Contacts.of(r, self.coordinators.get(r.preparation.centre_id, []))
            for r in self.registrations
        ]

    @property
    def registrations(self) -> list[Registration]:
        """The user's registrations (as a candidate), each once, in order."""
        seen: dict[int, Registration] = {}
        for card in self.candidate_cards:
            seen.setdefault(card.registration.pk, card.registration)
        return list(seen.values())

    def by_registration(self) -> list[tuple[Registration, list[CourseCard]]]:
        return [
            (registration, [c for c in self.candidate_cards if c.registration == registration])
            for registration in self.registrations
        ]

    @property
    def is_trainer(self) -> bool:
        return any(card.role == Enrolment.Role.TRAINER for card in self.cards)

    @property
    def is_producer(self) -> bool:
        return any(card.role == Enrolment.Role.PRODUCER for card in self.cards)

    @property
    def course_ids(self) -> list[int]:
        ids = [card.course.pk for card in self.cards] + [c.pk for c in self.tutored_courses]
        return list(dict.fromkeys(ids))

    def unique_candidate_cards(self) -> list[CourseCard]:
        """One card per course (a course may come from two preparations)."""
        cards: dict[int, CourseCard] = {}
        for card in self.candidate_cards:
            current = cards.get(card.course.pk)
            if current is None or (card.registration.is_active and current.is_read_only):
                cards[card.course.pk] = card
        return list(cards.values())


@dataclass(frozen=True)
class Coordinator:
    """A responsable pédagogique as the contacts name them, read as a row
    (``overview_for``): the dashboard needs their name, not a user model."""

    pk: int
    first_name: str
    last_name: str
    display_name: str
    username: str

    def get_display_name(self) -> str:
        """As ``User.get_display_name``."""
        full_name = f"{self.first_name} {self.last_name}".strip()
        return self.display_name or full_name or self.username


@dataclass
class Contacts:
    """The candidate's contacts for one registration: the responsables
    pédagogiques (the active coordinators of the preparation's centre), the
    centre and its contact address, and, in a Callisto preparation only, the
    tutor. The route to the coordinators is the support form
    ("Signaler une difficulté / demander un entretien") and the centre's
    address; their own addresses are not shown."""

    registration: Registration
    coordinators: list
    centre_name: str
    contact_email: str
    tutor: object | None

    @property
    def coordinator_names(self) -> str:
        return ", ".join(person.get_display_name() for person in self.coordinators)

    @classmethod
    def of(cls, registration: Registration, coordinators: list | None = None) -> "Contacts":
        """``coordinators``: the centre's active ones, when the caller read
        them (``overview_for``); otherwise read here."""
        preparation = registration.preparation
        centre = preparation.centre
        tutor = registration.tutor
        if coordinators is None:
            coordinators = [u for u in centre.coordinators.all() if u.is_active]
        return cls(
            registration=registration,
            coordinators=sorted(coordinators, key=lambda u: (u.last_name, u.first_name, u.pk)),
            centre_name=centre.name,
            contact_email=centre.contact_email,
            tutor=tutor if preparation.has_tutors and tutor and tutor.is_active else None,
        )


def _coordinator_rows(_key, centre_ids):
    return (
        get_user_model()
        .objects.filter(is_active=True, coordinated_centres__any=centre_ids)
        .order_by("last_name", "first_name", "pk")
        .values_list(
            "coordinated_centres",
            *("pk", "first_name", "last_name", "display_name", "username"),
        )
    )


_COORDINATORS = Prepared(_coordinator_rows, [_ANY_IDS])


def _coordinators_of(centre_ids) -> dict[int, list[Coordinator]]:
    """{centre id: its active coordinators}, as rows in one query (a
    prefetch of the users cost twice as much on the dashboard)."""
    if not centre_ids:
        return {}
    centre_ids = list(centre_ids)
    coordinators: dict[int, list[Coordinator]] = {}
    for centre_id, *person in _COORDINATORS.rows(None, centre_ids):
        coordinators.setdefault(centre_id, []).append(Coordinator(*person))
    return coordinators


def _overview_parts():
    """(model, path from the enrolment, relation to set on the part above)
    of the rows ``overview_for`` reads in place of ``select_related``."""
    centre = Preparation._meta.get_field("centre").related_model
    return (
        (Enrolment, "", None),
        (Course, "course__", (0, "course")),
        (Registration, "registration__", (0, "registration")),
        (Preparation, "registration__preparation__", (2, "preparation")),
        (centre, "registration__preparation__centre__", (3, "centre")),
        (get_user_model(), "registration__tutor__", (2, "tutor")),
    )


# The parts ``candidate_enrolments`` reads (see ``_overview_parts``).
_CANDIDATE_PARTS = (
    (Enrolment, "", None),
    (Registration, "registration__", (0, "registration")),
    (Preparation, "registration__preparation__", (1, "preparation")),
)


def _joined_fields(parts) -> list[str]:
    """The columns of each part, for ``values_list`` (``_joined_models``)."""
    return [f"{path}{f.attname}" for model, path, _ in parts for f in model._meta.concrete_fields]


def _joined_models(parts, rows) -> list:
    """The first part's instances of ``rows`` (``_joined_fields(parts)``),
    each with the parts below it set as ``select_related`` sets them."""
    layout: list[tuple] = []
    start = 0
    for model, _path, parent in parts:
        names = [f.attname for f in model._meta.concrete_fields]
        relation = None
        if parent is not None:
            relation = (parent[0], layout[parent[0]][0]._meta.get_field(parent[1]))
        pk_at = start + names.index(model._meta.pk.attname)
        layout.append((model, names, start, start + len(names), pk_at, relation))
        start += len(names)
    found = []
    for row in rows:
        made: list = []
        for model, names, begin, end, pk_at, relation in layout:
            if relation is not None and made[relation[0]] is None:
                made.append(None)  # below a missing registration
                continue
            instance = None
            if row[pk_at] is not None:
                instance = model.from_db(model.objects.db, names, row[begin:end])
            if relation is not None:
                relation[1].set_cached_value(made[relation[0]], instance)
            made.append(instance)
        found.append(made[0])
    return found


def _enrolment_rows(key, user_id):
    return (
        Enrolment.objects.filter(user_id=user_id, status=Enrolment.Status.ACTIVE)
        .filter(Q(course__is_visible=True) | Q(role__in=STAFF_ROLES))
        .order_by("course__position", "course__title", "pk")
        .values_list(*_joined_fields(_overview_parts()))
    )


_ENROLMENTS = Prepared(_enrolment_rows, [_ANY_USER])


def _tutored_rows(key, user_id):
    return (
        relations.courses_of_tutor(_stand_in_user(False, user_id))
        .filter(is_visible=True)
        .order_by("position", "title")
        .values_list(*_COURSE_FIELDS)
    )


_TUTORED = Prepared(_tutored_rows, [_ANY_USER])


def overview_for(user) -> Overview:
    """The courses ``user`` takes part in, with their role and progress.
    Four queries whatever the number of courses, each compiled once per
    process (``core.prepared``): enrolments (with course, registration,
    preparation, centre and tutor), the coordinators of those centres (the
    candidate's contacts), courses of the candidates they tutor, progress
    (one aggregate)."""
    if not user.is_authenticated:
        return Overview(cards=[], tutored_courses=[])
    enrolments = _joined_models(_overview_parts(), _ENROLMENTS.rows(None, user.pk))
    coordinators = _coordinators_of(
        {e.registration.preparation.centre_id for e in enrolments if e.registration_id}
    )
    tutored = _courses(_TUTORED.rows(None, user.pk))
    cards = [CourseCard(e.course, e.role, e.registration) for e in enrolments]
    candidate_ids = {card.course.pk for card in cards if card.is_candidate}
    if candidate_ids:
        progress = progress_by_course(user, candidate_ids)
        for card in cards:
            if card.is_candidate:
                card.progress = progress[card.course.pk]
    return Overview(cards=cards, tutored_courses=tutored, coordinators=coordinators)


@dataclass(frozen=True)
class Resume:
    """The activity to resume on the dashboard ("Reprendre"), as a row."""

    activity_id: int
    activity_title: str
    course_slug: str
    course_title: str
    visited_at: object


def _last_visit_rows(_key, user_id, now, course_ids):
    return (
        LastVisit.objects.filter(
            user_id=user_id, course_id__any=course_ids, activity__is_visible=True
        )
        .filter(Q(activity__available_from__isnull=True) | Q(activity__available_from__lte=now))
        .order_by("-visited_at")
        .values_list(
            *("activity_id", "activity__title", "course__slug", "course__title", "visited_at")
        )[:1]
    )


_LAST_VISIT = Prepared(_last_visit_rows, [_ANY_USER, _ANY_MOMENT, _ANY_IDS])


def last_visit_for(user, course_ids) -> Resume | None:
    """The activity ``user`` opened last among ``course_ids`` ("Reprendre"),
    if it is still open to candidates; one query, read as a row (compiled
    once per process), none without a course."""
    course_ids = list(course_ids)
    if not course_ids:
        return None
    rows = _LAST_VISIT.rows(None, user.pk, timezone.now(), course_ids)
    return Resume(*rows[0]) if rows else None


def _candidate_enrolment_rows(_key, user_id: int, course_id: int):
    """``candidate_enrolments`` as rows (``_CANDIDATE_PARTS``)."""
    return (
        Enrolment.objects.filter(
            user_id=user_id, course_id=course_id, role=Enrolment.Role.CANDIDATE
        )
        .exclude(status=Enrolment.Status.SUSPENDED)
        .order_by("pk")
        .values_list(*_joined_fields(_CANDIDATE_PARTS))
    )


# Compiled once per process (core.prepared): a cold course page and each
# activity page read them.
_CANDIDATE_ENROLMENTS = Prepared(_candidate_enrolment_rows, [_ANY_USER, _ANY_COURSE])


def candidate_enrolments(user, course: Course) -> list[Enrolment]:
    """``user``'s candidate enrolments in ``course`` with their registration
    and its preparation, the one they may act through first; one query."""
    rows = _CANDIDATE_ENROLMENTS.rows(None, user.pk, course.pk)
    enrolments = _joined_models(_CANDIDATE_PARTS, rows)
    enrolments.sort(key=lambda e: not e.registration.is_active)
    return enrolments


# The order in which a course shows its activities: "Les incontournables"
# first, then the sections in order.
ACTIVITY_ORDER = ("-section__is_essential", "section__position", "section_id", "position", "pk")


def course_outline(user, course: Course, *, as_reader: bool = False):
    """[(section, [activity, ...]), ...] of what ``user`` may open in
    ``course``, "Les incontournables" first; empty sections are left out.
    ``as_reader``: only what its candidates see today (the studio's preview
    as a candidate). Two queries."""
    sections = list(course.sections.all())
    activities = activities_visible_to(user, course)
    if as_reader:
        activities = activities.filter(_shown_to_readers(timezone.now()))
    activities = list(activities.order_by(*ACTIVITY_ORDER))
    by_section: dict[int, list[Activity]] = {}
    for activity in activities:
        by_section.setdefault(activity.section_id, []).append(activity)
    return [(s, by_section[s.pk]) for s in sections if s.pk in by_section]


# Rows as named tuples: cheaper to build than frozen dataclasses, read the
# same way (section.pk, activity.title).
class OutlineSection(NamedTuple):
    pk: int
    title: str
    summary: str
    is_essential: bool


class OutlineActivity(NamedTuple):
    pk: int
    title: str
    kind: str
    completion_rule: str
    is_visible: bool


def _page_rows(edits: bool, course_id: int, user_id: int | None = None):
    """The rows of ``course_page_rows``: every activity of the course for
    those who edit it (``edits``), its visible ones otherwise, with their
    section; and whether ``user_id`` completed each one (False without)."""
    activities = Activity.objects.filter(course_id=course_id)
    if not edits:
        activities = activities.filter(is_visible=True)
    if user_id is None:
        done = Value(False, output_field=BooleanField())
    else:
        done = Exists(Completion.objects.filter(user_id=user_id, activity=OuterRef("pk")))
    return activities.order_by(*ACTIVITY_ORDER).values_list(
        *("section_id", "section__title", "section__summary", "section__is_essential"),
        *("pk", "title", "kind", "completion_rule", "is_visible", "available_from"),
        done,
    )


# Compiled once per process, keyed on ``edits``: building the query cost
# about 1 ms of each cold course page.
_PAGE_ROWS = Prepared(_page_rows, [_ANY_COURSE])
_PAGE_ROWS_DONE = Prepared(_page_rows, [_ANY_COURSE, _ANY_USER])


@dataclass(frozen=True)
class CoursePage:
    """What a course page shows of its activities (``course_page_rows``)."""

    sections: list[tuple[OutlineSection, list[OutlineActivity]]]
    done: set[int]
    progress: Progress | None


def course_page_rows(user, course: Course, *, as_candidate: bool) -> CoursePage:
    """The outline of ``course`` for ``user`` (as ``course_outline``), read
    as plain rows with their sections in one query; ``as_candidate`` also
    marks what ``user`` completed and counts their progress (as
    ``completed_ids`` and ``progress_by_course``) from the same rows,
    which then include the visible activities not open yet: 5 queries and
    no model instance fewer than the three selectors, for a 60-activity
    course. ``course`` comes from ``course_visible_to`` (its edit flag)."""
    if getattr(course, "edit_flag_user", None) != user.pk:
        raise ValueError("course_page_rows needs a course from course_visible_to(user)")
    now = timezone.now()
    if as_candidate:
        rows = _PAGE_ROWS_DONE.rows(course.user_edits, course.pk, user.pk)
    else:
        rows = _PAGE_ROWS.rows(course.user_edits, course.pk)
    sections: list[tuple[OutlineSection, list[OutlineActivity]]] = []
    done_ids: set[int] = set()
    tracked = completed = 0
    for row in rows:
        sid, s_title, s_summary, essential, pk, title, kind, rule, visible, available, is_done = row
        if visible and rule != Activity.CompletionRule.NONE:
            tracked += 1
            completed += is_done
        if is_done:
            done_ids.add(pk)
        if not course.user_edits and available is not None and available > now:
            continue
        if not sections or sections[-1][0].pk != sid:
            sections.append((OutlineSection(sid, s_title, s_summary, essential), []))
        sections[-1][1].append(OutlineActivity(pk, title, kind, rule, visible))
    progress = Progress(completed, tracked) if as_candidate else None
    return CoursePage(sections=sections, done=done_ids, progress=progress)


def completed_ids(user, course: Course) -> set[int]:
    """Ids of the activities of ``course`` that ``user`` completed; one query."""
    if not user.is_authenticated:
        return set()
    return set(
        Completion.objects.filter(user=user, activity__course=course).values_list(
            "activity_id", flat=True
        )
    )


def neighbours(user, course: Course, activity: Activity, *, as_reader: bool = False):
    """(previous, next) activities of ``activity`` in ``course`` for ``user``
    (``as_reader``: as its candidates see it) as (pk, title) pairs or None;
    one query."""
    activities = activities_visible_to(user, course)
    if as_reader:
        activities = activities.filter(_shown_to_readers(timezone.now()))
    rows = list(activities.order_by(*ACTIVITY_ORDER).values_list("pk", "title"))
    ids = [pk for pk, _title in rows]
    try:
        index = ids.index(activity.pk)
    except ValueError:
        return None, None
    previous = rows[index - 1] if index > 0 else None
    following = rows[index + 1] if index + 1 < len(rows) else None
    return previous, following
