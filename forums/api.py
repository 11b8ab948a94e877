"""What other apps use from ``forums``. Subscriptions on enrolment are made
by forums itself, listening to ``courses.signals.enrolments_changed``."""

from django.db.models import F, Q


def url_for_activity(activity) -> str | None:
    """Page of the forum behind a ``forum`` activity: the forum linked to
    it, else its course's general forum, if any. One query."""
    from .models import Forum

    forum = (
        Forum.objects.filter(
            Q(activity_id=activity.pk)
            | Q(course_id=activity.course_id, kind=Forum.Kind.GENERAL, activity=None)
        )
        .order_by(F("activity_id").asc(nulls_last=True))  # the linked forum first
        .only("pk")
        .first()
    )
    return forum.get_absolute_url() if forum else None


def unread_count(user) -> int:
    """Unread posts in the forums ``user`` follows (top bar badge). One query."""
    from .selectors import unread_total

    return unread_total(user)
