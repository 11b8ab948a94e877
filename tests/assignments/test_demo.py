from io import StringIO

import pytest
from django.core.management import call_command

from assignments.models import Assignment, Submission, SubmissionFile

pytestmark = pytest.mark.django_db


def test_seed_demo_gives_the_candidate_a_returned_and_a_pending_copy(client):
    call_command("seed_demo", stdout=StringIO())
    counts = (Assignment.objects.count(), Submission.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (Assignment.objects.count(), Submission.objects.count()) == counts
    assert counts[0] >= 2
    statuses = set(
        Submission.objects.filter(candidate__username="candidat").values_list("status", flat=True)
    )
    assert statuses == {"returned", "submitted"}
    file = SubmissionFile.objects.filter(submission__candidate__username="candidat").first()
    with file.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert client.login(username="formateur", password="callisto-demo")
    assert client.get("/devoirs/a-corriger/").status_code == 200
    assert client.login(username="candidat", password="callisto-demo")
    html = client.get("/devoirs/").content.decode()
    assert "13,5 / 20" in html


def test_seed_links_the_assignment_activities_of_the_courses(exam_course, trainer):
    from accounts.demo import seed as seed_accounts
    from assignments.demo import seed
    from courses.models import Activity
    from tests.factories import ActivityFactory

    seed_accounts(StringIO())
    activity = ActivityFactory(
        section=exam_course.sections.first(),
        kind=Activity.Kind.ASSIGNMENT,
        title="Devoir : note de synthèse n° 1",
    )
    seed(StringIO())
    seed(StringIO())
    assignment = Assignment.objects.get(activity=activity)
    assert assignment.title == activity.title and assignment.course == exam_course
