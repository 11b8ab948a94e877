from io import StringIO

import pytest

from assignments.models import Assignment

pytestmark = pytest.mark.django_db


def test_seed_links_the_assignment_activities_of_the_courses(exam_course, trainer):
    from courses.models import Activity
    from demo.accounts import seed as seed_accounts
    from demo.assignments import seed
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
