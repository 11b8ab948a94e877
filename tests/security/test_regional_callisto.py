"""Regional and Callisto preparations (docs/preparations.md, "Regional and Callisto"),
per role, at every entry point of the rule (``courses.relations``, section
"Regional and Callisto"): the copies, the grading queue, grading, the ZIP,
the release of grades, extensions, the national workshops.

The people are the role fixtures of tests/conftest.py: ``candidate`` (A) is
in centre A's Callisto preparation, ``candidate_other_centre`` (C) in centre
B's regional one, both for "Bibliothécaire (externe)"; ``trainer`` teaches
its course and is national (no centre). Added here: a trainer of the same
course belonging to centre B, and one belonging to centre A."""

import datetime
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from assignments import archives, services
from assignments.models import Submission
from assignments.permissions import can_grade_submission, can_grant_extension, can_view_submission
from assignments.selectors import grading_queue_for, submissions_visible_to
from calendar_app import services as calendar_services
from calendar_app.models import WorkshopRegistration
from calendar_app.permissions import can_manage_event, can_register_to_workshop
from courses import relations
from tests.assignments.factories import AssignmentFactory, pdf_upload
from tests.calendar_app.factories import EventFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REFUSED = "Les ateliers nationaux sont réservés aux stagiaires des préparations Callisto."


@pytest.fixture
def centre_a_trainer(centre, courses):
    from courses.services import enrol_staff

    user = UserFactory(username="trainer-centre-a", centre=centre)
    enrol_staff(user=user, course=courses["bibliothecaire"], role="trainer")
    return user


def _hand_in(candidate, assignment) -> Submission:
    (file,) = services.submission_upload(
        actor=candidate, assignment=assignment, uploads=[pdf_upload(f"{candidate.username}.pdf")]
    )
    services.submission_hand_in(actor=candidate, submission=file.submission, statement="oui")
    return Submission.objects.get(pk=file.submission_id)


def _link(copy) -> str:
    return f'href="{reverse("assignments:submission", args=[copy.pk])}"'


@pytest.fixture
def copies(exam_course, candidate, candidate_other_centre, trainer):
    """A copy of A (Callisto) and one of C (regional) of one assignment."""
    assignment = AssignmentFactory(course=exam_course, created_by=trainer)
    return {
        "assignment": assignment,
        "callisto": _hand_in(candidate, assignment),
        "regional": _hand_in(candidate_other_centre, assignment),
    }


# --- The relation itself ---------------------------------------------------------


def test_graders_of_a_copy_are_national_for_callisto_and_the_centre_for_regional(
    copies, trainer, centre_a_trainer, centre_b_trainer, exam_course
):
    callisto, regional = copies["callisto"].registration, copies["regional"].registration
    assert list(relations.graders_of(callisto, exam_course)) == [trainer]
    assert list(relations.graders_of(regional, exam_course)) == [centre_b_trainer]
    assert relations.is_grader_of(trainer, callisto, exam_course)
    assert not relations.is_grader_of(trainer, regional, exam_course)
    assert relations.is_grader_of(centre_b_trainer, regional, exam_course)
    assert not relations.is_grader_of(centre_b_trainer, callisto, exam_course)
    # A trainer of a Callisto preparation's own centre is not a national trainer.
    assert not relations.is_grader_of(centre_a_trainer, callisto, exam_course)
    assert list(relations.national_trainers_of(exam_course)) == [trainer]


# --- Copies: who sees, who grades --------------------------------------------------


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("trainer", {"callisto"}),  # national: refused the regional copy
        ("centre_b_trainer", {"regional"}),  # refused A's Callisto copy (another centre)
        ("centre_a_trainer", set()),  # Callisto copies are the national trainers'
        ("other_trainer", set()),
        ("tutor", {"callisto"}),
        ("coordinator", {"callisto"}),
        ("other_coordinator", {"regional"}),
        ("candidate", {"callisto"}),
        ("candidate_other_centre", {"regional"}),
        ("other_candidate", set()),
        ("admin_user", {"callisto", "regional"}),
    ],
)
def test_who_sees_and_grades_which_copy(request, copies, role, sees):
    user = request.getfixturevalue(role)
    visible = set(submissions_visible_to(user).values_list("pk", flat=True))
    queue = set(grading_queue_for(user).values_list("pk", flat=True))
    for kind in ("callisto", "regional"):
        copy = copies[kind]
        assert (copy.pk in visible) is (kind in sees), (role, kind)
        assert can_view_submission(user, copy) is (kind in sees), (role, kind)
        grades = kind in sees and role in ("trainer", "centre_b_trainer", "admin_user")
        assert can_grade_submission(user, copy) is grades, (role, kind)
        assert (copy.pk in queue) is grades, (role, kind)


