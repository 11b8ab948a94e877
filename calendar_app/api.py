"""What other apps use from ``calendar_app`` (contract; the calendar issue
fills the bodies). Constant number of queries."""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Upcoming:
    title: str
    starts_at: datetime.datetime  # aware
    kind_label: str  # translated ("Atelier", "Échéance de devoir", ...)
    url: str


def upcoming_for(user, *, limit: int = 5) -> list[Upcoming]:
    """Next events and assignment deadlines for ``user`` (dashboard)."""
    return []


def url_for_activity(activity) -> str | None:
    """Page of the workshop session behind a ``workshop`` activity, if any."""
    return None
