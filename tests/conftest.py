"""Shared fixtures. Tests run on the machine's real PostgreSQL and Redis
(``DJANGO_ENV=test``, see config/settings.py)."""

import pytest
from django.core.cache import cache

from tests.factories import CentreFactory, UserFactory

# Under ``--dist loadscope`` (make test) each module goes whole to one xdist
# worker, in collection order: the longest modules (a browser walking every
# page, the walk of every role, the demo run from a fresh copy, the global
# budgets and matrices) start first, so that the last minutes are not one
# worker finishing a long module while the other waits.
LONGEST_FIRST = (
    "tests/e2e/test_phone_layout.py",
    "tests/security/test_no_dead_ends.py",
    "tests/e2e/test_demo_command.py",
    "tests/test_query_budgets.py",
    "tests/security/",
    "tests/e2e/",
    "tests/core/test_demo_content.py",
    "tests/core/test_operations.py",
)


def _rank(item) -> int:
    for rank, prefix in enumerate(LONGEST_FIRST):
        if item.nodeid.startswith(prefix):
            return rank
    return len(LONGEST_FIRST)


def pytest_collection_modifyitems(session, config, items):
    items.sort(key=_rank)  # stable: within a rank, the usual order


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache (Redis is shared between tests)."""
    cache.clear()
    yield


def _restore_seeded_rows():
    """The rows the migrations create (legal pages, the 18 real exams)."""
    from django.contrib.flatpages.models import FlatPage
    from django.contrib.sites.models import Site
    from django.db import connections

    from core.legal_content import ensure_pages
    from courses.catalogue import ensure_exams
    from courses.models import Exam

    ensure_pages(Site, FlatPage)
    ensure_exams(Exam)
    # Closed again: a test without the database that ends a response (which
    # sends request_finished, hence close_old_connections) must not find an
    # open connection it is not allowed to use.
    connections.close_all()


def _flushes_database(item) -> bool:
    """A transactional test (``transaction=True``, ``transactional_db``,
    ``live_server``) empties every table when it ends."""
    from pytest_django.fixtures import validate_django_db

    if {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())):
        return True
    marker = item.get_closest_marker("django_db")
    return bool(marker and validate_django_db(marker)[0])  # (transaction, ...)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The seeded rows are there when the session starts, even on a reused
    database whose last test flushed them."""
    with django_db_blocker.unblock():
        _restore_seeded_rows()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Put the seeded rows back right after a transactional test flushed
    them, so every other test finds them without re-creating them (this was
    an autouse fixture re-creating 18 exams and the legal pages, about 90
    queries, in each of the ~1,900 tests)."""
    result = yield
    if _flushes_database(item):
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            _restore_seeded_rows()
    return result


@pytest.fixture
def centre(db):
    return CentreFactory(code="centre-a", name="CRFCB A")


@pytest.fixture
def other_centre(db):
    return CentreFactory(code="centre-b", name="CRFCB B")


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin-national", admin=True)


@pytest.fixture
def coordinator(db, centre):
    user = UserFactory(username="coordinator-a", staff=True)
    centre.coordinators.add(user)
    return user


@pytest.fixture
def other_coordinator(db, other_centre):
    user = UserFactory(username="coordinator-b", staff=True)
    other_centre.coordinators.add(user)
    return user


@pytest.fixture
def user(db):
    return UserFactory(username="someone")


@pytest.fixture(scope="session")
def _celery_worker_session(django_db_setup, django_db_blocker):
    """A real ``celery worker`` process on Redis, on a queue of its own, using
    the test database (tests that use it must commit: ``transaction=True``)."""
    import subprocess
    import uuid

    from tests.celery_workers import start_worker, worker_environment

    queue = f"callisto-test-{uuid.uuid4().hex[:8]}"
    env = worker_environment(
        CELERY_TASK_DEFAULT_QUEUE=queue,
        # Tasks the worker queues itself (an email after a receipt) stay on it.
        CELERY_SINGLE_QUEUE="true",
    )
    process, log_path = start_worker(queue, env, pool="solo")
    try:
        yield {"queue": queue, "process": process, "log": log_path}
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def celery_worker_process(_celery_worker_session):
    """Send tasks to the real worker for the duration of one test."""
    from config.celery import app

    previous = (app.conf.task_always_eager, app.conf.task_default_queue, app.conf.task_routes)
    app.conf.task_always_eager = False
    app.conf.task_default_queue = _celery_worker_session["queue"]
    app.conf.task_routes = {}  # every task to the test worker's own queue
    _reload_celery_routes(app)
    try:
        yield _celery_worker_session
    finally:
        app.conf.task_always_eager, app.conf.task_default_queue, app.conf.task_routes = previous
        _reload_celery_routes(app)


def _reload_celery_routes(app):
    app.amqp.flush_routes()
    app.amqp.__dict__.pop("router", None)  # a cached_property holding the old table


# --- courses: a Callisto preparation with its people ----------------------------
# ``candidate`` and ``other_candidate`` are in the same preparation (centre A)
# for "Bibliothécaire (externe)"; ``tutor`` follows ``candidate`` only;
# ``candidate_other_centre`` is in centre B's preparation; ``trainer`` teaches
# "Devenir bibliothécaire", ``other_trainer`` only "Les Ateliers".


@pytest.fixture
def courses(db):
    from tests.factories import standard_courses

    return standard_courses()


@pytest.fixture
def exam_course(courses):
    return courses["bibliothecaire"]


@pytest.fixture
def preparation(db, centre):
    from tests.factories import PreparationFactory

    return PreparationFactory(centre=centre, name="Préparation Callisto 2027")


@pytest.fixture
def other_preparation(db, other_centre):
    from tests.factories import PreparationFactory

    return PreparationFactory(centre=other_centre, name="Préparation régionale B", mode="regional")


@pytest.fixture
def tutor(db):
    return UserFactory(username="tutor-a")


@pytest.fixture
def other_tutor(db):
    return UserFactory(username="tutor-b")


@pytest.fixture
def candidate(db, centre, preparation, courses, tutor):
    from tests.factories import register

    user = UserFactory(username="candidate-a", centre=centre)
    register(user, preparation, tutor=tutor)
    return user


@pytest.fixture
def other_candidate(db, centre, preparation, courses, other_tutor):
    from tests.factories import register

    user = UserFactory(username="candidate-b", centre=centre)
    register(user, preparation, tutor=other_tutor)
    return user


@pytest.fixture
def candidate_other_centre(db, other_centre, other_preparation, courses):
    from tests.factories import register

    user = UserFactory(username="candidate-c", centre=other_centre)
    register(user, other_preparation)
    return user


@pytest.fixture
def centre_b_trainer(db, other_centre, courses):
    """A trainer of "Devenir bibliothécaire" from centre B, whose preparation
    is regional: they grade its candidates' copies (the national ``trainer``
    grades the Callisto ones, docs/preparations.md)."""
    from courses.services import enrol_staff

    user = UserFactory(username="trainer-centre-b", centre=other_centre)
    enrol_staff(user=user, course=courses["bibliothecaire"], role="trainer")
    return user


@pytest.fixture
def trainer(db, courses):
    from courses.services import enrol_staff

    user = UserFactory(username="trainer-a")
    enrol_staff(user=user, course=courses["bibliothecaire"], role="trainer")
    return user


@pytest.fixture
def other_trainer(db, courses):
    from courses.services import enrol_staff

    user = UserFactory(username="trainer-b")
    enrol_staff(user=user, course=courses["ateliers"], role="trainer")
    return user


@pytest.fixture
def producer(db, courses):
    from courses.services import enrol_staff

    user = UserFactory(username="producer-a")
    for course in courses.values():
        enrol_staff(user=user, course=course, role="producer")
    return user


# --- Accounts ---------------------------------------------------------------------
# Decision: the terms gate is inactive while no TermsVersion is published (there
# is nothing to accept), so tests that do not publish terms need nothing. Staff
# must have a TOTP authenticator: every staff user created during a test gets one
# (tests.factories.TOTP_SECRET); a test about the MFA gate deletes it.


@pytest.fixture(autouse=True)
def _staff_have_totp(request):
    uses_db = request.node.get_closest_marker("django_db") or {
        "db",
        "transactional_db",
        "live_server",
    } & set(request.fixturenames)
    if not uses_db:
        yield
        return
    from django.contrib.auth import get_user_model
    from django.db.models.signals import post_save

    from tests.factories import give_totp

    def _give(sender, instance, created, raw=False, **kwargs):
        if created and not raw and (instance.is_staff or instance.is_superuser):
            give_totp(instance)

    post_save.connect(_give, sender=get_user_model(), weak=False, dispatch_uid="test-staff-totp")
    yield
    post_save.disconnect(sender=get_user_model(), dispatch_uid="test-staff-totp")
