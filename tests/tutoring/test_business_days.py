"""Answer due dates in business days (Monday to Friday, French holidays off),
default delay 2 business days, working day ending at 18:00 Paris time."""

import datetime
import zoneinfo

import pytest

from tutoring.business_days import counts_from, is_business_day, reply_due_on

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def at(y, m, d, h=10, minute=0):
    return datetime.datetime(y, m, d, h, minute, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("sent_at", "due"),
    [
        # Monday morning: Monday counts, due Wednesday.
        (at(2026, 11, 23), datetime.date(2026, 11, 25)),
        # Friday 10:00 counts from Friday: due Tuesday.
        (at(2026, 11, 27), datetime.date(2026, 12, 1)),
        # Friday 18:00 (evening) counts from Monday: due Wednesday.
        (at(2026, 11, 27, 18), datetime.date(2026, 12, 2)),
        (at(2026, 11, 27, 17, 59), datetime.date(2026, 12, 1)),
        # Saturday and Sunday count from Monday.
        (at(2026, 11, 28), datetime.date(2026, 12, 2)),
        (at(2026, 11, 29, 23, 30), datetime.date(2026, 12, 2)),
        # 14 July 2027 is a Wednesday: counts from Thursday 15, due Monday 19.
        (at(2027, 7, 14), datetime.date(2027, 7, 19)),
        # Monday 13 July 2027 (eve of the holiday): Mon counts, Tue, 14 July off → Thu 15.
        (at(2027, 7, 12), datetime.date(2027, 7, 14) + datetime.timedelta(days=1)),
        # Easter Monday 2027 (29 March): counts from Tuesday, due Thursday 1 April.
        (at(2027, 3, 29), datetime.date(2027, 4, 1)),
        # Ascension 2027 is Thursday 6 May: a Wednesday message is due Monday 10.
        (at(2027, 5, 5), datetime.date(2027, 5, 10)),
        # Friday 7 May 2027 evening, 8 May (Saturday), Whit Monday 17 May.
        (at(2027, 5, 7, 19), datetime.date(2027, 5, 12)),
        (at(2027, 5, 14, 19), datetime.date(2027, 5, 20)),
        # Long May weekend 2026: Friday 1 May (holiday) counts from Monday 4, due Wednesday 6;
        # Thursday 7 May, Friday 8 May off: due Tuesday 12.
        (at(2026, 5, 1), datetime.date(2026, 5, 6)),
        (at(2026, 5, 7), datetime.date(2026, 5, 12)),
        # Christmas 2026 is a Friday: Thursday 24 evening counts from Monday 28, due Wednesday 30.
        (at(2026, 12, 24, 19), datetime.date(2026, 12, 30)),
        (at(2026, 12, 25), datetime.date(2026, 12, 30)),
        # New Year 2027 (Friday): Thursday 31 December 10:00 counts, due Tuesday 5 January.
        (at(2026, 12, 31), datetime.date(2027, 1, 5)),
    ],
)
def test_reply_due_on(sent_at, due):
    assert reply_due_on(sent_at) == due


def test_utc_times_are_read_in_paris_time():
    # 17:30 UTC on a winter Friday is 18:30 in Paris: the evening rule applies.
    sent = datetime.datetime(2026, 11, 27, 17, 30, tzinfo=datetime.UTC)
    assert counts_from(sent) == datetime.date(2026, 11, 30)


def test_delay_comes_from_settings(settings):
    settings.TUTORING_REPLY_DELAY_BUSINESS_DAYS = 1
    assert reply_due_on(at(2026, 11, 27)) == datetime.date(2026, 11, 30)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2027, 7, 14), False),
        (datetime.date(2027, 5, 6), False),
        (datetime.date(2026, 12, 25), False),
        (datetime.date(2027, 3, 29), False),
        (datetime.date(2026, 11, 28), False),
        (datetime.date(2026, 11, 26), True),
    ],
)
def test_business_day(day, expected):
    assert is_business_day(day) is expected
