"""What other apps use from ``calendar_app`` (contract). Constant number of
queries."""

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from core.links import url_maker
from core.prepared import Prepared


@dataclass(frozen=True)
class Upcoming:
    title: str
    starts_at: datetime.datetime  # aware
    kind_label: str  # translated ("Atelier", "Échéance de devoir", ...)
    url: str


@dataclass(frozen=True)
class CalendarLink:
    """A PDF calendar a user may download ("Les incontournables")."""

    label: str
    url: str


def _upcoming_events(key, *values):
    """The next ``limit`` events of a user (``events_visible_to``), as rows:
    ``values`` are the moment for an administrator (every event), else the
    user's id, the moment and the ids of the courses they read."""
    from django.contrib.auth import get_user_model

    from .selectors import events_visible_to

    is_superuser, limit = key
    if is_superuser:
        (now,) = values
        events = events_visible_to(get_user_model()(is_superuser=True))
    else:
        user_id, now, course_ids = values
        user = get_user_model()(pk=user_id, is_superuser=False)
        events = events_visible_to(user, course_ids=course_ids)
    return (
        events.filter(ends_at__gte=now)
        .order_by("starts_at", "pk")
        .values_list("pk", "title", "starts_at", "kind")[:limit]
    )


# Stand-ins (core.prepared): a user id, the moment, the course ids.
_ANY_USER = -7_370_001
_ANY_MOMENT = datetime.datetime(1901, 5, 6, 7, 8, 9, tzinfo=datetime.UTC)


def _upcoming_stand_ins(key) -> list:
    is_superuser, _limit = key
    if is_superuser:
        return [_ANY_MOMENT]
    return [_ANY_USER, _ANY_MOMENT, [-7_371_000]]


# Keyed on (is_superuser, limit).
_EVENTS = Prepared(_upcoming_events, _upcoming_stand_ins)


def upcoming_for(user, *, limit: int = 5) -> list[Upcoming]:
    """Next events and assignment deadlines for ``user`` (dashboard): three
    queries, the ids of the courses they read (shared by the events and the
    deadlines), the events, the deadlines; the last two compiled once per
    process (``core.prepared``)."""
    from assignments import api as assignments_api

    from .models import Event
    from .selectors import visible_course_ids

    if not user.is_authenticated or limit <= 0:
        return []
    now = timezone.now()
    course_ids = None if user.is_superuser else visible_course_ids(user)
    if course_ids is None:
        events = _EVENTS.rows((True, limit), now)
    else:
        events = _EVENTS.rows((False, limit), user.pk, now, list(course_ids))
    labels = {value: str(label) for value, label in Event.Kind.choices}
    event_url = url_maker("calendar_app:event")
    items = [
        Upcoming(title, starts_at, labels.get(kind, kind), event_url(pk))
        for pk, title, starts_at, kind in events
    ]
    # Deadlines after the last of ``limit`` events cannot make the cut.
    full = len(items) == limit
    horizon = items[-1].starts_at if full else now + datetime.timedelta(days=366)
    deadline_label = str(Event.Kind.DEADLINE.label)
    for deadline in assignments_api.deadlines_for(
        user, now, horizon, visible_course_ids=course_ids
    ):
        items.append(Upcoming(deadline.title, deadline.due_at, deadline_label, deadline.url))
    items.sort(key=lambda item: item.starts_at)
    return items[:limit]


def url_for_activity(activity) -> str | None:
    """Page of the workshop session behind a ``workshop`` activity, if any
    (the next session when there are several; one query)."""
    from .models import Event

    if activity is None or getattr(activity, "kind", None) != "workshop":
        return None
    event = (
        Event.objects.filter(activity=activity, kind=Event.Kind.WORKSHOP)
        .order_by("starts_at", "pk")
        .only("pk")
        .first()
    )
    return event.get_absolute_url() if event else None


@dataclass(frozen=True)
class WorkshopDate:
    """The session a workshop activity's line shows: the next one, or the
    last one held when none is to come."""

    starts_at: datetime.datetime  # aware
    is_past: bool


def workshop_dates_for(activity_ids) -> dict[int, WorkshopDate]:
    """{activity id: WorkshopDate} for the workshop activities among
    ``activity_ids`` that have sessions (course outline; one query)."""
    from .models import Event

    activity_ids = list(activity_ids)
    if not activity_ids:
        return {}
    now = timezone.now()
    dates: dict[int, WorkshopDate] = {}
    sessions = (
        Event.objects.filter(activity_id__in=activity_ids, kind=Event.Kind.WORKSHOP)
        .order_by("starts_at", "pk")
        .values_list("activity_id", "starts_at", "ends_at")
    )
    for activity_id, starts_at, ends_at in sessions:
        current = dates.get(activity_id)
        if ends_at >= now:
            if current is None or current.is_past:
                dates[activity_id] = WorkshopDate(starts_at, False)
        elif current is None or current.is_past:
            dates[activity_id] = WorkshopDate(starts_at, True)
    return dates


def calendar_links_for(user) -> list[CalendarLink]:
    """The PDF calendars ``user`` may download, to show in "Les
    incontournables": "Mon calendrier" per preparation they are registered
    in, the printable version of the others they see. One query."""
    from .selectors import visible_preparations

    return calendar_links(visible_preparations(user))


def calendar_links(preparations) -> list[CalendarLink]:
    """The PDF links of ``preparations``, rows of
    ``selectors.visible_preparations`` (no query)."""
    from django.utils.translation import gettext

    links = []
    for preparation in preparations:
        if preparation.is_own:
            links.append(
                CalendarLink(
                    gettext("My calendar (PDF) — %(name)s") % {"name": preparation.name},
                    reverse("calendar_app:pdf_mine", kwargs={"preparation_id": preparation.pk}),
                )
            )
        links.append(
            CalendarLink(
                gettext("Training calendar (PDF) — %(name)s") % {"name": preparation.name},
                reverse("calendar_app:pdf", kwargs={"preparation_id": preparation.pk}),
            )
        )
    return links
