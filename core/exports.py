"""Exports are limited per person: a data export ("Mes données"), a CSV or
ODS table (registrations, a glossary; every new export calls it) costs the
server and, in the wrong hands, copies data in bulk, so each person may
start ``EXPORTS_PER_HOUR`` of them per clock hour, all kinds together.

The count lives in the cache (Redis in every served profile), so it is one
count for all the web workers; a refused export gets a French 429 page
saying when to try again (``Retry-After`` too), and nothing is made.

A view or admin action calls :func:`refusal` before exporting::

    if (refused := exports.refusal(request)) is not None:
        return refused
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.template.loader import render_to_string

WINDOW_SECONDS = 3600


def _limit() -> int:
    return int(getattr(settings, "EXPORTS_PER_HOUR", 10))


def retry_after(user) -> int:
    """0 when ``user`` may export now (the export is then counted), else the
    seconds until they may. A fixed window per hour, keyed by the account."""
    now = int(time.time())
    window = now // WINDOW_SECONDS
    key = f"exports:{user.pk}:{window}"
    cache.add(key, 0, timeout=WINDOW_SECONDS + 60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=WINDOW_SECONDS + 60)
        count = 1
    if count <= _limit():
        return 0
    return (window + 1) * WINDOW_SECONDS - now


def refusal(request) -> HttpResponse | None:
    """The 429 page when the requesting person is over their export limit,
    else None (and this export is counted)."""
    wait = retry_after(request.user)
    if not wait:
        return None
    minutes = max(1, -(-wait // 60))
    response = HttpResponse(
        render_to_string(
            "core/too_many_exports.html", {"minutes": minutes, "limit": _limit()}, request=request
        ),
        status=429,
    )
    response["Retry-After"] = str(wait)
    return response
