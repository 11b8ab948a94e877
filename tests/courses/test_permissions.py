"""Each predicate agrees with its selector, for every role fixture."""

import datetime

import pytest
from django.utils import timezone

from courses.models import Activity
from courses.permissions import can_tick, can_view_activity, can_view_course
from courses.selectors import activities_visible_to, courses_visible_to
from tests.courses.conftest import ROLES
from tests.factories import ActivityFactory

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


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_a_course_marked_with_its_edit_flag_shows_the_same_activities(people, courses, role):
    """Course pages fetch the course with ``edit_flag=True`` and then list its
    activities without subqueries: the same rows as the general rule, hidden
    and not yet available activities included for the course's staff only."""
    user = people[role]
    for course in courses.values():
        ActivityFactory(section=course.sections.first(), is_visible=False)
        ActivityFactory(
            section=course.sections.first(),
            available_from=timezone.now() + datetime.timedelta(days=3),
        )
    for course in courses_visible_to(user, edit_flag=True):
        expected = set(activities_visible_to(user).filter(course=course))
        assert set(activities_visible_to(user, course)) == expected, course
    # A course marked for someone else is not trusted: the general rule applies.
    other = people["producer"]
    for course in courses_visible_to(other, edit_flag=True):
        expected = set(activities_visible_to(user).filter(course=course))
        assert set(activities_visible_to(user, course)) == expected, course
