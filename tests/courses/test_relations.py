"""The named relations of ``courses.relations``, against expectations written
by hand: a small people with one person per status, and for each relation
the exact set of people or courses that hold it (never a queryset compared
with itself)."""

import pytest
from django.utils import timezone

from courses import relations
from courses.models import Enrolment, Registration
from courses.services import enrol_staff
from tests.factories import CentreFactory, PreparationFactory, UserFactory, grant_role, register

pytestmark = pytest.mark.django_db


def names(users) -> set[str]:
    return {user.username for user in users}


def slugs(courses) -> set[str]:
    return {course.slug for course in courses}


@pytest.fixture
def people(db, courses):
    centre_a = CentreFactory(code="centre-a")
    centre_b = CentreFactory(code="centre-b")
    prep_a = PreparationFactory(centre=centre_a)
    prep_b = PreparationFactory(centre=centre_b)
    tutor = UserFactory(username="tutor", centre=centre_a)
    tutor_b = UserFactory(username="tutor-b", centre=centre_b)
    people = {"tutor": tutor, "tutor_b": tutor_b, "centre_a": centre_a, "centre_b": centre_b}
    for status in ("active", "withdrawn", "finished"):
        person = UserFactory(username=f"cand-{status}", centre=centre_a)
        registration = register(person, prep_a, tutor=tutor)
        Registration.objects.filter(pk=registration.pk).update(status=status)
        people[status] = person
    people["other"] = UserFactory(username="cand-other", centre=centre_b)
    register(people["other"], prep_b, tutor=tutor_b)
    people["prep_a"], people["prep_b"] = prep_a, prep_b
    # Staff: an active and a suspended enrolment of each staff role.
    for role in ("trainer", "producer"):
        for status in ("active", "suspended"):
            person = UserFactory(username=f"{role}-{status}")
            enrol_staff(user=person, course=courses["bibliothecaire"], role=role)
            Enrolment.objects.filter(user=person).update(status=status)
            people[f"{role}_{status}"] = person
    people["coordinator"] = UserFactory(username="coord-a", is_staff=True)
    centre_a.coordinators.add(people["coordinator"])
    people["admin"] = UserFactory(username="root", admin=True)
    people["nobody"] = UserFactory(username="nobody")
    return people


def test_tutor_of_counts_active_registrations_only(people):
    tutor = people["tutor"]
    assert names(relations.candidates_of_tutor(tutor)) == {"cand-active"}
    assert relations.is_tutor_of(tutor, people["active"])
    for status in ("withdrawn", "finished", "other"):
        assert not relations.is_tutor_of(tutor, people[status]), status
    assert relations.is_tutor(tutor)
    assert not relations.is_tutor(people["active"])
    assert not relations.is_tutor_of(people["nobody"], people["active"])
    assert relations.is_tutor_of(people["admin"], people["active"])


def test_the_tutoring_file_stays_with_the_tutor_of_record(people):
    tutor = people["tutor"]
    for status in ("active", "withdrawn", "finished"):
        registration = people[status].registrations.get()
        assert relations.is_tutor_of_record(tutor, registration), status
        assert relations.is_tutor_of_registration(tutor, registration) is (status == "active")
    on_file = Registration.objects.filter(relations.tutor_of_record_q(tutor))
    assert names(r.candidate for r in on_file) == {"cand-active", "cand-withdrawn", "cand-finished"}


def test_a_withdrawn_candidate_s_courses_leave_their_former_tutor(people, courses):
    expected = {"les-fondamentaux", "les-ateliers", "devenir-bibliothecaire"}
    assert slugs(relations.courses_of_tutor(people["tutor"])) == expected
    Registration.objects.filter(candidate=people["active"]).update(status="withdrawn")
    assert slugs(relations.courses_of_tutor(people["tutor"])) == set()
    assert not relations.is_tutor(people["tutor"])


def test_candidate_of_a_course_keeps_reading_after_withdrawal_not_after_suspension(people, courses):
    course = courses["bibliothecaire"]
    for status in ("active", "withdrawn", "finished"):
        assert relations.is_candidate_of(people[status], course), status
    assert not relations.is_candidate_of(people["tutor"], course)
    assert not relations.is_candidate_of(people["trainer_active"], course)
    Enrolment.objects.filter(user=people["withdrawn"], course=course).update(status="suspended")
    assert not relations.is_candidate_of(people["withdrawn"], course)
    assert relations.is_candidate_of(people["withdrawn"], courses["fondamentaux"])


