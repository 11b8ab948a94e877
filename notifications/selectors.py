"""Reads for notifications. A person only ever reads their own rows."""

from django.db.models import QuerySet

from .models import Channel, Kind, Notification, Preference

# What applies when a person chose nothing: the emails the site always sent
# keep going (discussion forums were in the daily digest by default).
DEFAULTS = dict.fromkeys(Kind.values, Channel.IMMEDIATE) | {Kind.FORUM: Channel.DIGEST}
# Kinds whose emails are the forums' own (subscription modes): never in the
# notifications' digest. Announcements always reach people by email.
FORUM_KINDS = (Kind.ANNOUNCEMENT, Kind.FORUM)
CHOICES = {
    kind: [c for c in Channel if not (kind == Kind.ANNOUNCEMENT and c == Channel.IN_SITE)]
    for kind in Kind
}
PAGE_SIZE = 50


def notifications_visible_to(user) -> QuerySet[Notification]:
    """``user``'s own notifications, newest first (nobody sees another's)."""
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(user=user)


def unread_count(user) -> int:
    """``user``'s unread notifications: the counter kept on the user row by
    the services (read with the user, no query of its own)."""
    if not user.is_authenticated:
        return 0
    return int(getattr(user, "unread_notifications", 0) or 0)


def channels_for_users(user_ids, kind: str) -> dict[int, str]:
    """{user id: channel} of ``kind`` for ``user_ids`` (defaults filled). One query."""
    user_ids = list(user_ids)
    chosen = dict(
        Preference.objects.filter(user_id__in=user_ids, kind=kind).values_list("user_id", "channel")
    )
    return {uid: chosen.get(uid, DEFAULTS[kind]) for uid in user_ids}


def channels_for(user) -> dict[str, str]:
    """{kind: channel} of ``user`` (or a user id), defaults filled. One query."""
    user_id = getattr(user, "pk", user)
    chosen = dict(Preference.objects.filter(user_id=user_id).values_list("kind", "channel"))
    return {kind: chosen.get(kind, DEFAULTS[kind]) for kind in Kind.values}
