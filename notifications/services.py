"""Writes for notifications: make rows, mark them read, save preferences,
send the daily digest. Emails go through core.mail (the outbox)."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from core import mail

from .models import Channel, Kind, Notification, Preference
from .selectors import (
    CHOICES,
    FORUM_KINDS,
    channels_for,
    channels_for_users,
    unread_count,
)

# Sent after a person changed channels: ``user_id``, ``changed`` ({kind:
# channel}). The forums listen and apply the forum kinds to subscriptions.
preferences_changed = Signal()


def _recount(user_ids) -> None:
    """The bell's counter of ``user_ids`` from their rows (one UPDATE)."""
    unread = (
        Notification.objects.filter(user_id=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("user_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    get_user_model().objects.filter(pk__in=list(user_ids)).update(
        unread_notifications=Coalesce(Subquery(unread), 0)
    )


@transaction.atomic
def notify(
    *,
    user_ids,
    kind: str,
    title: str,
    url: str,
    target: str = "",
    dedup_key: str = "",
    at=None,
) -> list[int]:
    """One notification of ``kind`` for each of ``user_ids`` (inactive
    accounts skipped), with the channel each one chose; safe to call twice
    with the same ``dedup_key``. Returns the ids of the people who want an
    email at once for it (the caller's email path asks ``email_now``)."""
    if kind not in Kind.values:
        raise ValueError(kind)
    user_ids = list(
        get_user_model()
        .objects.filter(pk__in=set(user_ids), is_active=True)
        .values_list("pk", flat=True)
    )
    if not user_ids:
        return []
    channels = channels_for_users(user_ids, kind)
    now = at or timezone.now()
    rows = [
        Notification(
            user_id=uid,
            kind=kind,
            title=title[:250],
            url=url[:500],
            target=target[:100],
            channel=channel,
            created_at=now,
            dedup_key=f"{dedup_key}:{uid}"[:120] if dedup_key else None,
        )
        for uid, channel in channels.items()
    ]
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    _recount(user_ids)
    return [uid for uid, channel in channels.items() if channel == Channel.IMMEDIATE]


def email_now(user, kind: str) -> bool:
    """Whether ``user`` wants an email at once for ``kind`` ("Mon compte")."""
    user_id = getattr(user, "pk", user)
    return channels_for_users([user_id], kind)[user_id] == Channel.IMMEDIATE


def mark_read(*, user, target: str = "", ids=None) -> int:
    """Mark ``user``'s unread notifications about ``target`` (or with these
    ``ids``) read. Only their own rows; returns how many."""
    if not user.is_authenticated:
        return 0
    if ids is not None and not ids:
        if unread_count(user):
            # The list shows nothing unread: a counter that drifted (a stale
            # save of the user row) is put right.
            _recount([user.pk])
            user.unread_notifications = 0
        return 0
    if not (target or ids) or unread_count(user) == 0:
        return 0  # the counter read with the user spares the query on most visits
    rows = Notification.objects.filter(user_id=user.pk, read_at__isnull=True)
    rows = rows.filter(target=target) if target else rows.filter(pk__in=list(ids or ()))
    count = rows.update(read_at=timezone.now())
    if count:
        _recount([user.pk])
        user.unread_notifications = max(0, unread_count(user) - count)
    return count


@transaction.atomic
def preferences_save(*, actor, channels: dict[str, str]) -> dict[str, str]:
    """Save ``actor``'s channel for each kind given; returns what changed
    and tells the listeners (forums) after the rows are written."""
    current = channels_for(actor)
    changed = {}
    for kind, channel in channels.items():
        if kind not in Kind.values or channel not in {c.value for c in CHOICES[Kind(kind)]}:
            raise ValidationError(_("Choose one of the proposed options."))
        if current[kind] != channel:
            Preference.objects.update_or_create(
                user=actor, kind=kind, defaults={"channel": channel}
            )
            changed[kind] = channel
    if changed:
        preferences_changed.send(sender=Preference, user_id=actor.pk, changed=changed)
    return changed


def digest_recipients() -> list[int]:
    """Ids of the people with notifications waiting for their digest."""
    return list(
        Notification.objects.filter(channel=Channel.DIGEST, digested_at__isnull=True)
        .exclude(kind__in=FORUM_KINDS)
        .order_by()
        .values_list("user_id", flat=True)
        .distinct()
    )


def digest_send(*, user_id: int, now: datetime.datetime | None = None) -> int:
    """Email ``user_id`` one French digest of their notifications waiting for
    it, and mark them sent. Safe to run twice (rows locked, one email per
    person and day). Returns the number of notifications in it."""
    now = now or timezone.now()
    with transaction.atomic():
        rows = list(
            Notification.objects.select_for_update()
            .filter(user_id=user_id, channel=Channel.DIGEST, digested_at__isnull=True)
            .exclude(kind__in=FORUM_KINDS)
            .order_by("created_at", "pk")
        )
        if not rows:
            return 0
        user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
        if user is not None and user.email:
            day = timezone.localtime(now).date()
            mail.send(
                "notifications/emails/digest",
                [user.email],
                {
                    "user": user,
                    "notifications": rows,
                    "site_url": settings.SITE_URL,
                },
                dedup_key=f"notifications.digest:{user_id}:{day.isoformat()}:{rows[-1].pk}",
            )
        Notification.objects.filter(pk__in=[n.pk for n in rows]).update(digested_at=now)
    return len(rows)
