"""An error report is also posted in the reporter's "Signalements" forum."""

import pytest

from content.services import error_report_create
from forums.models import Forum, Thread

pytestmark = pytest.mark.django_db


def test_a_report_opens_a_thread_in_the_preparations_reports_forum(
    candidate, other_candidate, exam_course, preparation
):
    activity = exam_course.activities.first()
    report = error_report_create(
        actor=candidate, activity=activity, text="La date du concours est erronée."
    )
    forum = Forum.objects.get(preparation=preparation, kind=Forum.Kind.REPORTS)
    thread = Thread.objects.get(forum=forum)
    assert thread.author == candidate
    assert activity.title in thread.title
    post = thread.posts.get()
    assert "La date du concours est erronée." in post.body
    assert f"/erreurs-signalees/{report.pk}/" in post.body


def test_staff_report_without_preparation_has_no_thread(trainer, exam_course):
    error_report_create(
        actor=trainer, activity=exam_course.activities.first(), text="Lien cassé dans la fiche."
    )
    assert not Thread.objects.exists()
