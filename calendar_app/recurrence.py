"""Monthly workshop series: the dates of the sessions and their local
times in Paris (no I/O).

The rule is the one French training calendars use: the same weekday in the
same week of the month as the first session ("le 2e jeudi de chaque mois").
A first session in the last seven days of its month that is its fifth such
weekday repeats on the last one ("le dernier jeudi de chaque mois"), which
every month has. Each session keeps the wall-clock time of the first in
Paris, across the changes to and from summer time (docs/decisions/0013)."""

import calendar
import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

PARIS = ZoneInfo(settings.TIME_ZONE)

# A monthly series has at most this many sessions (a preparation year).
MAX_OCCURRENCES = 12

LAST = 5  # "the last <weekday> of the month"

# The years the calendar shows (``forms.parse_month``): a session outside
# them could not be found in the month view.
YEARS = range(2000, 2101)


def week_of_month(day: datetime.date) -> int:
    """1 to 4 for the first to fourth ``day.weekday()`` of its month,
    ``LAST`` for a fifth one (always the last)."""
    return min((day.day - 1) // 7 + 1, LAST)


def nth_weekday(year: int, month: int, weekday: int, week: int) -> datetime.date:
    """The ``week``-th ``weekday`` (Monday 0) of the month, the last one for
    ``LAST``."""
    if week == LAST:
        last = datetime.date(year, month, calendar.monthrange(year, month)[1])
        return last - datetime.timedelta(days=(last.weekday() - weekday) % 7)
    first = datetime.date(year, month, 1)
    return first + datetime.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (week - 1))


def monthly_dates(first: datetime.date, count: int) -> list[datetime.date]:
    """``count`` dates, one a month from ``first``'s month, on ``first``'s
    weekday and week of the month. Raises ``OverflowError`` past year 9999."""
    week = week_of_month(first)
    dates = []
    for index in range(count):
        months = first.year * 12 + first.month - 1 + index
        year, month = divmod(months, 12)
        if year > datetime.MAXYEAR:
            raise OverflowError("date out of range")
        dates.append(nth_weekday(year, month + 1, first.weekday(), week))
    return dates


def rule_label(first: datetime.date) -> str:
    """The rule in words: "le 2e jeudi de chaque mois"."""
    weekday = [
        pgettext("every month", "Monday"),
        pgettext("every month", "Tuesday"),
        pgettext("every month", "Wednesday"),
        pgettext("every month", "Thursday"),
        pgettext("every month", "Friday"),
        pgettext("every month", "Saturday"),
        pgettext("every month", "Sunday"),
    ][first.weekday()]
    week = week_of_month(first)
    if week == LAST:
        return _("the last %(weekday)s of each month") % {"weekday": weekday}
    ordinals = {
        1: pgettext("weekday of the month", "1st"),
        2: pgettext("weekday of the month", "2nd"),
        3: pgettext("weekday of the month", "3rd"),
        4: pgettext("weekday of the month", "4th"),
    }
    return _("the %(ordinal)s %(weekday)s of each month") % {
        "ordinal": ordinals[week],
        "weekday": weekday,
    }


def paris_datetime(day: datetime.date, time: datetime.time) -> datetime.datetime | None:
    """``day`` at ``time`` in Paris, aware; None when that time does not
    exist that day (skipped when the clocks go forward in March). A time
    that happens twice (October) is the first of the two."""
    local = datetime.datetime.combine(day, time, tzinfo=PARIS)
    back = local.astimezone(datetime.UTC).astimezone(PARIS)
    if back.replace(tzinfo=None) != local.replace(tzinfo=None):
        return None
    return local
