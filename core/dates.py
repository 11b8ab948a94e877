"""Dates as French readers write them: « 1er septembre 2027 », never
« 1 septembre ». Every date shown with its day and month goes through
``format_date`` (templates: ``{% load dates %}{{ value|fr_date:"j F Y" }}``)."""

import datetime

from django.utils import formats, timezone
from django.utils.dateformat import format as django_format
from django.utils.translation import get_language

# Format characters that print the day of the month as a number without a
# leading zero ("j"); in French the first day is an ordinal.
_FIRST = "1\\e\\r"


def _first_of_month(fmt: str) -> str:
    """``fmt`` with each unescaped ``j`` written « 1er »."""
    out, escaped = [], False
    for char in fmt:
        if escaped:
            out.append("\\" + char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "j":
            out.append(_FIRST)
        else:
            out.append(char)
    return "".join(out)


def format_date(value, fmt: str = "DATE_FORMAT") -> str:
    """``value`` (a date or an aware datetime, shown in local time) in the
    Django format ``fmt`` or a named format (``DATE_FORMAT``...), with the
    first day of a month written « 1er » in French."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    fmt = formats.get_format(fmt) if fmt.isupper() else fmt
    if value.day == 1 and (get_language() or "").startswith("fr"):
        fmt = _first_of_month(fmt)
    return django_format(value, fmt)
