"""Yearly review ("À relire") and its monthly reminder, with a fixed date."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from content import services, tasks
from content.models import ReviewRecord, ReviewReminder
from content.selectors import activities_to_review
from courses.models import Activity

from .factories import ErrorReportFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 1)


@pytest.fixture
def dated(courses):
    """Every standard activity reviewed recently, but two in the exam course."""
    Activity.objects.update(last_reviewed_on=TODAY - datetime.timedelta(days=30))
    course = courses["bibliothecaire"]
    stale, never, fresh = Activity.objects.filter(course=course).order_by("pk")[:2], None, None
    old = stale[0]
    old.last_reviewed_on = TODAY - datetime.timedelta(days=400)
    old.save()
    never = stale[1]
    never.last_reviewed_on = None
    never.save()
    fresh = Activity.objects.filter(course=courses["fondamentaux"]).first()
    return {"old": old, "never": never, "fresh": fresh}


def test_to_review_lists_stale_never_reviewed_and_flagged(producer, dated, candidate):
    flagged = dated["fresh"]
    ErrorReportFactory(activity=flagged, reporter=candidate)
    listed = set(activities_to_review(producer, TODAY))
    assert listed == {dated["old"], dated["never"], flagged}
    assert [a.open_reports for a in activities_to_review(producer, TODAY) if a == flagged] == [1]


def test_exactly_one_year_old_is_due(producer, dated):
    dated["old"].last_reviewed_on = TODAY - datetime.timedelta(days=365)
    dated["old"].save()
    assert dated["old"] in set(activities_to_review(producer, TODAY))
    dated["old"].last_reviewed_on = TODAY - datetime.timedelta(days=364)
    dated["old"].save()
    assert dated["old"] not in set(activities_to_review(producer, TODAY))


def test_producer_marks_reviewed_with_a_note(client, producer, dated):
    client.force_login(producer)
    page = client.get(reverse("content:review_list")).content.decode()
    assert dated["old"].title in page
    client.post(
        reverse("content:review_mark", args=[dated["old"].pk]), {"note": "Dates vérifiées."}
    )
    dated["old"].refresh_from_db()
    assert dated["old"].last_reviewed_on is not None
    record = ReviewRecord.objects.get(activity=dated["old"])
    assert (record.reviewer, record.note) == (producer, "Dates vérifiées.")
    page = client.get(reverse("content:review_list")).content.decode()
    assert "est marquée comme relue" in page


def test_monthly_reminder_emails_each_production_group_its_list(
    producer, dated, courses, django_capture_on_commit_callbacks
):
    other = Activity.objects.filter(course=courses["raep"]).first()
    other.last_reviewed_on = None
    other.save()
    with django_capture_on_commit_callbacks(execute=True):
        created = tasks.send_review_reminders(TODAY.isoformat())
    assert len(created) == 2
    by_subject = {m.subject: m for m in mail.outbox}
    exam = by_subject["[Callisto] 2 activités à relire dans «\xa0Devenir bibliothécaire\xa0»"]
    assert exam.to == [producer.email]
    assert dated["old"].title in exam.body and dated["never"].title in exam.body
    assert "jamais relue" in exam.body and "/relecture/" in exam.body
    assert dated["fresh"].title not in exam.body
    assert "[Callisto] 1 activité à relire dans «\xa0RAEP\xa0»" in by_subject


def test_reminder_task_run_twice_sends_once(producer, dated, django_capture_on_commit_callbacks):
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            tasks.send_review_reminders(TODAY.isoformat())
    assert len(mail.outbox) == 1
    assert ReviewReminder.objects.get().sent_at is not None
    # The sending step itself is idempotent too.
    assert services.review_reminder_send(reminder_id=ReviewReminder.objects.get().pk) is False
    # Next month, a new reminder.
    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_review_reminders((TODAY + datetime.timedelta(days=31)).isoformat())
    assert len(mail.outbox) == 2


def test_nothing_to_review_sends_nothing(producer, courses):
    Activity.objects.update(last_reviewed_on=TODAY)
    assert tasks.send_review_reminders(TODAY.isoformat()) == []
    assert mail.outbox == []


def test_course_without_producer_is_skipped(dated):
    assert tasks.send_review_reminders(TODAY.isoformat()) == []


def test_beat_schedule_runs_the_task_monthly(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["content-review-reminders"]
    assert entry["task"] == "content.tasks.send_review_reminders"
    assert entry["schedule"].day_of_month == {1}


def test_mark_reviewed_service_dates_the_activity(producer, dated):
    services.activity_mark_reviewed(actor=producer, activity=dated["never"], today=TODAY)
    dated["never"].refresh_from_db()
    assert dated["never"].last_reviewed_on == TODAY


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("real_exams")
def test_reminder_through_a_real_worker(celery_worker_process, courses):
    from courses.services import enrol_staff
    from tests.factories import UserFactory

    producer = UserFactory(username="producer-worker")
    enrol_staff(user=producer, course=courses["raep"], role="producer")
    Activity.objects.update(last_reviewed_on=None)
    result = tasks.send_review_reminders.delay(TODAY.isoformat())
    assert len(result.get(timeout=60)) == 1
    reminder = ReviewReminder.objects.get()
    assert reminder.sent_at is not None and reminder.recipients == [producer.email]
