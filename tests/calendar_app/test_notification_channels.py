"""The workshop and deadline channels of "Mon compte": a notification on the
site whatever the channel, the reminder email only with "Email at once"."""

import datetime
from unittest import mock

import pytest

from assignments.api import Deadline
from calendar_app.reminders import reminders_queue_due
from notifications.models import Notification, Preference
from tests.calendar_app.factories import WorkshopRegistrationFactory, paris
from tests.mail_helpers import outbox

pytestmark = pytest.mark.django_db

THE_DAY_BEFORE = datetime.date(2026, 11, 19)


def _run(capture, today=THE_DAY_BEFORE):
    with capture(execute=True):
        return reminders_queue_due(today=today)


@pytest.mark.parametrize(("channel", "emails"), [("immediate", 1), ("in_site", 0), ("digest", 0)])
def test_workshop_channel_is_obeyed(
    django_capture_on_commit_callbacks, candidate, workshop, channel, emails
):
    Preference.objects.create(user=candidate, kind="workshop", channel=channel)
    WorkshopRegistrationFactory(event=workshop, user=candidate)
    _run(django_capture_on_commit_callbacks)
    assert len(outbox()) == emails
    note = Notification.objects.get(user=candidate, kind="workshop")
    assert note.title == f"Atelier demain\xa0: {workshop.title}"
    assert note.channel == channel
    _run(django_capture_on_commit_callbacks)  # twice: one notification
    assert Notification.objects.filter(user=candidate, kind="workshop").count() == 1


def _deadline(due_at):
    return Deadline(
        title="Note de synthèse n° 1",
        due_at=due_at,
        course_id=1,
        course_title="Devenir bibliothécaire",
        url="/devoirs/1/",
        assignment_id=1,
    )


@pytest.mark.parametrize(("channel", "emails"), [("immediate", 1), ("in_site", 0), ("digest", 0)])
def test_deadline_channel_is_obeyed(django_capture_on_commit_callbacks, candidate, channel, emails):
    Preference.objects.create(user=candidate, kind="deadline", channel=channel)
    deadline = _deadline(paris(2026, 11, 22, 23, 59))  # in three days: the email

    def deadlines_for(user, start, end):
        return [deadline] if user == candidate and start <= deadline.due_at < end else []

    with mock.patch("calendar_app.reminders.assignments_api.deadlines_for", deadlines_for):
        _run(django_capture_on_commit_callbacks)
    assert len(outbox()) == emails


def test_deadline_in_48_hours_is_notified(django_capture_on_commit_callbacks, candidate):
    deadline = _deadline(paris(2026, 11, 21, 12, 0))  # in two days

    def deadlines_for(user, start, end):
        return [deadline] if user == candidate and start <= deadline.due_at < end else []

    with mock.patch("calendar_app.reminders.assignments_api.deadlines_for", deadlines_for):
        _run(django_capture_on_commit_callbacks)
        _run(django_capture_on_commit_callbacks)
    (note,) = Notification.objects.filter(user=candidate, kind="deadline")
    assert note.title == "À rendre dans 48 heures\xa0: Note de synthèse n° 1"
    assert note.url == "/devoirs/1/"
    assert outbox() == []  # the email goes three days before, not two
