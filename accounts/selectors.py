"""Reads about people and centres, limited to what the asking user may see."""

from django.db.models import QuerySet

from .models import Centre, User


def centres_coordinated_by(user: User) -> QuerySet[Centre]:
    """Centres whose coordinator ``user`` is (all centres for an admin)."""
    if not user.is_authenticated:
        return Centre.objects.none()
    if user.is_superuser:
        return Centre.objects.all()
    return Centre.objects.filter(coordinators=user)


def is_coordinator(user: User) -> bool:
    """True when ``user`` coordinates at least one centre."""
    return user.is_authenticated and Centre.objects.filter(coordinators=user).exists()
