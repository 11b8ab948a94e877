"""What a user does on the site, remembered in the session at login, so that
the menus cost no query on each page. Rights are always checked by each
app's permissions; this only decides which menu entries to show.

core knows no app: each app that defines roles hands a function
``user -> {role: bool}`` to ``provide`` from its ``AppConfig.ready``
(``courses`` gives candidate, trainer, producer, tutor and tutored)."""

from collections.abc import Callable

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

SESSION_KEY = "callisto_roles"

_providers: list[Callable[[object], dict[str, bool]]] = []


def provide(function: Callable[[object], dict[str, bool]]):
    """Add ``function`` (``user -> {role: bool}``) to the roles computed at
    login; idempotent."""
    if function not in _providers:
        _providers.append(function)
    return function


def compute_roles(user) -> dict[str, bool]:
    roles: dict[str, bool] = {}
    for function in _providers:
        roles.update(function(user))
    return roles


@receiver(user_logged_in, dispatch_uid="core_remember_roles")
def remember_roles(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = compute_roles(user)


def roles_of(request) -> dict[str, bool]:
    session = getattr(request, "session", None)
    return (session.get(SESSION_KEY) if session is not None else None) or {}
