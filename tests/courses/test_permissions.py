"""Each predicate agrees with its selector, for every role fixture."""

import pytest

from courses.models import Activity
from courses.permissions import can_tick, can_view_activity, can_view_course
from courses.selectors import activities_visible_to, courses_visible_to
from tests.courses.conftest import ROLES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_predicates_and_selectors_agree(people, courses, role):
    user = people[role]
    visible_courses = set(courses_visible_to(user))
    visible_activities = set(activities_visible_to(user))
    for course in courses.values():
        assert can_view_course(user, course) == (course in visible_courses)
    for activity in Activity.objects.all():
        assert can_view_activity(user, activity) == (activity in visible_activities)
        if can_tick(user, activity):
            assert activity in visible_activities


def test_only_active_candidates_tick(people, courses):
    activity = courses["bibliothecaire"].activities.first()
    tickers = {role for role, user in people.items() if can_tick(user, activity)}
    assert tickers == {"candidate", "other_candidate", "candidate_other_centre"}
