"""Dates written the French way: "1er avril", not "1 avril" (Django's
``date`` filter and ``formats.date_format`` print the bare number)."""

from django.utils import dateformat, formats, timezone
from django.utils.translation import get_language


class _DateFormat(dateformat.DateFormat):
    def j(self):
        """Day of the month; the first is "1er" in French."""
        day = self.data.day
        return "1er" if day == 1 and (get_language() or "").startswith("fr") else str(day)


def date_format(value, format_string: str) -> str:
    """``value`` (a date, or an aware datetime shown in the current time
    zone) in ``format_string`` (a format or a format name such as
    ``"DATE_FORMAT"``), as ``django.utils.formats.date_format`` with "1er"."""
    if value in (None, ""):
        return ""
    if hasattr(value, "tzinfo") and timezone.is_aware(value):
        value = timezone.localtime(value)
    return _DateFormat(value).format(formats.get_format(format_string))
