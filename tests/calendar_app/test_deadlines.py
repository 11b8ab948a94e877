"""The deadlines the calendar shows (``assignments.api.deadlines_for``) are
exactly the assignments ``assignments_visible_to`` gives, with each person's
own due date: deadlines_for writes the same access rules flat (the ids of the
readable courses rather than nested subqueries), so both must agree for every
role, hidden or not yet available activities, trained courses, extensions and
withdrawn candidates included."""

import datetime

import pytest
from django.utils import timezone

from assignments import api, services
from assignments.selectors import assignments_visible_to
from calendar_app.selectors import visible_course_ids
from courses.models import Activity
from courses.services import withdraw_registration
from tests.assignments.factories import AssignmentFactory
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def _assignment(course, title, *, due, activity=True, **activity_fields):
    linked = None
    if activity:
        linked = ActivityFactory(
            section=course.sections.first(),
            kind=Activity.Kind.ASSIGNMENT,
            title=title,
            completion_rule=Activity.CompletionRule.GRADE,
            **activity_fields,
        )
    return AssignmentFactory(course=course, title=title, due_at=due, activity=linked)


@pytest.fixture
def assignments(courses, candidate, trainer):
    now = timezone.now()
    soon, later = now + datetime.timedelta(days=5), now + datetime.timedelta(days=90)
    bib, ateliers = courses["bibliothecaire"], courses["ateliers"]
    made = {
        "shown": _assignment(bib, "Note de synthèse", due=soon),
        "hidden": _assignment(bib, "Brouillon caché", due=soon, is_visible=False),
        "not_yet": _assignment(
            bib, "Pas encore ouvert", due=soon, available_from=now + datetime.timedelta(days=2)
        ),
        "open_now": _assignment(
            bib, "Ouvert hier", due=soon, available_from=now - datetime.timedelta(days=1)
        ),
        "no_activity": _assignment(ateliers, "Sans activité", due=soon, activity=False),
        "hidden_ateliers": _assignment(ateliers, "Caché aux Ateliers", due=soon, is_visible=False),
        "extended_in": _assignment(bib, "Prolongé dans la fenêtre", due=later),
        "extended_out": _assignment(bib, "Prolongé hors de la fenêtre", due=soon),
        "far": _assignment(bib, "Trop tard", due=later),
    }
    services.extension_grant(
        actor=trainer, assignment=made["extended_in"], candidate=candidate, due_at=soon
    )
    services.extension_grant(
        actor=trainer, assignment=made["extended_out"], candidate=candidate, due_at=later
    )
    return made


def _window():
    now = timezone.now()
    return now - datetime.timedelta(days=1), now + datetime.timedelta(days=30)


def _expected(user, start, end):
    """What assignments_visible_to gives, each with the user's own due date."""
    from assignments.models import Extension

    own = dict(Extension.objects.filter(candidate=user).values_list("assignment_id", "due_at"))
    expected = {}
    for assignment in assignments_visible_to(user) if user.is_authenticated else []:
        due_at = own.get(assignment.pk, assignment.due_at)
        if start <= due_at < end:
            expected[assignment.pk] = due_at
    return expected


@pytest.mark.parametrize("withdrawn", [False, True])
def test_deadlines_agree_with_assignments_visible_to_for_every_role(
    roles, assignments, candidate, withdrawn
):
    if withdrawn:
        withdraw_registration(
            actor=candidate, registration=candidate.registrations.get(), reason="Départ."
        )
    start, end = _window()
    for role, user in roles.items():
        expected = _expected(user, start, end)
        got = {d.assignment_id: d.due_at for d in api.deadlines_for(user, start, end)}
        assert got == expected, role
        ids = visible_course_ids(user)
        given = api.deadlines_for(user, start, end, visible_course_ids=ids)
        assert {d.assignment_id: d.due_at for d in given} == expected, role


def test_what_each_role_sees_behind_hidden_and_extended_assignments(roles, assignments, candidate):
    start, end = _window()

    def titles(role):
        return {d.title for d in api.deadlines_for(roles[role], start, end)}

    # The candidate: shown activities only, their own extended due dates.
    assert titles("candidate") == {
        "Note de synthèse",
        "Ouvert hier",
        "Sans activité",
        "Prolongé dans la fenêtre",
    }
    # Another candidate has no extension: the original due dates.
    assert titles("other_candidate") == {
        "Note de synthèse",
        "Ouvert hier",
        "Sans activité",
        "Prolongé hors de la fenêtre",
    }
    # The trainer of "Devenir bibliothécaire" sees its hidden and future ones,
    # not those of "Les Ateliers" (not one of their courses).
    assert titles("trainer") == {
        "Note de synthèse",
        "Brouillon caché",
        "Pas encore ouvert",
        "Ouvert hier",
        "Prolongé hors de la fenêtre",
    }
    # The producer edits every course.
    assert "Caché aux Ateliers" in titles("producer")
    assert "Brouillon caché" in titles("producer")
    assert titles("user") == set()
    assert titles("other_coordinator") == set()
    (mine,) = [
        d
        for d in api.deadlines_for(candidate, start, end)
        if d.assignment_id == assignments["extended_in"].pk
    ]
    assert mine.url == assignments["extended_in"].get_absolute_url()
    assert mine.course_title == "Devenir bibliothécaire"
