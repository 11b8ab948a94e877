import pytest

from tests.assignments.factories import AssignmentFactory


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploaded files go to a folder of this test."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def media_root(_media):
    return _media


@pytest.fixture
def assignment(exam_course, trainer):
    return AssignmentFactory(course=exam_course)


ROLES = [
    "candidate",
    "other_candidate",
    "candidate_other_centre",
    "tutor",
    "other_tutor",
    "trainer",
    "other_trainer",
    "coordinator",
    "other_coordinator",
    "admin_user",
    "anonymous",
]


@pytest.fixture
def login_as(request, client):
    """Log the client in as a role fixture ("anonymous": nobody)."""

    def _login(role):
        if role == "anonymous":
            client.logout()
            return None
        user = request.getfixturevalue(role)
        client.force_login(user)
        return user

    return _login


@pytest.fixture
def world(
    candidate,
    other_candidate,
    candidate_other_centre,
    tutor,
    other_tutor,
    trainer,
    other_trainer,
    coordinator,
    other_coordinator,
    admin_user,
    assignment,
):
    """``candidate`` and ``other_candidate`` have handed in a copy;
    ``candidate``'s is graded (not returned) with an annotated copy."""
    from types import SimpleNamespace

    from assignments import services
    from tests.assignments.factories import pdf_upload

    subject = services.assignment_save(
        actor=trainer,
        course=assignment.course,
        assignment=assignment,
        data={},
        subject_files=[pdf_upload("sujet.pdf", "Sujet")],
    ).subject_files.get()
    copies = {}
    for user in (candidate, other_candidate):
        (file,) = services.submission_upload(
            actor=user, assignment=assignment, uploads=[pdf_upload(f"{user.username}.pdf")]
        )
        submission = services.submission_hand_in(
            actor=user, submission=file.submission, statement="oui"
        )
        copies[user.username] = (submission, file)
    feedback = services.feedback_save(
        actor=trainer,
        submission=copies["candidate-a"][0],
        grade="14,5",
        comment="Bonne problématique.",
        annotated=pdf_upload("annotee.pdf", "Annotations"),
    )
    archive = services.archive_request(actor=trainer, assignment=assignment)
    services.archive_build(archive_id=archive.pk)
    return SimpleNamespace(
        archive=archive,
        assignment=assignment,
        submission=copies["candidate-a"][0],
        file=copies["candidate-a"][1],
        other_submission=copies["candidate-b"][0],
        other_file=copies["candidate-b"][1],
        feedback=feedback,
        subject=subject,
    )
