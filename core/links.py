"""Links to many rows of one page for the price of one ``reverse()``."""

from collections.abc import Callable

from django.urls import reverse

_SENTINEL = "987654321"


def url_maker(viewname: str, *args) -> Callable[[object], str]:
    """``last -> reverse(viewname, args=[*args, last])``, resolved once: the
    URL of a sentinel in place of ``last``, with each value swapped in. A
    table of 40 to 60 rows would otherwise spend more in ``reverse()`` than
    in the rest of the row."""
    head, found, tail = reverse(viewname, args=[*args, _SENTINEL]).rpartition(_SENTINEL)
    if not found:  # a pattern that does not show the value as is
        return lambda last: reverse(viewname, args=[*args, last])
    return lambda last: f"{head}{last}{tail}"
