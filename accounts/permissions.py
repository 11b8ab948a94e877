"""Access predicates about accounts, each paired with the selector that
lists the rows it allows (``accounts.selectors``)."""

from .models import User


def can_manage_user(actor: User, user: User) -> bool:
    """Whether ``actor`` may manage the account ``user`` in admin (create,
    send the activation email, deactivate): an admin for everyone, a
    coordinator for the non-staff members of their centres.
    Paired with ``selectors.users_managed_by``."""
    if not actor.is_authenticated or not actor.is_active:
        return False
    if actor.is_superuser:
        return True
    if user.is_superuser or user.is_staff or user.centre_id is None:
        return False
    return actor.coordinated_centres.filter(pk=user.centre_id).exists()
