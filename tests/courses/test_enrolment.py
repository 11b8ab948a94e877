"""Registration → enrolments: the rules of issue "Preparations, courses"."""

import pytest

from courses.models import Completion, Enrolment, Exam, Registration
from courses.selectors import (
    courses_visible_to,
    progress_by_course,
    progress_for_users,
    tracking_registration,
)
from courses.services import complete_activity, enrolments_sync, uncomplete_activity
from tests.factories import (
    CourseFactory,
    PreparationFactory,
    UserFactory,
    family,
    register,
)

pytestmark = pytest.mark.django_db


def visible_slugs(user):
    return set(courses_visible_to(user).values_list("slug", flat=True))


def test_the_real_exams_are_seeded():
    assert Exam.objects.count() == 18
    assert {e.category for e in Exam.objects.all()} == {"A", "B", "C"}
    assert Exam.objects.filter(name="Conservateur d'État des bibliothèques").count() == 2


def test_external_exam_gives_fondamentaux_ateliers_and_its_course(courses, preparation):
    user = UserFactory()
    register(user, preparation, "bibliothecaire-externe")
    assert visible_slugs(user) == {"les-fondamentaux", "les-ateliers", "devenir-bibliothecaire"}


def test_internal_exam_gets_its_family_course_and_raep(courses, preparation):
    user = UserFactory()
    register(user, preparation, "bibliothecaire-interne")
    assert visible_slugs(user) == {
        "les-fondamentaux",
        "les-ateliers",
        "devenir-bibliothecaire",
        "raep",
    }


def test_professional_exam_adds_raep(courses, preparation):
    CourseFactory(slug="devenir-bibas-pro", kind="exam", family=family("bibas"))
    user = UserFactory()
    register(user, preparation, "bibas-examen-professionnel")
    assert visible_slugs(user) == {"les-fondamentaux", "les-ateliers", "devenir-bibas-pro", "raep"}


def test_several_exams_one_course_per_family_and_no_duplicate(courses, preparation):
    user = UserFactory()
    registration = register(
        user,
        preparation,
        "bibliothecaire-externe",
        "bibliothecaire-interne",
        "conservateur-etat-externe",
    )
    assert visible_slugs(user) == {
        "les-fondamentaux",
        "les-ateliers",
        "devenir-bibliothecaire",
        "devenir-conservateur",
        "raep",
    }
    assert registration.enrolments.count() == 5
    # Idempotent: running the rules again changes nothing.
    changes = enrolments_sync(registration=registration)
    assert (changes.activated, changes.suspended) == (set(), set())
    assert registration.enrolments.count() == 5


def test_removing_an_exam_suspends_and_keeps_history(courses, preparation):
    user = UserFactory()
    registration = register(user, preparation, "bibliothecaire-externe", "bibliothecaire-interne")
    activity = courses["raep"].activities.first()
    complete_activity(user=user, activity=activity, source="manual")

    register(user, preparation, "bibliothecaire-externe")
    assert "raep" not in visible_slugs(user)
    suspended = registration.enrolments.get(course=courses["raep"])
    assert suspended.status == Enrolment.Status.SUSPENDED
    assert suspended.suspended_at is not None
    assert Completion.objects.filter(user=user, activity=activity).exists()

    register(user, preparation, "bibliothecaire-externe", "bibliothecaire-interne")
    assert "raep" in visible_slugs(user)
    assert registration.enrolments.get(course=courses["raep"]).status == "active"


def test_several_preparations_at_once(courses, preparation, other_preparation):
    user = UserFactory()
    register(user, preparation, "bibliothecaire-externe")
    register(user, other_preparation, "bibliothecaire-interne")
    assert Registration.objects.filter(candidate=user).count() == 2
    assert "raep" in visible_slugs(user)
    assert "devenir-bibliothecaire" in visible_slugs(user)


def test_withdrawn_candidate_reads_but_cannot_act(candidate, courses):
    registration = candidate.registrations.get()
    registration.status = Registration.Status.WITHDRAWN
    registration.save()
    assert "devenir-bibliothecaire" in visible_slugs(candidate)
    assert tracking_registration(candidate, courses["bibliothecaire"]) is None


def test_tutor_reads_the_courses_of_their_candidates(candidate, tutor, other_tutor):
    assert visible_slugs(tutor) == visible_slugs(candidate)
    assert visible_slugs(other_tutor) == set()  # follows nobody here


def test_nobody_else_sees_a_course(candidate, candidate_other_centre, coordinator, user):
    assert visible_slugs(user) == set()
    assert visible_slugs(coordinator) == set()
    assert "devenir-bibliothecaire" in visible_slugs(candidate_other_centre)
    assert "raep" not in visible_slugs(candidate_other_centre)


def test_hidden_course_only_for_its_staff(candidate, trainer, courses):
    course = courses["bibliothecaire"]
    course.is_visible = False
    course.save()
    assert course.slug not in visible_slugs(candidate)
    assert course.slug in visible_slugs(trainer)


def test_tutor_only_for_callisto_preparations(courses, centre):
    from django.core.exceptions import ValidationError

    regional = PreparationFactory(centre=centre, mode="regional")
    registration = register(UserFactory(), regional, tutor=UserFactory())
    assert registration.tutor is None
    registration.tutor = UserFactory()
    with pytest.raises(ValidationError):
        registration.full_clean()


def test_progress_is_one_aggregate_query(candidate, courses, django_assert_num_queries):
    course = courses["bibliothecaire"]
    first, _second = course.activities.all()
    complete_activity(user=candidate, activity=first, source="manual")
    ids = [c.pk for c in courses.values()]
    with django_assert_num_queries(1):
        progress = progress_by_course(candidate, ids)
    assert (progress[course.pk].done, progress[course.pk].total) == (1, 2)
    assert progress[course.pk].percent == 50
    assert uncomplete_activity(user=candidate, activity=first)
    assert progress_by_course(candidate, ids)[course.pk].done == 0


def test_progress_for_many_users(candidate, other_candidate, courses, django_assert_num_queries):
    course = courses["bibliothecaire"]
    complete_activity(user=candidate, activity=course.activities.first(), source="manual")
    with django_assert_num_queries(2):
        progress = progress_for_users([candidate.pk, other_candidate.pk], [course.pk])
    assert progress[(candidate.pk, course.pk)].done == 1
    assert progress[(other_candidate.pk, course.pk)].done == 0


def test_untracked_activity_is_never_completed(candidate, courses):
    activity = courses["bibliothecaire"].activities.first()
    activity.completion_rule = "none"
    activity.save()
    assert complete_activity(user=candidate, activity=activity, source="manual") is False
