"""Reads about the calendar: every queryset here returns only what ``user``
may see."""

import calendar
import datetime
from dataclasses import dataclass, field
from functools import cached_property
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from accounts.api import centres_coordinated_by
from assignments import api as assignments_api
from core.dates import format_date
from core.links import url_maker
from core.prepared import Prepared
from courses import api as courses_api

from .models import CalendarPdf, Event, WorkshopRegistration

PARIS = ZoneInfo(settings.TIME_ZONE)


def preparations_visible_to(user):
    """Preparations whose calendar ``user`` may see: the ones they are (or
    were: read access is kept) registered in, the ones of candidates they
    tutor (active registration, ``courses.relations``), their centres' ones
    for coordinators, all for administrators."""
    Preparation = courses_api.Preparation
    if not user.is_authenticated:
        return Preparation.objects.none()
    if user.is_superuser:
        return Preparation.objects.all()
    return courses_api.preparations_of_member_or_coordinator(user)


@dataclass(frozen=True)
class PreparationRow:
    """A preparation as ``visible_preparations`` reads it."""

    pk: int
    name: str
    session_year: int
    is_own: bool


# A stand-in user id (core.prepared): nothing else in the query is a
# negative number.
_ANY_USER = -7_340_035


def _visible_preparation_rows(is_superuser: bool, user_id: int):
    user = get_user_model()(pk=user_id, is_superuser=is_superuser)
    own = courses_api.Registration.objects.filter(preparation=OuterRef("pk"), candidate=user)
    return (
        preparations_visible_to(user)
        .annotate(is_own=Exists(own))
        .order_by("-session_year", "name")
        .values_list("pk", "name", "session_year", "is_own")
    )


# Compiled once per process: building it cost about 3 ms of a course page
# that shows the PDF calendars ("Les incontournables").
_VISIBLE_PREPARATIONS = Prepared(_visible_preparation_rows, [_ANY_USER])


def visible_preparations(user) -> list[PreparationRow]:
    """``preparations_visible_to(user)`` as rows (pk, name, session year),
    newest session first, each with ``is_own``: is ``user`` registered in
    it (any status)? One query, compiled once per process; the calendar
    page takes the ids for its events and the rows for its PDF links."""
    if not user.is_authenticated:
        return []
    return [
        PreparationRow(pk, name, year, bool(is_own))
        for pk, name, year, is_own in _VISIBLE_PREPARATIONS.rows(user.is_superuser, user.pk)
    ]


def visible_course_ids(user) -> list[int]:
    """Ids of the courses ``user`` reads (``courses.api.readable_courses``,
    the user's cached map): resolved once per request and reused by the
    events and the deadlines."""
    return [course.pk for course in courses_api.readable_courses(user)]


def events_visible_to(user, *, preparation_ids=None, course_ids=None):
    """Events ``user`` may see: their preparations' events (see
    ``preparations_visible_to``) and the events of the courses they read
    (``courses.api.courses_visible_to``). One query when evaluated.

    ``preparation_ids`` / ``course_ids``: those two sets, when the caller
    already resolved them for ``user`` (a short list of ids is much cheaper
    to build and plan than the nested subqueries)."""
    if not user.is_authenticated:
        return Event.objects.none()
    if user.is_superuser:
        return Event.objects.all()
    if preparation_ids is None:
        preparation_ids = preparations_visible_to(user).values("pk")
    if course_ids is None:
        course_ids = courses_api.courses_visible_to(user).values("pk")
    # ``__any``: a list of ids is one array (core.prepared compiles the
    # dashboard's query once whatever the number of courses).
    return Event.objects.filter(
        Q(preparation_id__in=preparation_ids) | Q(course_id__any=course_ids)
    )


