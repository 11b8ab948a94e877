"""What other apps may use from accounts."""

from .admin_scoping import CentreScopedAdminMixin, coordinated_centre_ids
from .models import Centre, Preferences, User
from .selectors import (
    centres_coordinated_by,
    is_coordinator,
    preferences_for,
    users_managed_by,
)
from .services import centre_coordinator_set, user_send_activation

__all__ = [
    "Centre",
    "CentreScopedAdminMixin",
    "Preferences",
    "User",
    "centres_coordinated_by",
    "coordinated_centre_ids",
    "coordinator_set",
    "is_coordinator",
    "preferences_for",
    "send_activation",
    "users_managed_by",
]


def send_activation(user: User, *, actor: User | None = None) -> None:
    """Queue the activation email of ``user`` (after commit)."""
    user_send_activation(actor=actor, user=user)


def coordinator_set(*, centre_id: int, user: User, coordinator: bool) -> None:
    """Make ``user`` a coordinator of the centre, or no longer one (the
    caller checked the right and audits: ``courses.services.role_grant``)."""
    centre_coordinator_set(centre_id=centre_id, user=user, coordinator=coordinator)
