"""Error reports: anyone who reads an activity reports; the activity is
flagged "À relire"; the reporter follows the answer."""

import datetime

import pytest
from django.urls import reverse

from content.models import ErrorReport
from content.selectors import activities_to_review
from courses.models import Activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(exam_course):
    Activity.objects.update(last_reviewed_on=datetime.date(2026, 11, 1))
    return Activity.objects.filter(course=exam_course).first()


def test_report_flags_the_activity_and_the_reporter_follows_the_answer(
    client, candidate, producer, activity
):
    client.force_login(candidate)
    response = client.post(
        reverse("content:report_create", args=[activity.pk]),
        {"text": "La date de la loi citée au deuxième paragraphe est 2003, pas 2013."},
    )
    report = ErrorReport.objects.get()
    assert response.url == report.get_absolute_url()
    assert (report.reporter, report.status) == (candidate, "open")
    assert activity in set(activities_to_review(producer, activity.last_reviewed_on))

    client.force_login(producer)
    queue = client.get(reverse("content:report_list")).content.decode()
    assert activity.title in queue
    client.post(report.get_absolute_url(), {"status": "resolved", "answer": "Corrigé, merci !"})
    report.refresh_from_db()
    assert (report.status, report.answered_by) == ("resolved", producer)
    assert activity not in set(activities_to_review(producer, activity.last_reviewed_on))

    client.force_login(candidate)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Corrigé, merci !" in page and "corrigé" in page
    mine = client.get(reverse("content:report_list")).content.decode()
    assert "Mes signalements" in mine and activity.title in mine


def test_too_short_report_shows_an_error_and_saves_nothing(client, candidate, activity):
    client.force_login(candidate)
    response = client.post(reverse("content:report_create", args=[activity.pk]), {"text": "faux"})
    assert response.status_code == 200
    assert "au moins 10 caractères" in response.content.decode()
    assert not ErrorReport.objects.exists()


def test_reporter_cannot_answer_their_own_report(client, candidate, activity):
    report = ErrorReport.objects.create(activity=activity, reporter=candidate, text="x" * 20)
    client.force_login(candidate)
    response = client.post(report.get_absolute_url(), {"status": "resolved", "answer": "ok"})
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == "open"


def test_activity_footer_offers_the_report_link(activity):
    from content.api import activity_footer_html

    activity.last_reviewed_on = datetime.date(2026, 3, 15)
    html = activity_footer_html(activity)
    assert "Mis à jour le 15 mars 2026" in html
    assert reverse("content:report_create", args=[activity.pk]) in html
