"""What other apps use from ``calendar_app`` (contract). Constant number of
queries."""

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone


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


def upcoming_for(user, *, limit: int = 5) -> list[Upcoming]:
    """Next events and assignment deadlines for ``user`` (dashboard): one
    query for the events plus ``assignments.api.deadlines_for``."""
    from assignments import api as assignments_api

    from .selectors import events_visible_to

    if not user.is_authenticated or limit <= 0:
        return []
    now = timezone.now()
    events = events_visible_to(user).filter(ends_at__gte=now).order_by("starts_at", "pk")[:limit]
    items = [
        Upcoming(e.title, e.starts_at, e.get_kind_display(), e.get_absolute_url()) for e in events
    ]
    # Deadlines after the last of ``limit`` events cannot make the cut.
    full = len(items) == limit
    horizon = items[-1].starts_at if full else now + datetime.timedelta(days=366)
    from .models import Event

    for deadline in assignments_api.deadlines_for(user, now, horizon):
        items.append(
            Upcoming(deadline.title, deadline.due_at, str(Event.Kind.DEADLINE.label), deadline.url)
        )
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


def calendar_links_for(user) -> list[CalendarLink]:
    """The PDF calendars ``user`` may download, to show in "Les
    incontournables": "Mon calendrier" per preparation they are registered
    in, the printable version of the others they see. Two queries."""
    from django.utils.translation import gettext

    from courses import api as courses_api

    from .selectors import preparations_visible_to

    if not user.is_authenticated:
        return []
    own = set(
        courses_api.Registration.objects.filter(candidate=user).values_list(
            "preparation_id", flat=True
        )
    )
    links = []
    for preparation in preparations_visible_to(user).order_by("-session_year", "name"):
        if preparation.pk in own:
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