def events_managed_by(user):
    """Events ``user`` runs (attendance, materials, and for workshops the
    trainer pages): those of the courses they teach (the event's course, or
    its activity's: ``courses.api.courses_trained_by``; the national
    workshops for national trainers only), their centres' preparation events
    for coordinators, all for administrators."""
    if not user.is_authenticated:
        return Event.objects.none()
    if user.is_superuser:
        return Event.objects.all()
    trained = courses_api.courses_trained_by(user).values("pk")
    taught = Q(course_id__in=trained) | Q(activity__course_id__in=trained)
    if not courses_api.is_national(user):  # national workshops: national trainers'
        taught &= ~courses_api.national_workshop_q()
    return Event.objects.filter(taught | Q(preparation__centre__in=centres_coordinated_by(user)))


def workshops_managed_by(user):
    """The workshops among ``events_managed_by(user)``."""
    return events_managed_by(user).filter(kind=Event.Kind.WORKSHOP)


def workshop_activities_of(courses) -> list:
    """The workshop activities of ``courses`` (the ones the viewer teaches:
    the caller took them from ``courses.api.courses_trained_by``), in the
    order of their outline. One query."""
    return list(
        courses_api.Activity.objects.filter(
            course__in=[course.pk for course in courses], kind=courses_api.Activity.Kind.WORKSHOP
        ).order_by("course_id", "section__position", "position", "pk")
    )


def managed_workshops(user) -> list[Event]:
    """The workshops ``user`` runs, for their list page: each with its
    course and ``registered_count`` (places taken). One query."""
    return list(
        workshops_managed_by(user)
        .select_related("course")
        .annotate(
            registered_count=Count("registrations", filter=Q(registrations__cancelled_at=None))
        )
        .order_by("starts_at", "pk")
    )


def workshop_registrants(event) -> list[WorkshopRegistration]:
    """Everyone who registered to ``event``, cancelled registrations
    included, by name, with their user. The caller checked that the viewer
    runs the workshop. One query."""
    return list(
        WorkshopRegistration.objects.filter(event=event)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )


def event_detail(user, pk):
    """The event ``pk`` if ``user`` may see it, with its course, preparation
    and activity, the number of registrations and whether ``user`` is
    registered (raises Event.DoesNotExist otherwise)."""
    return (
        events_visible_to(user)
        .select_related("course", "preparation", "activity")
        .annotate(
            registered_count=Count("registrations", filter=Q(registrations__cancelled_at=None)),
            is_registered=Exists(
                WorkshopRegistration.objects.active().filter(event=OuterRef("pk"), user=user)
            ),
        )
        .get(pk=pk)
    )


def local_bounds(first: datetime.date, last: datetime.date):
    """Aware datetimes covering the local days ``first``..``last`` (Paris),
    correct across daylight-saving changes."""
    start = datetime.datetime.combine(first, datetime.time.min, tzinfo=PARIS)
    end = datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min)
    return start, end.replace(tzinfo=PARIS)


@dataclass
class Entry:
    """One line of the calendar: an event or an assignment deadline."""

    title: str
    kind: str
    kind_label: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime | None
    url: str
    course_title: str = ""
    place: str = ""
    event_id: int | None = None
    ics_url: str = ""
    time: str = field(init=False)  # "HH:MM" local, as the template's ``time:"H:i"``

    def __post_init__(self):
        self.time = timezone.localtime(self.starts_at).strftime("%H:%M")

    @property
    def is_deadline(self) -> bool:
        return self.event_id is None


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    is_today: bool
    entries: list[Entry] = field(default_factory=list)

    # What the month grid prints of the date, formatted as the template's
    # ``date`` filter would (the grid shows 35 to 42 days, twice).
    @cached_property
    def iso(self) -> str:
        return self.date.isoformat()  # date:"Y-m-d"

    @cached_property
    def anchor(self) -> str:
        return f"{self.date:%Y%m%d}"  # date:"Ymd"

    @cached_property
    def number(self) -> str:
        """The day of the month; with the month outside it ("28 sept.")."""
        # The grid prints « 1 » in its own month, like a printed calendar.
        return str(self.date.day) if self.in_month else format_date(self.date, "j b")

    @cached_property
    def long_label(self) -> str:
        return format_date(self.date, "l j F")  # "mardi 10 novembre", "mardi 1er décembre"


