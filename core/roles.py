"""What a user does on the site, remembered in the session at login, so that
the menus cost no query on each page. Rights are always checked by each
app's permissions; this only decides which menu entries to show."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

SESSION_KEY = "callisto_roles"


def compute_roles(user) -> dict[str, bool]:
    from courses.api import active_roles_of, has_tutor, is_tutor

    roles = active_roles_of(user)
    tutor = is_tutor(user)
    tutored = has_tutor(user)
    return {
        "candidate": "candidate" in roles,
        "trainer": "trainer" in roles,
        "producer": "producer" in roles,
        "tutor": tutor,
        "tutored": tutored,
    }


@receiver(user_logged_in, dispatch_uid="core_remember_roles")
def remember_roles(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = compute_roles(user)


def roles_of(request) -> dict[str, bool]:
    session = getattr(request, "session", None)
    return (session.get(SESSION_KEY) if session is not None else None) or {}
