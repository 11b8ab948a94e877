"""What other apps may use from accounts."""

from .admin_scoping import CentreScopedAdminMixin, coordinated_centre_ids
from .models import Centre, Preferences, User
from .selectors import (
    centres_coordinated_by,
    is_coordinator,
    preferences_for,
    users_managed_by,
)
from .services import email_queue, user_send_activation

__all__ = [
    "Centre",
    "CentreScopedAdminMixin",
    "Preferences",
    "User",
    "centres_coordinated_by",
    "coordinated_centre_ids",
    "is_coordinator",
    "outgoing_email_counts",
    "preferences_for",
    "queue_email",
    "send_activation",
    "users_managed_by",
]


def send_activation(user: User, *, actor: User | None = None) -> None:
    """Queue the activation email of ``user`` (after commit)."""
    user_send_activation(actor=actor, user=user)


def queue_email(
    *,
    to: list[str],
    subject: str,
    body: str,
    html: str = "",
    dedup_key: str | None = None,
):
    """Write an email and send it after commit through Celery (idempotent
    with ``dedup_key``); see docs/decisions/0002-accounts-gates-and-staff-mfa.md."""
    return email_queue(to=to, subject=subject, body=body, html=html, dedup_key=dedup_key)


def outgoing_email_counts() -> dict[str, int]:
    """Operations (metrics): account emails still queued and given up on,
    whoever they are for. One query, on the (status, created_at) index."""
    from django.db.models import Count, Q

    from .models import OutgoingEmail

    counted = [OutgoingEmail.Status.QUEUED, OutgoingEmail.Status.FAILED]
    return OutgoingEmail.objects.filter(status__in=counted).aggregate(
        pending=Count("pk", filter=Q(status=OutgoingEmail.Status.QUEUED)),
        failed=Count("pk", filter=Q(status=OutgoingEmail.Status.FAILED)),
    )
