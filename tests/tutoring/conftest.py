import pytest

from courses.models import Registration


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