def test_trainer_and_producer_of_count_active_enrolments_only(people, courses):
    course = courses["bibliothecaire"]
    assert names(relations.trainers_of(course)) == {"trainer-active"}
    assert names(relations.producers_of(course)) == {"producer-active"}
    assert relations.is_trainer_of(people["trainer_active"], course)
    assert not relations.is_trainer_of(people["trainer_suspended"], course)
    assert not relations.is_trainer_of(people["producer_active"], course)
    assert relations.is_producer_of(people["producer_active"], course)
    assert not relations.is_producer_of(people["producer_suspended"], course)
    assert not relations.is_producer_of(people["trainer_active"], course)
    assert slugs(relations.courses_of_trainer(people["trainer_active"])) == {
        "devenir-bibliothecaire"
    }
    assert slugs(relations.courses_of_trainer(people["trainer_suspended"])) == set()
    assert slugs(relations.courses_of_producer(people["producer_active"])) == {
        "devenir-bibliothecaire"
    }
    assert not relations.is_trainer_of(people["active"], courses["ateliers"])
    # Administrators hold the predicates, but are not listed as trainers.
    assert relations.is_trainer_of(people["admin"], course)
    assert relations.is_producer_of(people["admin"], course)
    assert relations.courses_of_trainer(people["admin"]).count() == len(courses)


def test_coordinator_of_reaches_every_status_of_their_centre_only(people):
    coordinator = people["coordinator"]
    assert {c.code for c in relations.centres_of_coordinator(coordinator)} == {"centre-a"}
    assert relations.is_coordinator_of(coordinator, people["centre_a"])
    assert not relations.is_coordinator_of(coordinator, people["centre_b"])
    assert not relations.is_coordinator_of(people["tutor"], people["centre_a"])
    assert names(r.candidate for r in relations.registrations_of_coordinator(coordinator)) == {
        "cand-active",
        "cand-withdrawn",
        "cand-finished",
    }
    assert relations.is_coordinator_of(people["admin"], people["centre_b"])


def test_anonymous_holds_no_relation(people, courses):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    course = courses["bibliothecaire"]
    assert not relations.is_tutor_of(anonymous, people["active"])
    assert not relations.is_trainer_of(anonymous, course)
    assert not relations.is_producer_of(anonymous, course)
    assert not relations.is_candidate_of(anonymous, course)
    assert not relations.is_coordinator_of(anonymous, people["centre_a"])
    assert not relations.candidates_of_tutor(anonymous).exists()


def test_who_may_be_named_tutor_in_a_preparation(people):
    """The tutor grant of the preparation's centre, and nothing else: not an
    account of the centre, not having tutored there once."""
    prep_a, prep_b = people["prep_a"], people["prep_b"]
    assert relations.may_tutor_in(people["tutor"], prep_a)
    assert relations.may_tutor_in(people["tutor_b"], prep_b)
    assert not relations.may_tutor_in(people["tutor_b"], prep_a)
    assert not relations.may_tutor_in(people["nobody"], prep_a)
    member = UserFactory(username="member-a", centre=people["centre_a"])
    assert not relations.may_tutor_in(member, prep_a)
    grant = grant_role(member, "tutor", people["centre_a"])
    assert relations.may_tutor_in(member, prep_a)
    assert not relations.may_tutor_in(member, prep_b)
    regional = PreparationFactory(centre=people["centre_a"], mode="regional")
    assert not relations.may_tutor_in(member, regional)
    grant.withdrawn_at = timezone.now()
    grant.save()
    assert not relations.may_tutor_in(member, prep_a)
    people["tutor"].is_active = False
    people["tutor"].save()
    assert not relations.may_tutor_in(people["tutor"], prep_a)


def test_a_candidate_of_the_preparation_is_never_its_tutor(people):
    """Even holding the tutor role of the centre (granted before they
    enrolled), a candidate of the preparation is refused, whatever the
    status of their registration."""
    prep_a = people["prep_a"]
    withdrawn = people["withdrawn"]
    grant_role(withdrawn, "tutor", people["centre_a"])
    assert not relations.may_tutor_in(withdrawn, prep_a)
    assert relations.tutor_refusal(withdrawn, prep_a) == (
        "Un·e stagiaire de cette préparation ne peut pas y être tuteur ou tutrice."
    )
    assert not relations.eligible_tutors(prep_a).filter(pk=withdrawn.pk).exists()
    assert relations.eligible_tutors(prep_a).filter(pk=people["tutor"].pk).exists()


def test_a_former_tutor_loses_the_preparation_calendar_the_candidate_keeps_it(people):
    """The calendar asked ``Registration.tutor`` with no status: a tutor kept a
    withdrawn candidate's preparation calendar. It follows "tutor of" now."""
    from calendar_app.selectors import preparations_visible_to

    assert set(preparations_visible_to(people["tutor"])) == {people["prep_a"]}
    Registration.objects.filter(candidate=people["active"]).update(status="withdrawn")
    assert not preparations_visible_to(people["tutor"]).exists()
    assert set(preparations_visible_to(people["withdrawn"])) == {people["prep_a"]}
    assert set(preparations_visible_to(people["coordinator"])) == {people["prep_a"]}
    assert not preparations_visible_to(people["nobody"]).exists()
