import pytest

from tests.factories import UserFactory

# Every role fixture of tests/conftest.py, by name, for the URL x role matrices.
ROLES = [
    "anonymous",
    "candidate",
    "other_candidate",
    "candidate_other_centre",
    "tutor",
    "other_tutor",
    "trainer",
    "other_trainer",
    "producer",
    "coordinator",
    "other_coordinator",
    "admin_user",
    "user",
]


@pytest.fixture
def people(
    candidate,
    other_candidate,
    candidate_other_centre,
    tutor,
    other_tutor,
    trainer,
    other_trainer,
    producer,
    coordinator,
    other_coordinator,
    admin_user,
    user,
):
    return {
        "candidate": candidate,
        "other_candidate": other_candidate,
        "candidate_other_centre": candidate_other_centre,
        "tutor": tutor,
        "other_tutor": other_tutor,
        "trainer": trainer,
        "other_trainer": other_trainer,
        "producer": producer,
        "coordinator": coordinator,
        "other_coordinator": other_coordinator,
        "admin_user": admin_user,
        "user": user,
    }


@pytest.fixture
def login(client, people):
    """login("candidate") logs the client in as that role ("anonymous": no one)."""

    def _login(role):
        client.logout()
        if role != "anonymous":
            client.force_login(people[role])
        return people.get(role)

    return _login


@pytest.fixture
def regional_candidate(db, other_preparation, courses):
    from tests.factories import register

    user = UserFactory(username="candidate-regional")
    register(user, other_preparation)
    return user
