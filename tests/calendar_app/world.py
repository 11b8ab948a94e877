"""The role fixtures of tests/conftest.py built once per module (issue 17).

A module that sets up the same centres, courses and people for each of its
tests spends most of its time there. Such a module declares instead::

    _world = world.module_world()
    _test_world = world.per_test_world()
    candidate = world.shared("candidate")
    ...

``module_world`` builds the people once (tests/security/world.py's
``build_people``: the same usernames, centres, preparations and course
roles as the role fixtures, plus ``user``), inside a transaction rolled back
when the module ends; each test runs in a savepoint of it (pytest-django's
``db``), so what a test writes is gone for the next one. Each test gets its
own deep copy of the Python instances (one copy of the whole world, so that
``candidate.centre is centre`` stays true, as with the role fixtures): an
instance a test changes in memory does not leak into the next test.

Every person exists in every test, even those the test does not name: only
modules whose assertions do not depend on who else exists may use it.
Transactional tests (``transaction=True``, ``live_server``, a real worker)
cannot run inside the module's transaction: keep them in another module."""

import copy
from types import SimpleNamespace

import pytest

# The names of the role fixtures of tests/conftest.py this world provides.
NAMES = (
    "centre",
    "other_centre",
    "courses",
    "preparation",
    "other_preparation",
    "admin_user",
    "coordinator",
    "other_coordinator",
    "candidate",
    "other_candidate",
    "candidate_other_centre",
    "tutor",
    "other_tutor",
    "trainer",
    "other_trainer",
    "producer",
    "user",
)


def build() -> SimpleNamespace:
    """The role fixtures' objects, under the fixtures' names."""
    from tests.factories import UserFactory
    from tests.security.world import build_people

    built = build_people()
    people = built.people
    return SimpleNamespace(
        centre=built.centre,
        other_centre=built.other_centre,
        courses=built.courses,
        preparation=built.preparation,
        other_preparation=built.other_preparation,
        admin_user=people["admin"],
        **{key: people[key] for key in NAMES[6:-1]},
        user=UserFactory(username="someone"),
    )


def _module_world(django_db_setup, django_db_blocker):
    """Built once, rolled back when the module ends."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        yield build()
        transaction.set_rollback(True)


def _per_test_world(_world, db):
    """The test's own copy of the instances, in the test's savepoint."""
    return copy.deepcopy(_world)


def module_world():
    """Assign to ``_world`` in the module."""
    return pytest.fixture(scope="module", name="_world")(_module_world)


def per_test_world():
    """Assign to ``_test_world`` in the module."""
    return pytest.fixture(name="_test_world")(_per_test_world)


def shared(name: str):
    """The fixture ``name`` taken from the module's world."""
    assert name in NAMES, name

    def fixture(_test_world):
        return getattr(_test_world, name)

    fixture.__doc__ = f"``{name}`` of tests/conftest.py, built once for the module."
    return pytest.fixture(name=name)(fixture)