def test_a_national_trainer_is_refused_a_regional_copy_page_and_grading(client, copies, trainer):
    regional = copies["regional"]
    client.force_login(trainer)
    assert client.get(reverse("assignments:submission", args=[regional.pk])).status_code == 404
    response = client.post(reverse("assignments:grade", args=[regional.pk]), {"grade": "12"})
    assert response.status_code == 404
    assert not regional.feedbacks.exists()
    queue = client.get(reverse("assignments:grading_queue")).content.decode()
    assert _link(copies["callisto"]) in queue
    assert _link(regional) not in queue
    with pytest.raises(PermissionDenied):
        services.feedback_save(actor=trainer, submission=regional, grade="12", comment="")


def test_a_centre_trainer_is_refused_a_callisto_copy_of_another_centre(
    client, copies, centre_b_trainer
):
    callisto = copies["callisto"]
    client.force_login(centre_b_trainer)
    assert client.get(reverse("assignments:submission", args=[callisto.pk])).status_code == 404
    response = client.post(reverse("assignments:grade", args=[callisto.pk]), {"grade": "12"})
    assert response.status_code == 404
    assert not callisto.feedbacks.exists()


def test_the_own_centre_trainer_grades_and_returns_the_regional_copy(
    client, copies, centre_b_trainer
):
    regional = copies["regional"]
    client.force_login(centre_b_trainer)
    page = client.get(reverse("assignments:submission", args=[regional.pk]))
    assert page.status_code == 200
    queue = client.get(reverse("assignments:grading_queue")).content.decode()
    assert _link(regional) in queue
    assert _link(copies["callisto"]) not in queue
    response = client.post(
        reverse("assignments:grade", args=[regional.pk]),
        {"grade": "13,5", "comment": "Bonne copie.", "return": "1"},
    )
    assert response.status_code == 302
    regional.refresh_from_db()
    assert regional.status == Submission.Status.RETURNED
    assert regional.feedbacks.get().graded_by == centre_b_trainer


def test_named_trainers_in_charge_count_on_their_own_side(copies, trainer, centre_b_trainer):
    """An assignment naming only its national trainer leaves the regional
    copies to their centre's trainers."""
    copies["assignment"].trainers.set([trainer])
    assert can_grade_submission(centre_b_trainer, copies["regional"])
    assert can_grade_submission(trainer, copies["callisto"])


def test_the_zip_and_the_release_keep_to_the_copies_one_grades(copies, trainer, centre_b_trainer):
    assignment = copies["assignment"]
    names = {}
    for user in (trainer, centre_b_trainer):
        buffer = io.BytesIO()
        archives.write_copies_zip(assignment, buffer, anonymous=False, for_user=user)
        names[user.pk] = zipfile.ZipFile(buffer).namelist()
    assert len(names[trainer.pk]) == 1 and len(names[centre_b_trainer.pk]) == 1
    assert names[trainer.pk] != names[centre_b_trainer.pk]
    for user, kind in ((trainer, "callisto"), (centre_b_trainer, "regional")):
        services.feedback_save(actor=user, submission=copies[kind], grade="12", comment="")
    assert services.assignment_release_grades(actor=trainer, assignment=assignment) == 1
    copies["regional"].refresh_from_db()
    assert copies["regional"].status == Submission.Status.GRADED  # its centre returns it
    assert services.assignment_release_grades(actor=centre_b_trainer, assignment=assignment) == 1


