import pytest

from forums.models import Forum
from tests.forums.factories import course_forum, forum_of, make_thread

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
