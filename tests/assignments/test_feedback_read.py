"""Read receipts: the first time the candidate opens returned feedback is
recorded; the tutor board and the grading queue show what is unread; the
tutor filters on it and sends a reminder about it."""

import pytest
from django.core import mail
from django.urls import reverse

from assignments import services
from assignments.models import Feedback
from courses.models import Registration
from tutoring.models import Reminder
from tutoring.services import reminder_send

pytestmark = pytest.mark.django_db

UNREAD = ">non lu</span>"  # the badge (the bell says "non lue")


@pytest.fixture
def returned(world, trainer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_return(actor=trainer, submission=world.submission)
    mail.outbox.clear()
    return Feedback.objects.get(pk=world.feedback.pk)


def _board(client, tutor, query=""):
    client.force_login(tutor)
    return client.get(reverse("tutoring:board") + query).content.decode()


def test_tutor_board_shows_a_returned_copy_unread_until_the_candidate_opens_it(
    client, world, returned, candidate, tutor, trainer, coordinator
):
    assert returned.read_at is None
    html = _board(client, tutor)
    assert UNREAD in html
    assert "1 copie rendue non ouverte" in html
    client.force_login(trainer)
    queue = client.get(reverse("assignments:grading_queue")).content.decode()
    assert UNREAD in queue
    # Staff opening the copy is no read receipt.
    for person in (tutor, trainer, coordinator):
        client.force_login(person)
        page = client.get(world.submission.get_absolute_url()).content.decode()
        assert "Le candidat n’a pas encore ouvert ce retour." in page
    returned.refresh_from_db()
    assert returned.read_at is None
    # The candidate opens the returned feedback: recorded, the first time only.
    client.force_login(candidate)
    assert client.get(world.submission.get_absolute_url()).status_code == 200
    returned.refresh_from_db()
    first = returned.read_at
    assert first is not None
    client.get(world.submission.get_absolute_url())
    returned.refresh_from_db()
    assert returned.read_at == first
    html = _board(client, tutor)
    assert UNREAD not in html
    assert "copie rendue non ouverte" not in html
    client.force_login(trainer)
    assert UNREAD not in client.get(reverse("assignments:grading_queue")).content.decode()
    client.force_login(tutor)
    page = client.get(world.submission.get_absolute_url()).content.decode()
    assert "Lu par le candidat le" in page


def test_feedback_not_returned_yet_is_not_unread(client, world, tutor):
    html = _board(client, tutor)
    assert UNREAD not in html


def test_tutor_filters_on_unread_feedback(client, world, returned, candidate, tutor):
    html = _board(client, tutor, "?non_lu=on")
    assert candidate.get_display_name() in html
    client.force_login(candidate)
    client.get(world.submission.get_absolute_url())
    html = _board(client, tutor, "?non_lu=on")
    assert "Aucun candidat à afficher." in html


def test_tutor_reminds_the_candidate_of_unread_feedback(
    world, returned, candidate, tutor, django_capture_on_commit_callbacks
):
    registration = Registration.objects.get(candidate=candidate)
    with django_capture_on_commit_callbacks(execute=True):
        reminder = reminder_send(actor=tutor, registration=registration, template="unread_feedback")
    assert reminder.status == Reminder.Status.SENT or reminder.status == Reminder.Status.PENDING
    (email,) = mail.outbox
    assert email.to == [candidate.email]
    assert "1 copie corrigée que vous n’avez pas encore ouverte" in email.body


def test_no_unread_feedback_reminder_once_everything_is_read(
    client, world, returned, candidate, tutor
):
    from django.core.exceptions import ValidationError

    client.force_login(candidate)
    client.get(world.submission.get_absolute_url())
    registration = Registration.objects.get(candidate=candidate)
    with pytest.raises(ValidationError):
        reminder_send(actor=tutor, registration=registration, template="unread_feedback")
    assert not Reminder.objects.filter(template="unread_feedback").exists()
