"""What other apps may use from accounts."""

from .admin_scoping import CentreScopedAdminMixin, coordinated_centre_ids
from .models import Centre, Preferences, User
from .selectors import (
    centres_coordinated_by,
    is_coordinator,
    preferences_for,
    users_managed_by,
)
from .services import user_send_activation

__all__ = [
    "Centre",
    "CentreScopedAdminMixin",
    "Preferences",
    "User",
    "centres_coordinated_by",
    "coordinated_centre_ids",
    "is_coordinator",
    "preferences_for",
    "send_activation",
    "users_managed_by",
]


def send_activation(user: User, *, actor: User | None = None) -> None:
    """Queue the activation email of ``user`` (after commit)."""
    user_send_activation(actor=actor, user=user)
