"""Whom each role manages (a table from the rule, that the predicate and the
selector must both match). The status of each accounts page for each role
is in the access matrix (tests/security/test_access_matrix.py: the login
page, Mon compte, and the admin's user list, A's account, the admin's
account, A's centre, the terms versions and acceptances)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.permissions import can_manage_user
from accounts.selectors import users_managed_by
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(centre, other_centre, coordinator, other_coordinator, admin_user):
    candidate = UserFactory(username="candidate-a", centre=centre)
    return {
        "anonymous": None,
        "candidate": candidate,
        "other_candidate": UserFactory(username="candidate-b", centre=other_centre),
        "tutor": UserFactory(username="tutor-a", centre=centre),
        "coordinator": coordinator,
        "other_coordinator": other_coordinator,
        "admin": admin_user,
    }


# Whom each role manages in admin, from the rule (an administrator: everyone;
# a coordinator: the non-staff members of their own centre; anyone else: no
# one), not from the selector.
MANAGES = {
    "anonymous": set(),
    "candidate": set(),
    "other_candidate": set(),
    "tutor": set(),
    "coordinator": {"candidate", "tutor"},
    "other_coordinator": {"other_candidate"},
    "admin": {"candidate", "other_candidate", "tutor", "coordinator", "other_coordinator", "admin"},
}


def test_whom_each_role_manages(people):
    targets = {role: person for role, person in people.items() if person is not None}
    for role, actor in people.items():
        actor = actor or AnonymousUser()
        expected = MANAGES[role]
        allowed = {name for name, target in targets.items() if can_manage_user(actor, target)}
        assert allowed == expected, role
        listed = set(users_managed_by(actor).values_list("pk", flat=True))
        assert {name for name, target in targets.items() if target.pk in listed} == expected, role


def test_deactivated_coordinator_manages_nobody(people):
    coordinator = people["coordinator"]
    coordinator.is_active = False
    coordinator.save()
    assert not users_managed_by(coordinator).exists()
    assert not can_manage_user(coordinator, people["candidate"])
