""" "Je me désiste": a reason, a confirmation, emails to the centre and the
tutor, nothing deleted."""

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import Completion, Enrolment, Registration
from courses.services import withdraw_registration
from courses.tasks import send_withdrawal_notification
from tests.mail_helpers import outbox

pytestmark = pytest.mark.django_db


@pytest.fixture
def registration(candidate):
    return candidate.registrations.get()


def withdraw_url(registration):
    return reverse("courses:withdraw", args=[registration.pk])


def test_withdrawal_asks_a_reason_then_a_confirmation(
    client, candidate, registration, coordinator, tutor, django_capture_on_commit_callbacks
):
    client.force_login(candidate)
    page = client.get(withdraw_url(registration)).content.decode()
    assert "Pourquoi vous désistez-vous\u202f?" in page

    response = client.post(withdraw_url(registration), {"reason": "   "})
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.content.decode()

    response = client.post(withdraw_url(registration), {"reason": "Je pars à l'étranger."})
    page = response.content.decode()
    assert "Confirmez-vous votre désistement" in page
    assert "votre tuteur ou tutrice en seront informés" in page
    registration.refresh_from_db()
    assert registration.status == "active"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            withdraw_url(registration),
            {"reason": "Je pars à l'étranger.", "confirmed": "on"},
        )
    assert response.status_code == 302
    assert response.url == reverse("courses:my_courses")
    registration.refresh_from_db()
    assert registration.status == "withdrawn"
    assert registration.withdrawn_at is not None
    assert registration.withdrawal_reason == "Je pars à l'étranger."
    # Nothing deleted: enrolments stay, read access stays.
    assert registration.enrolments.filter(status=Enrolment.Status.ACTIVE).count() == 3
    assert client.get(registration.enrolments.first().course.get_absolute_url()).status_code == 200

    recipients = sorted(address for message in outbox() for address in message.to)
    assert recipients == sorted(
        [coordinator.email, registration.preparation.centre.contact_email, tutor.email]
    )
    message = outbox()[0]
    assert message.subject == (
        f"Désistement\xa0: {candidate.get_display_name()} (Préparation Callisto 2027)"
    )
    assert "s’est désisté·e de la préparation" in message.body
    assert "Motif indiqué\xa0: Je pars à l'étranger." in message.body
    tutor_message = next(m for m in outbox() if m.to == [tutor.email])
    assert "Vous ne suivez plus cette personne" in tutor_message.body


def test_withdrawn_candidate_keeps_completions_and_cannot_tick(
    client, candidate, registration, exam_course
):
    activity = exam_course.activities.first()
    Completion.objects.create(user=candidate, activity=activity, source="manual")
    withdraw_registration(actor=candidate, registration=registration, reason="Raisons de santé")
    client.force_login(candidate)
    page = client.get(reverse("dashboard")).content.decode()
    assert "Inscription close\xa0: lecture seule" in page
    assert "Je me désiste" not in page
    assert Completion.objects.filter(user=candidate).count() == 1


def test_withdrawing_twice_is_refused(client, candidate, registration):
    withdraw_registration(actor=candidate, registration=registration, reason="Nouveau poste")
    client.force_login(candidate)
    response = client.post(withdraw_url(registration), {"reason": "x", "confirmed": "on"})
    assert response.status_code == 403
    assert "est déjà close" in response.content.decode()


def test_nobody_else_may_withdraw_a_candidate(
    client, registration, other_candidate, tutor, coordinator, admin_user
):
    for person in (other_candidate, tutor, coordinator, admin_user):
        client.force_login(person)
        response = client.post(withdraw_url(registration), {"reason": "x", "confirmed": "on"})
        assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.status == "active"


def test_service_refuses_another_actor_and_an_empty_reason(
    candidate, other_candidate, registration
):
    from django.core.exceptions import PermissionDenied, ValidationError

    with pytest.raises(PermissionDenied):
        withdraw_registration(actor=other_candidate, registration=registration, reason="x")
    with pytest.raises(ValidationError):
        withdraw_registration(actor=candidate, registration=registration, reason="  ")
    registration.refresh_from_db()
    assert registration.status == "active"


def test_notification_is_sent_once_even_if_the_task_runs_twice(
    candidate, registration, coordinator
):
    withdraw_registration(actor=candidate, registration=registration, reason="Déménagement")
    assert send_withdrawal_notification(registration.pk) == 3
    assert send_withdrawal_notification(registration.pk) == 0
    assert len(outbox()) == 3


def test_notification_of_a_regional_candidate_goes_to_the_centre_only(
    candidate_other_centre, other_coordinator
):
    registration = candidate_other_centre.registrations.get()
    withdraw_registration(actor=candidate_other_centre, registration=registration, reason="x")
    assert send_withdrawal_notification(registration.pk) == 2
    assert {m.to[0] for m in outbox()} == {
        other_coordinator.email,
        registration.preparation.centre.contact_email,
    }


def test_notification_does_nothing_for_an_active_registration(registration):
    assert send_withdrawal_notification(registration.pk) == 0
    assert send_withdrawal_notification(999999) == 0
    assert outbox() == []


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_withdrawal_notification_through_a_real_worker(celery_worker_process):
    from tests.factories import CentreFactory, PreparationFactory, UserFactory, register

    centre = CentreFactory(code="centre-w", contact_email="centre-w@example.fr")
    preparation = PreparationFactory(centre=centre, name="Préparation du worker")
    candidate = UserFactory(username="candidate-w")
    registration = register(candidate, preparation)
    # Withdrawn without the service, whose own on-commit task would race ours.
    Registration.objects.filter(pk=registration.pk).update(
        status="withdrawn", withdrawn_at=timezone.now(), withdrawal_reason="Essai"
    )
    result = send_withdrawal_notification.apply_async(args=[registration.pk])
    assert result.get(timeout=60) == 1
    assert Registration.objects.get(pk=registration.pk).status == "withdrawn"
    # The task wrote the email; the email task, queued after it, sends it.
    import time

    from core.models import OutgoingEmail

    deadline = time.monotonic() + 60
    email = OutgoingEmail.objects.get(to=["centre-w@example.fr"])
    while email.status == "queued" and time.monotonic() < deadline:
        time.sleep(0.2)
        email.refresh_from_db()
    assert email.status == "sent", email.last_error
    log = celery_worker_process["log"].read_text()
    assert "centre-w@example.fr" in log
