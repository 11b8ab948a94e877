import pytest

from forums.models import Forum
from tests.forums.factories import course_forum, forum_of, make_thread


def ensure_real_exams():
    """Put back the exams of the data migration when a transactional test
    (worker, browser) flushed them."""
    from importlib import import_module

    from django.apps import apps

    from courses.models import Exam

    if not Exam.objects.exists():
        import_module("courses.migrations.0002_real_exams").create_exams(apps, None)


@pytest.fixture(autouse=True)
def _real_exams(request):
    if request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
        ensure_real_exams()


ROLES = [
    "anonymous",
    "candidate",
    "other_candidate",
    "candidate_other_centre",
    "trainer",
    "other_trainer",
    "coordinator",
    "other_coordinator",
    "admin_user",
]


@pytest.fixture
def people(
    candidate,
    other_candidate,
    candidate_other_centre,
    trainer,
    other_trainer,
    coordinator,
    other_coordinator,
    admin_user,
):
    return {
        "anonymous": None,
        "candidate": candidate,
        "other_candidate": other_candidate,
        "candidate_other_centre": candidate_other_centre,
        "trainer": trainer,
        "other_trainer": other_trainer,
        "coordinator": coordinator,
        "other_coordinator": other_coordinator,
        "admin_user": admin_user,
    }


@pytest.fixture
def general(people, preparation):
    return forum_of(preparation)


@pytest.fixture
def announcements(people, preparation):
    return forum_of(preparation, Forum.Kind.ANNOUNCEMENTS)


@pytest.fixture
def reports(people, preparation):
    return forum_of(preparation, Forum.Kind.REPORTS)


@pytest.fixture
def exam_forum(people, exam_course):
    return course_forum(exam_course)


@pytest.fixture
def thread(general, candidate):
    return make_thread(general, candidate, "Organisation des révisions", "Comment faites-vous ?")


@pytest.fixture
def report(reports, candidate):
    return make_thread(reports, candidate, "Lien cassé", "Le lien renvoie une erreur.")
