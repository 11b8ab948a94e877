"""``overview_for`` reads its enrolments as rows compiled once per process
(core.prepared) and makes the models from them: each enrolment, with its
course, registration, preparation, centre and tutor, is what
``select_related`` gave, field for field, for a candidate with a tutor,
a trainer (no registration) and a withdrawn candidate without one."""

import pytest
from django.db.models import Q

from courses.models import Enrolment, Registration
from courses.relations import STAFF_ROLES
from courses.selectors import last_visit_for, overview_for, progress_by_course

pytestmark = pytest.mark.django_db


def _fields(instance):
    if instance is None:
        return None
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def _orm_enrolments(user):
    return list(
        Enrolment.objects.filter(user=user, status=Enrolment.Status.ACTIVE)
        .filter(Q(course__is_visible=True) | Q(role__in=STAFF_ROLES))
        .select_related("course", "registration__preparation__centre", "registration__tutor")
        .order_by("course__position", "course__title", "pk")
    )


def _same_as_orm(user):
    expected = _orm_enrolments(user)
    cards = overview_for(user).cards
    assert [card.course.pk for card in cards] == [e.course_id for e in expected]
    for card, enrolment in zip(cards, expected, strict=True):
        assert card.role == enrolment.role
        assert _fields(card.course) == _fields(enrolment.course)
        registration = enrolment.registration
        assert _fields(card.registration) == _fields(registration)
        if registration is None:
            continue
        got = card.registration
        assert _fields(got.preparation) == _fields(registration.preparation)
        assert _fields(got.preparation.centre) == _fields(registration.preparation.centre)
        assert _fields(got.tutor) == _fields(registration.tutor)
    return cards


def test_candidate_with_a_tutor(candidate, tutor, django_assert_num_queries):
    cards = _same_as_orm(candidate)
    assert cards and all(card.registration.tutor == tutor for card in cards)
    with django_assert_num_queries(0):  # the relations come with the rows
        for card in cards:
            card.registration.preparation.centre.name  # noqa: B018
            card.registration.tutor.get_display_name()


def test_trainer_without_registration(trainer):
    cards = _same_as_orm(trainer)
    assert cards and all(card.registration is None for card in cards)


def test_withdrawn_candidate_without_tutor(candidate):
    Registration.objects.filter(candidate=candidate).update(
        tutor=None, status=Registration.Status.WITHDRAWN
    )
    cards = _same_as_orm(candidate)
    assert cards and all(card.registration.tutor is None for card in cards)


def test_no_course_no_query_for_progress_or_last_visit(user, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert progress_by_course(user, []) == {}
    assert last_visit_for(user, []) is None