def entries_for(
    user, start, end, *, course=None, kind: str = "", preparation_ids=None, course_ids=None
) -> list[Entry]:
    """Events and assignment deadlines of ``user`` overlapping [start, end),
    sorted by start, filtered by course and kind. One query for the events
    plus what ``assignments.api.deadlines_for`` costs (constant).

    ``preparation_ids`` / ``course_ids``: what ``user`` reads, when the
    caller already resolved it (see ``events_visible_to``); the course ids
    then serve the deadlines too."""
    events = (
        events_visible_to(user, preparation_ids=preparation_ids, course_ids=course_ids)
        .filter(starts_at__lt=end, ends_at__gte=start)
        .order_by("starts_at", "pk")
    )
    if course is not None:
        events = events.filter(course=course)
    if kind:
        events = events.filter(kind=kind)
    labels = {value: str(label) for value, label in Event.Kind.choices}
    event_url, ics_url = url_maker("calendar_app:event"), url_maker("calendar_app:event_ics")
    entries = [
        Entry(
            title=title,
            kind=kind_,
            kind_label=labels.get(kind_, kind_),
            starts_at=starts_at,
            ends_at=ends_at,
            url=event_url(pk),
            course_title=course_title or "",
            place=place,
            event_id=pk,
            ics_url=ics_url(pk),
        )
        for pk, title, kind_, starts_at, ends_at, place, course_title in events.values_list(
            "pk", "title", "kind", "starts_at", "ends_at", "place", "course__title"
        )
    ]
    if not kind or kind == Event.Kind.DEADLINE:
        ids = None if course_ids is None else list(course_ids)
        for deadline in assignments_api.deadlines_for(user, start, end, visible_course_ids=ids):
            if course is not None and deadline.course_id != course.pk:
                continue
            entries.append(
                Entry(
                    title=deadline.title,
                    kind=Event.Kind.DEADLINE,
                    kind_label=labels[Event.Kind.DEADLINE],
                    starts_at=deadline.due_at,
                    ends_at=None,
                    url=deadline.url,
                    course_title=deadline.course_title,
                )
            )
    entries.sort(key=lambda e: e.starts_at)
    return entries


def month_grid(year: int, month: int, entries: list[Entry], today: datetime.date):
    """Weeks (Monday first) of ``year``-``month`` with each day's entries,
    days taken in Paris time. An event spanning several days shows on each."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    days = {d: Day(d, d.month == month, d == today) for week in weeks for d in week}
    for entry in entries:
        first = timezone.localtime(entry.starts_at, PARIS).date()
        last = timezone.localtime(entry.ends_at or entry.starts_at, PARIS).date()
        if entry.ends_at and entry.ends_at > entry.starts_at:
            # An event ending at midnight does not occupy the next day.
            end_local = timezone.localtime(entry.ends_at, PARIS)
            if end_local.time() == datetime.time.min:
                last -= datetime.timedelta(days=1)
        day = max(first, weeks[0][0])
        while day <= min(last, weeks[-1][-1]):
            days[day].entries.append(entry)
            day += datetime.timedelta(days=1)
    return [[days[d] for d in week] for week in weeks]


def grid_bounds(year: int, month: int):
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    return local_bounds(weeks[0][0], weeks[-1][-1])


def month_bounds(year: int, month: int):
    last_day = calendar.monthrange(year, month)[1]
    return local_bounds(datetime.date(year, month, 1), datetime.date(year, month, last_day))


def feed_window(now=None):
    """The period a calendar feed covers: from three months ago to 15
    months ahead (a preparation year)."""
    now = now or timezone.now()
    return now - datetime.timedelta(days=92), now + datetime.timedelta(days=460)


def pdf_for(preparation, candidate=None):
    return CalendarPdf.objects.filter(preparation=preparation, candidate=candidate).first()
