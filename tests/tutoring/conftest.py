import importlib

import pytest

from courses.models import Registration


@pytest.fixture(autouse=True)
def _real_exams(request):
    """The exams come from a data migration; a transactional test (browser,
    worker, race) flushes them away, and with ``--reuse-db`` the next run
    starts without them: put them back when missing."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker and marker.kwargs.get("transaction")) or {
        "transactional_db",
        "live_server",
    } & set(request.fixturenames)
    if transactional:
        request.getfixturevalue("transactional_db")
    elif marker or "db" in request.fixturenames:
        request.getfixturevalue("db")
    else:
        return
    from django.apps import apps

    from courses.models import Exam

    if not Exam.objects.exists():
        importlib.import_module("courses.migrations.0002_real_exams").create_exams(apps, None)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Attachments written by the tests go to a temporary folder."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def registration(candidate):
    return Registration.objects.get(candidate=candidate)


@pytest.fixture
def other_registration(other_candidate):
    return Registration.objects.get(candidate=other_candidate)


@pytest.fixture
def thread(candidate, registration, exam_course):
    from tutoring.services import thread_open

    return thread_open(
        actor=candidate,
        title="Note de synthèse",
        body="Combien de documents faut-il exploiter ?",
        course=exam_course,
    )


@pytest.fixture
def other_thread(other_candidate, other_registration):
    from tutoring.services import thread_open

    return thread_open(actor=other_candidate, title="Oral", body="Comment préparer l'oral ?")
