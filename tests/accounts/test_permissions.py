"""Who may reach what: a URL x role -> status matrix for the accounts pages,
and whom each role manages (a table from the rule, that the predicate and
the selector must both match)."""

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


# url template -> expected status per role (after at most one redirect hop
# is NOT followed: 302 means "sent elsewhere", usually the login page).
MATRIX = {
    "/connexion/": dict.fromkeys(
        [
            "anonymous",
            "candidate",
            "other_candidate",
            "tutor",
            "coordinator",
            "other_coordinator",
            "admin",
        ],
        None,
    ),
    "/mon-compte/": {
        "anonymous": 302,
        "candidate": 200,
        "other_candidate": 200,
        "tutor": 200,
        "coordinator": 200,
        "other_coordinator": 200,
        "admin": 200,
    },
    "/admin/accounts/user/": {
        "anonymous": 302,
        "candidate": 302,
        "other_candidate": 302,
        "tutor": 302,
        "coordinator": 200,
        "other_coordinator": 200,
        "admin": 200,
    },
    "/admin/accounts/user/{candidate}/change/": {
        "anonymous": 302,
        "candidate": 302,
        "other_candidate": 302,
        "tutor": 302,
        "coordinator": 200,
        "other_coordinator": 404,
        "admin": 200,
    },
    "/admin/accounts/user/{admin}/change/": {
        "anonymous": 302,
        "candidate": 302,
        "other_candidate": 302,
        "tutor": 302,
        "coordinator": 404,
        "other_coordinator": 404,
        "admin": 200,
    },
    "/admin/accounts/centre/{centre}/change/": {
        "anonymous": 302,
        "candidate": 302,
        "other_candidate": 302,
        "tutor": 302,
        "coordinator": 200,
        "other_coordinator": 404,
        "admin": 200,
    },
    "/admin/accounts/termsversion/": {
        "anonymous": 302,
        "candidate": 302,
        "other_candidate": 302,
        "tutor": 302,
        "coordinator": 403,
        "other_coordinator": 403,
        "admin": 200,
    },
    "/admin/accounts/termsacceptance/": {
        "anonymous": 302,
        "candidate": 302,
        "other_candidate": 302,
        "tutor": 302,
        "coordinator": 403,
        "other_coordinator": 403,
        "admin": 200,
    },
}


@pytest.mark.parametrize("template", list(MATRIX))
def test_url_role_matrix(client, people, centre, template):
    url = template.format(
        candidate=people["candidate"].pk, admin=people["admin"].pk, centre=centre.pk
    )
    for role, expected in MATRIX[template].items():
        client.logout()
        if people[role] is not None:
            client.force_login(people[role])
        status = client.get(url).status_code
        if expected is None:  # the login page: form, or straight on when logged in
            expected = 200 if role == "anonymous" else 302
        assert status == expected, (role, url, status)


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
