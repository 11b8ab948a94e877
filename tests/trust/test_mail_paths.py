"""Every kind of email goes through the one pipeline (core.mail: a stored
row sent by ``core.tasks.send_email``, which retries and never sends twice):
forum messages, copy receipts, tutors' reminders, activations. Each entry
point, used for real, leaves an ``OutgoingEmail`` row that ends "sent"."""

import pytest
from django.core import mail as django_mail

from core.models import OutgoingEmail

pytestmark = pytest.mark.django_db


def _forum(request):
    from forums.services import post_create
    from tests.forums.factories import forum_of, make_thread, subscribe

    candidate = request.getfixturevalue("candidate")
    other = request.getfixturevalue("other_candidate")
    forum = forum_of(request.getfixturevalue("preparation"))
    subscribe(other, forum)
    thread = make_thread(forum, other, "Révisions")
    post_create(actor=candidate, thread=thread, body="Je propose samedi.")
    return other.email


def _receipt(request):
    from assignments import services
    from tests.assignments.factories import AssignmentFactory, pdf_upload

    candidate = request.getfixturevalue("candidate")
    course = request.getfixturevalue("exam_course")
    assignment = AssignmentFactory(course=course)
    (file,) = services.submission_upload(
        actor=candidate, assignment=assignment, uploads=[pdf_upload("copie.pdf")]
    )
    services.submission_hand_in(actor=candidate, submission=file.submission, statement="oui")
    return candidate.email


def _reminder(request):
    from tutoring.services import reminder_send

    candidate = request.getfixturevalue("candidate")
    tutor = request.getfixturevalue("tutor")
    reminder_send(
        actor=tutor,
        registration=candidate.registrations.get(),
        template="free",
        message="Où en est votre note de synthèse ?",
    )
    return candidate.email


def _activation(request):
    from accounts.api import send_activation
    from tests.factories import UserFactory

    coordinator = request.getfixturevalue("coordinator")
    centre = request.getfixturevalue("centre")
    newcomer = UserFactory(username="nouvelle-candidate", centre=centre)
    newcomer.set_unusable_password()
    newcomer.save()
    send_activation(newcomer, actor=coordinator)
    return newcomer.email


ENTRY_POINTS = {
    "forum": _forum,
    "receipt": _receipt,
    "reminder": _reminder,
    "activation": _activation,
}


@pytest.mark.parametrize("kind", ENTRY_POINTS)
def test_every_kind_of_email_is_a_row_of_the_one_pipeline(
    kind, request, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        address = ENTRY_POINTS[kind](request)
    rows = [row for row in OutgoingEmail.objects.all() if address in row.to]
    assert rows, f"no core.mail row for the {kind} email"
    assert {row.status for row in rows} == {"sent"}
    assert {row.subject for row in rows} <= {m.subject for m in django_mail.outbox}
