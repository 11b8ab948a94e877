"""Page fragments cached in Redis, keyed on the last change.

The costly part of a busy page (the dashboard's course cards, a course
outline, the tutor board, a forum thread's messages) is rendered once and
kept under a key that holds the *generations* of the scopes it depends on:

- ``user:<id>``: what belongs to one person (enrolments, registrations,
  completions, copies, extensions, tutoring exchanges, subscriptions...);
- ``content``: what staff edit (preparations, courses, sections,
  activities, events, assignments, forums, centres);
- ``forum-thread:<id>``: one forum thread and its messages.

A save or delete of a watched model gives the scopes it feeds a new
generation (see ``watch_users``, ``watch_content``, ``watch_scopes``; each
app registers its models in ``AppConfig.ready``). The next request then
builds a new key and renders afresh; the old entry is never read again and
expires. What changes with time alone (an event that becomes past, "3 days
left", a candidate becoming "at risk") is bounded by a short timeout,
``FRAGMENT_CACHE_SECONDS`` (0 turns the cache off).

A generation is bumped at once *and* again when the transaction commits:
a request that read the old rows before the commit cannot store them under
the new generation. Writes that bypass signals (``QuerySet.update``,
``bulk_create``) must call ``bump`` themselves.

Keys are per user where the fragment is per user; a fragment that holds a
form also varies on the CSRF secret, which changes at each login.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.middleware.csrf import get_token
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

CONTENT = "content"
_GENERATION_SECONDS = 24 * 3600
_BYPASS: ContextVar[bool] = ContextVar("fragments_bypass", default=False)
# Within one request, the generations already read (``RequestGenerations``).
_SEEN: ContextVar[dict[str, str] | None] = ContextVar("fragments_seen", default=None)


def user_scope(user_or_id) -> str:
    return f"user:{getattr(user_or_id, 'pk', user_or_id)}"


def _generation_key(scope: str) -> str:
    return f"fragments:gen:{scope}"


def _new_generation() -> str:
    return f"{time.time_ns():x}"


def enabled() -> bool:
    return bool(getattr(settings, "FRAGMENT_CACHE_SECONDS", 0))


@contextmanager
def bypass() -> Iterator[None]:
    """Inside this block every fragment is built afresh, neither read from
    nor stored in the cache (writes still renew generations): what a first
    visit, or the first visit after a change, costs. The query budgets and
    the benchmark's cold phases measure pages this way."""
    token = _BYPASS.set(True)
    try:
        yield
    finally:
        _BYPASS.reset(token)


class RequestGenerations:
    """Middleware: within one request, a scope's generation is read from the
    cache once, however many fragments depend on it (a forum thread reads
    ``content`` for the user's rights, the messages and the reply form:
    three round trips saved). A bump in this process updates what the
    request has seen; another process's bump is seen by the next request,
    as it would be had it come a moment later."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _SEEN.set({})
        try:
            return self.get_response(request)
        finally:
            _SEEN.reset(token)


def generations(scopes: Iterable[str]) -> list[str]:
    """The current generation of each scope, in one cache round trip (none
    for the scopes this request has already read); a scope seen for the
    first time (or evicted) gets a fresh one."""
    scopes = list(scopes)
    seen = _SEEN.get()
    if seen is None:
        seen = {}
    wanted = [scope for scope in dict.fromkeys(scopes) if scope not in seen]
    if wanted:
        keys = {_generation_key(scope): scope for scope in wanted}
        found = cache.get_many(list(keys))
        missing = {key: _new_generation() for key in keys if key not in found}
        if missing:
            cache.set_many(missing, timeout=_GENERATION_SECONDS)
        for key, scope in keys.items():
            seen[scope] = found.get(key) or missing[key]
    return [seen[scope] for scope in scopes]


def bump(*scopes: str) -> None:
    """Give ``scopes`` new generations now and once more on commit."""
    scopes = tuple(scope for scope in scopes if scope)
    if not scopes or not enabled():
        return

    def _bump():
        new = {scope: _new_generation() for scope in scopes}
        cache.set_many(
            {_generation_key(scope): value for scope, value in new.items()},
            timeout=_GENERATION_SECONDS,
        )
        seen = _SEEN.get()
        if seen is not None:
            seen.update(new)

    _bump()
    transaction.on_commit(_bump)


def csrf_variant(request) -> str:
    """A short digest of the CSRF secret, for fragments that hold a form.
    ``get_token`` first: a visitor without the cookie yet gets their secret
    now (and in the response), so their fragment is keyed on it."""
    get_token(request)
    secret = request.META.get("CSRF_COOKIE", "")
    return hashlib.sha256(secret.encode()).hexdigest()[:16]


def cached_value(
    name: str,
    scopes: Iterable[str],
    build: Callable[[], object],
    *,
    vary: Iterable[object] = (),
):
    """What ``build()`` returns (anything the cache can pickle), from the
    cache while its scopes have not changed. ``vary`` adds what else it
    depends on (the user, a page number, a permission...)."""
    if not enabled() or _BYPASS.get():
        return build()
    parts = [name, get_language() or "", *generations(list(scopes)), *map(str, vary)]
    key = "fragments:v:" + hashlib.sha256("|".join(parts).encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout=settings.FRAGMENT_CACHE_SECONDS)
    return value


def cached(
    name: str,
    scopes: Iterable[str],
    build: Callable[[], str],
    *,
    vary: Iterable[object] = (),
) -> SafeString:
    """The HTML that ``build()`` renders (a template), cached as
    ``cached_value`` does."""
    html = cached_value(name, scopes, lambda: str(build()), vary=vary)
    return mark_safe(html)  # noqa: S308 - rendered by a template


# --- Watching models ----------------------------------------------------------


def _follow(instance, path: str):
    """The id that ``path`` points to from ``instance``: "pk" is its own,
    "candidate" its ``candidate_id``, "submission.candidate" the
    submission's ``candidate_id``; None where a link is empty."""
    if path == "pk":
        return instance.pk
    *links, last = path.split(".")
    obj = instance
    for link in links:
        obj = getattr(obj, link, None)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id", None)


def watch_scopes(model, scopes_of: Callable[[object], Iterable[str]]) -> None:
    """On every save or delete of ``model``, bump ``scopes_of(instance)``."""

    def receiver(sender, instance, **kwargs):
        if kwargs.get("raw"):
            return
        bump(*scopes_of(instance))

    post_save.connect(receiver, sender=model, weak=False)
    post_delete.connect(receiver, sender=model, weak=False)


def watch_users(model, *paths: str) -> None:
    """``model`` feeds the ``user:<id>`` scope of each user its ``paths``
    point to ("candidate", "submission.candidate"...)."""
    watch_scopes(model, lambda obj: [user_scope(uid) for p in paths if (uid := _follow(obj, p))])


def watch_content(*models) -> None:
    """``models`` are edited by staff and feed the ``content`` scope."""
    for model in models:
        watch_scopes(model, lambda obj: [CONTENT])


def watch_m2m(*throughs) -> None:
    """A many-to-many change (centre coordinators, assignment trainers...)
    bumps ``content``, which every cached fragment depends on."""

    def receiver(sender, action, **kwargs):
        if action.startswith("post_"):
            bump(CONTENT)

    for through in throughs:
        m2m_changed.connect(receiver, sender=through, weak=False)
