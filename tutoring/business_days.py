"""Business days for tutors' answers: Monday to Friday, French public
holidays excluded (the ``holidays`` package, metropolitan France).

A candidate message is due ``delay`` business days after the day it counts
from: the day it was sent when that is a business day before the end of the
working day (``TUTORING_WORKDAY_END_HOUR``, 18:00 Paris time), otherwise the
next business day. So a message sent on Monday at 10:00 is due on Wednesday;
one sent on Friday at 18:30, on Saturday or on 14 July counts from the next
business day and is due two business days after it."""

import datetime
from functools import lru_cache

import holidays
from django.conf import settings
from django.utils import timezone


@lru_cache(maxsize=32)
def _french_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("FR", years=year).keys())


def is_business_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _french_holidays(day.year)


def next_business_day(day: datetime.date) -> datetime.date:
    """The first business day strictly after ``day``."""
    day += datetime.timedelta(days=1)
    while not is_business_day(day):
        day += datetime.timedelta(days=1)
    return day


def add_business_days(day: datetime.date, count: int) -> datetime.date:
    for _ in range(count):
        day = next_business_day(day)
    return day


def counts_from(sent_at: datetime.datetime) -> datetime.date:
    """The business day a message sent at ``sent_at`` counts from."""
    local = timezone.localtime(sent_at)
    day = local.date()
    if is_business_day(day) and local.hour < settings.TUTORING_WORKDAY_END_HOUR:
        return day
    return next_business_day(day)


def reply_due_on(sent_at: datetime.datetime, delay: int | None = None) -> datetime.date:
    """The day by which the tutor should answer a message sent at ``sent_at``."""
    if delay is None:
        delay = settings.TUTORING_REPLY_DELAY_BUSINESS_DAYS
    return add_business_days(counts_from(sent_at), delay)