def test_extensions_are_granted_by_the_candidate_s_graders(
    copies, trainer, centre_b_trainer, candidate, candidate_other_centre
):
    assignment = copies["assignment"]
    assert can_grant_extension(trainer, assignment, candidate)
    assert not can_grant_extension(trainer, assignment, candidate_other_centre)
    assert can_grant_extension(centre_b_trainer, assignment, candidate_other_centre)
    assert not can_grant_extension(centre_b_trainer, assignment, candidate)
    with pytest.raises(PermissionDenied):
        services.extension_grant(
            actor=trainer,
            assignment=assignment,
            candidate=candidate_other_centre,
            due_at=timezone.now() + datetime.timedelta(days=20),
        )


# --- Workshops ---------------------------------------------------------------------


@pytest.fixture
def national_workshop(courses):
    start = timezone.now() + datetime.timedelta(days=7)
    return EventFactory(
        workshop=True,
        course=courses["ateliers"],
        title="Atelier : l'actualité culturelle",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
    )


@pytest.fixture
def centre_workshop(other_preparation):
    start = timezone.now() + datetime.timedelta(days=9)
    return EventFactory(
        preparation=other_preparation,
        kind="workshop",
        title="Atelier du centre : entraînement à l'oral",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
    )


def test_a_regional_candidate_is_refused_a_national_workshop_in_french(
    client, national_workshop, candidate_other_centre
):
    url = reverse("calendar_app:event", args=[national_workshop.pk])
    client.force_login(candidate_other_centre)
    page = client.get(url).content.decode()
    assert REFUSED in page
    assert reverse("calendar_app:register", args=[national_workshop.pk]) not in page
    response = client.post(
        reverse("calendar_app:register", args=[national_workshop.pk]), follow=True
    )
    assert REFUSED in response.content.decode()
    assert not WorkshopRegistration.objects.filter(user=candidate_other_centre).exists()
    with pytest.raises(ValidationError):
        calendar_services.workshop_register(actor=candidate_other_centre, event=national_workshop)


def test_a_callisto_candidate_registers_to_a_national_workshop(
    client, national_workshop, candidate
):
    client.force_login(candidate)
    page = client.get(reverse("calendar_app:event", args=[national_workshop.pk])).content
    assert REFUSED not in page.decode()
    client.post(reverse("calendar_app:register", args=[national_workshop.pk]))
    assert WorkshopRegistration.objects.active().filter(user=candidate).exists()


def test_a_regional_candidate_keeps_the_workshops_of_their_centre(
    centre_workshop, candidate_other_centre, candidate
):
    assert can_register_to_workshop(candidate_other_centre, centre_workshop)
    calendar_services.workshop_register(actor=candidate_other_centre, event=centre_workshop)
    assert WorkshopRegistration.objects.active().filter(user=candidate_other_centre).exists()
    assert not can_register_to_workshop(candidate, centre_workshop)  # another preparation's


def test_national_workshops_are_run_by_national_trainers(
    national_workshop, courses, other_trainer, other_centre
):
    from calendar_app.permissions import can_schedule_workshop
    from courses.services import enrol_staff

    centre_trainer = UserFactory(username="ateliers-centre-b", centre=other_centre)
    enrol_staff(user=centre_trainer, course=courses["ateliers"], role="trainer")
    assert can_manage_event(other_trainer, national_workshop)
    assert can_schedule_workshop(other_trainer, courses["ateliers"])
    assert not can_manage_event(centre_trainer, national_workshop)
    assert not can_schedule_workshop(centre_trainer, courses["ateliers"])


# --- Tutors --------------------------------------------------------------------------


def test_no_tutor_in_a_regional_preparation(client, other_preparation, candidate_other_centre):
    assert not relations.may_tutor_in(
        UserFactory(centre=other_preparation.centre), other_preparation
    )
    client.force_login(candidate_other_centre)
    assert client.get(reverse("tutoring:thread_new")).status_code == 403


def test_the_extension_form_offers_the_candidates_one_grades(
    copies,
    trainer,
    centre_b_trainer,
    admin_user,
    candidate,
    other_candidate,
    candidate_other_centre,
):
    from assignments.views import _candidates_of

    assignment = copies["assignment"]
    offered = {
        user.username: set(_candidates_of(assignment, user))
        for user in (trainer, centre_b_trainer, admin_user)
    }
    assert offered[trainer.username] == {candidate, other_candidate}
    assert offered[centre_b_trainer.username] == {candidate_other_centre}
    assert offered[admin_user.username] == {candidate, other_candidate, candidate_other_centre}
