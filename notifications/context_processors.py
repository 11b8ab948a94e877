from django.utils.functional import cached_property
from django.utils.translation import ngettext


class Bell:
    """The top bar's bell: the counter kept on the user row (no query)."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def count(self) -> int:
        from .selectors import unread_count

        return unread_count(self.user)

    @cached_property
    def label(self) -> str:
        return ngettext(
            "Notifications: %(count)d unread", "Notifications: %(count)d unread", self.count
        ) % {"count": self.count}

    @property
    def badge(self) -> str:
        return "99+" if self.count > 99 else str(self.count)


def bell(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"notification_bell": None}
    return {"notification_bell": Bell(user)}
