"""What each role reads (a table written from the rules, that predicates and
selectors must both match), for every role fixture."""

import datetime

import pytest
from django.utils import timezone

from courses.models import Activity
from courses.permissions import can_tick, can_view_activity, can_view_course
from courses.selectors import activities_visible_to, courses_visible_to
from tests.courses.conftest import ROLES
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db


# The courses each role reads, written from the rules (DESIGN.md), not from
# the selectors: a candidate of the external librarian exam (Callisto or
# regional preparation) reads its exam course and the shared ones, their
# tutor the same (RAEP only comes with an internal or professional exam,
# DESIGN.md), a trainer or producer the courses they are staff of, a
# coordinator or someone with no role nothing, an administrator everything.
CANDIDATE_COURSES = {"fondamentaux", "ateliers", "bibliothecaire"}
COURSES_READ = {
    "candidate": CANDIDATE_COURSES,
    "other_candidate": CANDIDATE_COURSES,
    "candidate_other_centre": CANDIDATE_COURSES,
    "tutor": CANDIDATE_COURSES,
    "other_tutor": CANDIDATE_COURSES,
    "trainer": {"bibliothecaire"},
    "other_trainer": {"ateliers"},
    "producer": {"fondamentaux", "ateliers", "raep", "bibliothecaire", "conservateur"},
    "coordinator": set(),
    "other_coordinator": set(),
    "admin_user": {"fondamentaux", "ateliers", "raep", "bibliothecaire", "conservateur"},
    "user": set(),
}


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_who_reads_which_course_and_activity(people, courses, role):
    user = people[role]
    expected = COURSES_READ[role]
    assert {slug for slug, course in courses.items() if can_view_course(user, course)} == expected
    listed = set(courses_visible_to(user))
    assert {slug for slug, course in courses.items() if course in listed} == expected
    slug_of = {course.pk: slug for slug, course in courses.items()}
    listed_activities = set(activities_visible_to(user))
    for activity in Activity.objects.all():
        readable = slug_of[activity.course_id] in expected
        assert can_view_activity(user, activity) is readable, activity
        assert (activity in listed_activities) is readable, activity
        if can_tick(user, activity):
            assert readable


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
