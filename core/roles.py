"""What a user does on the site, remembered in the session at login, so that
the menus cost no query on each page. Rights are always checked by each
app's permissions; this only decides which menu entries to show.

core knows no app: each app that defines roles hands a function
``user -> {role: bool}`` to ``provide`` from its ``AppConfig.ready``
(``courses`` gives candidate, trainer, producer, tutor and tutored)."""

from collections.abc import Callable

from django.contrib.auth.signals import user_logged_in
from django.core.cache import cache
from django.db import transaction
from django.dispatch import receiver

SESSION_KEY = "callisto_roles"
# When the roles were computed (in the session) and when a person's roles
# last changed (in the cache, set by ``roles_changed``).
STAMP_SESSION_KEY = "callisto_roles_stamp"
_STAMP_SECONDS = 60 * 60 * 24 * 30

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


def stamp_key(user_id) -> str:
    """The cache key of the time the person's roles last changed."""
    return f"core:roles:changed:{user_id}"


_stamp_key = stamp_key
# Where a request keeps the stamp when it was read in a round trip of its own
# (``read_with``), so that the menus need no cache read of their own.
_STAMP_READ = "_callisto_roles_stamp"
_UNREAD = object()


def read_with(request, found: dict) -> None:
    """``found`` is a ``cache.get_many`` this request made for other keys
    and for ``stamp_key`` of its user: the menus use what it read
    (accounts' terms gate reads both at once on every logged-in request)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        setattr(request, _STAMP_READ, found.get(stamp_key(user.pk)))


def roles_changed(user_id) -> None:
    """The roles of the person have changed (a role granted or withdrawn):
    their next request computes them again instead of the session's copy.
    Set now and again on commit (a request reading the old rows meanwhile
    would remember them under the new stamp)."""
    import time

    def _stamp():
        cache.set(_stamp_key(user_id), time.time_ns(), timeout=_STAMP_SECONDS)

    _stamp()
    transaction.on_commit(_stamp)


def remember(request, user) -> None:
    """Compute ``user``'s roles and keep them in the session."""
    request.session[SESSION_KEY] = compute_roles(user)
    request.session[STAMP_SESSION_KEY] = cache.get(_stamp_key(user.pk)) or 0


def refresh_if_changed(request) -> None:
    """Recompute the session's roles when ``roles_changed`` was called for
    the person since they were remembered (one cache read, no query)."""
    session = getattr(request, "session", None)
    user = getattr(request, "user", None)
    if session is None or user is None or not user.is_authenticated:
        return
    stamp = getattr(request, _STAMP_READ, _UNREAD)
    if stamp is _UNREAD:
        stamp = cache.get(stamp_key(user.pk))
    if SESSION_KEY not in session or (stamp and stamp != session.get(STAMP_SESSION_KEY)):
        remember(request, user)


@receiver(user_logged_in, dispatch_uid="core_remember_roles")
def remember_roles(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        remember(request, user)


def roles_of(request) -> dict[str, bool]:
    session = getattr(request, "session", None)
    return (session.get(SESSION_KEY) if session is not None else None) or {}
