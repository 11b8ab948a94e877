"""What other apps use from ``forums`` (contract; the forums issue fills the
bodies). Subscriptions on enrolment are made by forums itself, listening to
``courses.signals.enrolments_changed``."""


def url_for_activity(activity) -> str | None:
    """Page of the forum behind a ``forum`` activity, if any."""
    return None


def unread_count(user) -> int:
    """Unread posts in the forums ``user`` follows (top bar badge)."""
    return 0
