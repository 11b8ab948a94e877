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


def ensure_real_exams() -> None:
    """Put back the exams of migration 0002 when a transactional test (browser
    or worker) flushed the database before this test."""
    import importlib

    from courses.models import Exam

    if Exam.objects.exists():
        return
    try:  # where the list lives once courses/catalogue.py exists
        exams = importlib.import_module("courses.catalogue").EXAMS
    except ImportError:
        exams = importlib.import_module("courses.migrations.0002_real_exams").EXAMS
    for slug, name, kind, category in exams:
        Exam.objects.get_or_create(
            slug=slug, defaults={"name": name, "kind": kind, "category": category}
        )


@pytest.fixture(autouse=True)
def _real_exams(request):
    marker = request.node.get_closest_marker("django_db")
    uses = {"db", "transactional_db"} & set(request.fixturenames)
    if marker is None and not uses:
        return
    if marker is None:
        request.getfixturevalue(uses.pop())
    ensure_real_exams()
