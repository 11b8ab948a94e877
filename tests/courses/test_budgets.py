"""Query budgets: the dashboard, "Mes cours" and a course page cost the same
number of queries with 3 courses and with 30 courses x 50 activities."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.models import Activity, Completion, Course, Enrolment, LastVisit, Section

pytestmark = pytest.mark.django_db

BUDGET = 12


def big_catalogue(candidate, *, courses=30, activities=50) -> Course:
    """``courses`` more courses of ``activities`` activities each, the
    candidate enrolled in all of them with some done; returns one of them."""
    registration = candidate.registrations.get()
    made = Course.objects.bulk_create(
        Course(title=f"Cours {n}", slug=f"cours-gros-{n}", kind="fondamentaux", position=100 + n)
        for n in range(courses)
    )
    sections = Section.objects.bulk_create(
        Section(course=course, title=title, position=position, is_essential=essential)
        for course in made
        for position, (title, essential) in enumerate(
            [("Les incontournables", True), ("Méthodologie", False)]
        )
    )
    by_course = {}
    for section in sections:
        by_course.setdefault(section.course_id, []).append(section)
    created = Activity.objects.bulk_create(
        Activity(
            course=course,
            section=by_course[course.pk][n % 2],
            kind="sheet",
            title=f"Fiche {n}",
            position=n,
            completion_rule="manual" if n % 5 else "view",
        )
        for course in made
        for n in range(activities)
    )
    Enrolment.objects.bulk_create(
        Enrolment(user=candidate, course=course, role="candidate", registration=registration)
        for course in made
    )
    Completion.objects.bulk_create(
        Completion(user=candidate, activity=activity, source="manual") for activity in created[::3]
    )
    LastVisit.objects.create(user=candidate, course=made[0], activity=created[0])
    return made[0]


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def page_counts(client, course) -> dict[str, int]:
    return {
        "dashboard": count_queries(client, reverse("dashboard")),
        "my_courses": count_queries(client, reverse("courses:my_courses")),
        "course": count_queries(client, course.get_absolute_url()),
    }


def test_pages_cost_the_same_with_3_and_with_30_courses_of_50_activities(
    client, candidate, exam_course, django_assert_max_num_queries
):
    client.force_login(candidate)
    LastVisit.objects.create(
        user=candidate, course=exam_course, activity=exam_course.activities.first()
    )
    # Dashboard: session, user, enrolments (courses, registrations,
    # preparations, centres), tutored courses, progress (one aggregate), last
    # visit. Mes cours: the same without the last visit. Course page: session,
    # user, course, candidate enrolments, the activities with their sections
    # and the candidate's completions (progress counted from them).
    small = page_counts(client, exam_course)
    big_course = big_catalogue(candidate)
    big = page_counts(client, big_course)
    assert small == big, (small, big)
    for url in [
        reverse("dashboard"),
        reverse("courses:my_courses"),
        big_course.get_absolute_url(),
    ]:
        with django_assert_max_num_queries(BUDGET):
            client.get(url)
    assert max(big.values()) <= BUDGET
    print("query counts", small, big)


@pytest.mark.parametrize("role", ["tutor", "trainer", "producer"])
def test_staff_dashboard_and_my_courses_within_budget(
    client, request, candidate, role, django_assert_max_num_queries
):
    client.force_login(request.getfixturevalue(role))
    for url in [reverse("dashboard"), reverse("courses:my_courses")]:
        with django_assert_max_num_queries(BUDGET):
            assert client.get(url).status_code == 200


def test_activity_page_costs_the_same_in_a_small_and_a_big_course(
    client, candidate, exam_course, django_assert_max_num_queries
):
    # Session, user, course, activity, candidate enrolments, last visit
    # (update or create), neighbours, completions.
    client.force_login(candidate)
    small_activity = exam_course.activities.first()
    client.get(small_activity.get_absolute_url())  # the first visit creates the "Reprendre" row
    small = count_queries(client, small_activity.get_absolute_url())
    big_course = big_catalogue(candidate, courses=2)
    activity = big_course.activities.filter(completion_rule="manual").order_by("pk")[25]
    client.get(activity.get_absolute_url())
    big = count_queries(client, activity.get_absolute_url())
    assert small == big, (small, big)
    print("activity page queries", small, big)
    with django_assert_max_num_queries(BUDGET):
        client.get(activity.get_absolute_url())
