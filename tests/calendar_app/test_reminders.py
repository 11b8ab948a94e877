"""Reminder emails: the day before workshops and methodology classes, three
days before deadlines; once only, even when the task runs twice."""

import datetime
from unittest import mock

import pytest

from assignments.api import Deadline
from calendar_app.models import Reminder
from calendar_app.reminders import reminder_deliver, reminders_queue_due
from calendar_app.tasks import send_due_reminders
from tests.calendar_app.factories import EventFactory, WorkshopRegistrationFactory, paris
from tests.mail_helpers import outbox

pytestmark = pytest.mark.django_db

THE_DAY_BEFORE = datetime.date(2026, 11, 19)


def _run(capture, today=THE_DAY_BEFORE):
    with capture(execute=True):
        return reminders_queue_due(today=today)


def test_registered_candidates_get_one_reminder_the_day_before_a_workshop(
    django_capture_on_commit_callbacks, candidate, other_candidate, workshop
):
    WorkshopRegistrationFactory(event=workshop, user=candidate)
    assert _run(django_capture_on_commit_callbacks) == 1
    assert _run(django_capture_on_commit_callbacks) == 0  # the task ran twice
    assert len(outbox()) == 1
    email = outbox()[0]
    assert email.to == [candidate.email]
    assert email.subject == "Rappel\xa0: Atelier : l'actualité culturelle demain"
    assert "vendredi 20 novembre 2026, de 18:00 à 19:00" in email.body
    assert f"/calendrier/evenements/{workshop.pk}/" in email.body


def test_nothing_is_sent_two_days_before(django_capture_on_commit_callbacks, candidate, workshop):
    WorkshopRegistrationFactory(event=workshop, user=candidate)
    assert _run(django_capture_on_commit_callbacks, today=datetime.date(2026, 11, 18)) == 0
    assert outbox() == []


def test_methodology_class_reminds_active_candidates_of_the_preparation(
    django_capture_on_commit_callbacks,
    preparation,
    candidate,
    other_candidate,
    candidate_other_centre,
):
    other_candidate.registrations.update(status="withdrawn")
    EventFactory(
        preparation=preparation,
        title="Méthodologie de la note de synthèse",
        starts_at=paris(2026, 11, 20, 14, 0),
        ends_at=paris(2026, 11, 20, 17, 0),
    )
    _run(django_capture_on_commit_callbacks)
    assert [m.to for m in outbox()] == [[candidate.email]]
    assert "Lieu\xa0: Salle 2, CRFCB" in outbox()[0].body


def test_deadline_reminder_three_days_before_once(django_capture_on_commit_callbacks, candidate):
    deadline = Deadline(
        title="Note de synthèse n° 1",
        due_at=paris(2026, 11, 22, 23, 59),
        course_id=1,
        course_title="Devenir bibliothécaire",
        url="/devoirs/1/",
        assignment_id=1,
    )

    def deadlines_for(user, start, end):
        return [deadline] if user == candidate and start <= deadline.due_at < end else []

    with mock.patch("calendar_app.reminders.assignments_api.deadlines_for", deadlines_for):
        _run(django_capture_on_commit_callbacks)
        _run(django_capture_on_commit_callbacks)
    assert len(outbox()) == 1
    assert (
        outbox()[0].subject
        == "Rappel\xa0: «\xa0Note de synthèse n° 1\xa0» à rendre le dimanche 22 novembre"
    )
    assert "http://127.0.0.1:8000/devoirs/1/" in outbox()[0].body


def test_no_reminder_for_who_turned_them_off(
    django_capture_on_commit_callbacks, candidate, workshop
):
    WorkshopRegistrationFactory(event=workshop, user=candidate)
    with mock.patch("calendar_app.reminders.wants_reminders", return_value=False):
        _run(django_capture_on_commit_callbacks)
    assert outbox() == []
    assert not Reminder.objects.exists()


def test_delivering_twice_sends_once(candidate):
    reminder = Reminder.objects.create(user=candidate, key="k", subject="Rappel", body="Texte")
    assert reminder_deliver(reminder_id=reminder.pk) is True
    assert reminder_deliver(reminder_id=reminder.pk) is False
    assert len(outbox()) == 1
    from core.models import OutgoingEmail

    (row,) = OutgoingEmail.objects.filter(dedup_key=f"calendar.reminder:{reminder.pk}")
    assert (row.subject, row.status) == ("Rappel", "sent")
    reminder.refresh_from_db()
    assert reminder.sent_at and reminder.attempts == 1


def test_beat_task_runs_and_is_scheduled(settings, candidate):
    assert send_due_reminders.delay().get() == 0
    entry = settings.CELERY_BEAT_SCHEDULE["calendar-reminders"]
    assert entry["task"] == "calendar_app.tasks.send_due_reminders"


def test_a_reminder_left_unsent_is_sent_by_the_next_run(
    django_capture_on_commit_callbacks, candidate
):
    from django.utils import timezone

    stuck = Reminder.objects.create(
        user=candidate,
        key="event:lost",
        subject="Rappel",
        body="Texte",
        created_at=timezone.now() - datetime.timedelta(hours=1),
    )
    _run(django_capture_on_commit_callbacks)
    _run(django_capture_on_commit_callbacks)
    assert [m.subject for m in outbox()] == ["Rappel"]
    stuck.refresh_from_db()
    assert stuck.sent_at is not None
