"""``selectors.forum_rights``, the {forum: (moderates, takes part)} behind
every thread page, reads a few flat row sets instead of the nested querysets
of ``forums_visible_to``, ``forums_moderated_by`` and ``forums_open_to``. It
must say exactly what they say, for every kind of person, including the edge
cases of the rules (docs/decisions/0001 and 0008)."""

import pytest

from core import fragments
from courses.api import Enrolment, Registration
from courses.services import enrol_staff
from forums import selectors
from forums.models import Forum
from tests.factories import UserFactory, register

pytestmark = pytest.mark.django_db


def _expected(user) -> dict[int, tuple[bool, bool]]:
    moderated = set(selectors.forums_moderated_by(user).values_list("pk", flat=True))
    open_to = set(selectors.forums_open_to(user).values_list("pk", flat=True))
    return {
        pk: (pk in moderated, pk in open_to)
        for pk in selectors.forums_visible_to(user).values_list("pk", flat=True)
    }


@pytest.fixture
def everyone(people, tutor, other_tutor, producer, preparation, other_centre, courses):
    """The role fixtures and the edge cases of the rules, in two more
    preparations of the other centre."""
    from tests.factories import PreparationFactory

    course = courses["bibliothecaire"]
    edge = PreparationFactory(centre=other_centre, name="Préparation Callisto B")
    extra = {"tutor": tutor, "other_tutor": other_tutor, "producer": producer}
    for status in (Registration.Status.WITHDRAWN, Registration.Status.FINISHED):
        # They keep reading, no longer take part; their tutor no longer
        # sees the preparation.
        candidate = UserFactory(username=f"candidate-{status}")
        tutor_of = UserFactory(username=f"tutor-of-{status}")
        registration = register(candidate, edge, tutor=tutor_of)
        registration.status = status
        registration.save()
        extra[f"candidate_{status}"] = candidate
        extra[f"tutor_of_{status}"] = tutor_of
    # A suspended trainer moderates nothing, even where they see the forum
    # as the tutor of one of its candidates.
    suspended = UserFactory(username="trainer-suspended")
    enrolment = enrol_staff(user=suspended, course=course, role=Enrolment.Role.TRAINER)
    enrolment.status = Enrolment.Status.SUSPENDED
    enrolment.save()
    register(UserFactory(username="tutored-a"), edge, tutor=suspended)
    extra["trainer_suspended"] = suspended
    # A candidate who tutors someone in another preparation.
    tutoring_candidate = UserFactory(username="candidate-tutor")
    register(tutoring_candidate, preparation)
    register(UserFactory(username="tutored-b"), edge, tutor=tutoring_candidate)
    extra["candidate_tutor"] = tutoring_candidate
    # A coordinator of one centre who also teaches.
    both = UserFactory(username="coordinator-and-trainer")
    preparation.centre.coordinators.add(both)
    enrol_staff(user=both, course=courses["ateliers"], role=Enrolment.Role.TRAINER)
    extra["coordinator_trainer"] = both
    # A preparation whose only candidate no longer follows "Devenir
    # bibliothécaire": its trainer no longer moderates it.
    suspended_course = PreparationFactory(centre=other_centre, name="Préparation Callisto C")
    registration = register(UserFactory(username="candidate-suspended"), suspended_course)
    Enrolment.objects.filter(registration=registration, course=course).update(
        status=Enrolment.Status.SUSPENDED
    )
    extra["candidate_suspended"] = registration.candidate
    return {role: user for role, user in {**people, **extra}.items() if user is not None}


def test_forum_rights_agree_with_the_forum_selectors(everyone, general, exam_forum):
    assert Forum.objects.filter(course__isnull=False).exists()
    with fragments.bypass():
        for role, user in everyone.items():
            assert selectors.forum_rights(user) == _expected(user), role


def test_forum_rights_agree_for_a_hidden_course(everyone, courses, exam_forum):
    """Its candidates take part no more than they read; its staff still do."""
    course = courses["bibliothecaire"]
    course.is_visible = False
    course.save()
    with fragments.bypass():
        for role, user in everyone.items():
            assert selectors.forum_rights(user) == _expected(user), role
    assert exam_forum.pk not in selectors.forum_rights(everyone["candidate"])
    assert selectors.forum_rights(everyone["trainer"])[exam_forum.pk] == (True, True)
