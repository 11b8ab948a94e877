"""Named hooks: how an app lower in the stack uses a feature of an app above
it without importing it (the import contracts in pyproject.toml: core knows
no app, the apps form no cycle).

The app that has the feature hands its function to ``provide`` from its
``AppConfig.ready``; the app that needs it calls ``call(name, ...)`` and
gets ``default`` when no installed app provides it. Each name is written
once, here, with what it takes and returns, so a reader finds every hook in
one place.
"""

from collections.abc import Callable
from typing import Any

HOOKS = {
    # calendar_app
    "calendar.upcoming_for": "(user, *, limit) -> list of the next dated things",
    "calendar.workshop_dates_for": "(activity ids) -> {activity id: next workshop date}",
    "calendar.calendar_links_for": "(user) -> list of calendar links (ICS, PDF)",
    "calendar.url_for_activity": "(activity) -> URL of a workshop activity's sessions or None",
    # content
    "content.media_for": "(activity) -> dict of the media player's data or None",
    "content.my_reports_html": "(user, activity) -> HTML of the user's error reports",
}

_providers: dict[str, Callable[..., Any]] = {}


def provide(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    if name not in HOOKS:
        raise KeyError(f"unknown hook {name!r}: add it to core.hooks.HOOKS")
    _providers[name] = function
    return function


def call(name: str, *args, default: Any = None, **kwargs) -> Any:
    if name not in HOOKS:
        raise KeyError(f"unknown hook {name!r}: add it to core.hooks.HOOKS")
    function = _providers.get(name)
    if function is None:
        return default
    return function(*args, **kwargs)
