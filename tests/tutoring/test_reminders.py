"""Reminders (relances): manual from templates, automatic once a week,
idempotent sending, the overdue-questions summary; the first interview."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from courses.models import Registration
from tests.factories import UserFactory, register
from tests.mail_helpers import outbox
from tutoring.models import Interview, Reminder, Thread
from tutoring.services import (
    interview_save,
    overdue_questions_mark,
    reminder_send,
    reminders_automatic_run,
)
from tutoring.tasks import send_automatic_reminders, send_reminder_email

pytestmark = pytest.mark.django_db


def test_tutor_sends_a_templated_reminder_in_french(
    client, tutor, candidate, registration, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(tutor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("tutoring:reminder_new", args=[registration.pk]),
            {"template": "missing_copy", "message": "Je reste disponible."},
            follow=True,
        )
    assert "La relance a été envoyée." in response.content.decode()
    assert len(outbox()) == 1
    message = mailoutbox[0]
    assert message.to == [candidate.email]
    assert message.subject == "Callisto\xa0: des copies vous attendent"
    assert "Vous n’avez pas rendu toutes les copies attendues." in message.body
    assert "Je reste disponible." in message.body
    reminder = Reminder.objects.get()
    assert (reminder.kind, reminder.status, reminder.sender) == ("manual", "sent", tutor)
    # History on the candidate page.
    page = client.get(reverse("tutoring:candidate", args=[registration.pk])).content.decode()
    assert "Callisto\xa0: des copies vous attendent" in page


def test_inactive_template_counts_the_days(tutor, candidate, registration, mailoutbox):
    candidate.last_login = timezone.now() - datetime.timedelta(days=20)
    candidate.save(update_fields=["last_login"])
    reminder = reminder_send(actor=tutor, registration=registration, template="inactive")
    assert "Nous ne vous avons pas vu sur Callisto depuis 20 jours." in reminder.body


def test_free_text_reminder_needs_a_message(client, tutor, registration):
    with pytest.raises(ValidationError):
        reminder_send(actor=tutor, registration=registration, template="free", message="  ")
    client.force_login(tutor)
    response = client.post(
        reverse("tutoring:reminder_new", args=[registration.pk]),
        {"template": "free", "message": ""},
        follow=True,
    )
    assert "Rédigez le message de la relance." in response.content.decode()
    response = client.post(
        reverse("tutoring:reminder_new", args=[registration.pk]),
        {"template": "nonsense"},
        follow=True,
    )
    assert "pas été envoyée" in response.content.decode()
    assert not Reminder.objects.exists()


def test_other_tutor_cannot_remind(other_tutor, registration):
    with pytest.raises(PermissionDenied):
        reminder_send(actor=other_tutor, registration=registration, template="inactive")


def test_sending_task_twice_sends_one_email(tutor, registration, mailoutbox):
    reminder = reminder_send(actor=tutor, registration=registration, template="inactive")
    assert send_reminder_email(reminder.pk) is True
    assert send_reminder_email(reminder.pk) is False
    assert len(outbox()) == 1
    from core.models import OutgoingEmail

    sent = OutgoingEmail.objects.filter(template="tutoring/emails/reminder", status="sent")
    assert sent.count() == 1


def test_reminder_preference_is_respected_when_accounts_has_it(
    tutor, candidate, registration, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    from tutoring import services

    monkeypatch.setattr(services, "wants_reminder_emails", lambda user: False)
    with django_capture_on_commit_callbacks(execute=True):
        reminder = reminder_send(actor=tutor, registration=registration, template="inactive")
    assert reminder.status == "not_emailed"
    assert mailoutbox == []


def test_reminder_emails_follow_the_candidates_preference(candidate):
    from accounts.models import Preferences
    from tutoring.services import wants_reminder_emails

    assert wants_reminder_emails(candidate) is True  # default: yes
    Preferences.objects.update_or_create(user=candidate, defaults={"reminders_enabled": False})
    assert wants_reminder_emails(candidate) is False


def _inactive(user, days):
    user.last_login = timezone.now() - datetime.timedelta(days=days)
    user.save(update_fields=["last_login"])


def test_automatic_reminders_once_a_week(
    candidate, other_candidate, registration, mailoutbox, django_capture_on_commit_callbacks
):
    _inactive(candidate, 15)
    _inactive(other_candidate, 3)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_automatic_reminders() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert send_automatic_reminders() == 0  # same day: nothing new
    assert len(outbox()) == 1
    assert mailoutbox[0].to == [candidate.email]
    assert mailoutbox[0].subject == "Callisto\xa0: nous ne vous voyons plus"
    reminder = Reminder.objects.get()
    assert reminder.kind == "automatic" and reminder.reasons == "Aucune connexion depuis 15 jours."
    # Four days later, still within the week: nothing; eight days later: again.
    later = timezone.localdate() + datetime.timedelta(days=4)
    assert reminders_automatic_run(today=later) == []
    Reminder.objects.update(created_at=timezone.now() - datetime.timedelta(days=8))
    assert (
        len(reminders_automatic_run(today=timezone.localdate() + datetime.timedelta(days=8))) == 1
    )


def test_automatic_reminders_skip_withdrawn_regional_and_untutored(
    candidate, registration, candidate_other_centre, preparation
):
    _inactive(candidate, 30)
    _inactive(candidate_other_centre, 30)
    untutored = UserFactory(username="sans-tuteur")
    register(untutored, preparation)
    _inactive(untutored, 30)
    Registration.objects.filter(pk=registration.pk).update(status="withdrawn")
    assert reminders_automatic_run() == []


def test_automatic_reminders_for_late_copies(candidate, registration, monkeypatch):
    from assignments import api as assignments_api

    monkeypatch.setattr(
        assignments_api,
        "candidate_submission_stats",
        lambda ids: {i: assignments_api.SubmissionStats(late=2) for i in ids},
    )
    _inactive(candidate, 1)
    ids = reminders_automatic_run()
    reminder = Reminder.objects.get(pk=ids[0])
    assert reminder.template == "missing_copy"
    assert "Vous n’avez pas rendu 2 copies attendues." in reminder.body


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_automatic_reminder_email_through_the_real_worker(celery_worker_process, courses):
    """The daily run queues the email after commit; the real worker sends it.
    The worker runs one task at a time in queue order, so our own second
    sending task runs after the first one and finds the reminder sent; the
    beat task run in the worker then finds nothing new to do."""
    from accounts.models import Centre
    from tests.factories import PreparationFactory

    centre = Centre.objects.create(code="centre-w", name="CRFCB W")
    preparation = PreparationFactory(centre=centre)
    user = UserFactory(username="worker-candidate")
    register(user, preparation, tutor=UserFactory(username="worker-tutor"))
    _inactive(user, 20)
    (reminder_id,) = reminders_automatic_run()
    assert send_reminder_email.apply_async(args=[reminder_id]).get(timeout=60) is False
    reminder = Reminder.objects.get(pk=reminder_id)
    assert reminder.status == "sent" and reminder.sent_at is not None
    assert send_automatic_reminders.apply_async().get(timeout=60) == 0
    assert Reminder.objects.filter(candidate=user).count() == 1


# --- Overdue questions ------------------------------------------------------------


def test_tutor_told_once_about_overdue_questions(
    thread, tutor, mailoutbox, django_capture_on_commit_callbacks
):
    Thread.objects.filter(pk=thread.pk).update(due_on=datetime.date(2026, 1, 5))
    with django_capture_on_commit_callbacks(execute=True):
        assert overdue_questions_mark() == {tutor.pk: [thread.pk]}
    with django_capture_on_commit_callbacks(execute=True):
        assert overdue_questions_mark() == {}
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [tutor.email]
    assert mailoutbox[0].subject == "Callisto\xa0: 1 question attend votre réponse"
    assert "Note de synthèse" in mailoutbox[0].body
    assert "lundi 5 janvier 2026" in mailoutbox[0].body


# --- First interview --------------------------------------------------------------


def test_tutor_records_the_first_interview(client, tutor, candidate, registration):
    client.force_login(tutor)
    url = reverse("tutoring:interview", args=[registration.pk])
    response = client.post(
        url,
        {"held_on": "2026-10-02", "by_phone": "on", "goals": "Réussir", "notes": "Anxieux"},
    )
    assert response.status_code == 302
    interview = Interview.objects.get()
    assert interview.channels == ["téléphone"]
    page = client.get(reverse("tutoring:candidate", args=[registration.pk])).content.decode()
    assert "Anxieux" in page and "téléphone" in page


def test_interview_bad_input_changes_nothing(client, tutor, registration):
    client.force_login(tutor)
    url = reverse("tutoring:interview", args=[registration.pk])
    response = client.post(url, {"held_on": "2999-01-01", "by_email": "on"})
    assert "ne peut pas être dans le futur" in response.content.decode()
    response = client.post(url, {"held_on": "2026-10-02"})
    assert "au moins un moyen de contact" in response.content.decode()
    response = client.post(url, {"held_on": "pas une date"})
    assert response.status_code == 200
    assert not Interview.objects.exists()


def test_interview_notes_are_never_shown_to_the_candidate(client, tutor, candidate, registration):
    interview_save(
        actor=tutor,
        registration=registration,
        held_on=datetime.date(2026, 10, 2),
        by_email=True,
        notes="Note confidentielle",
    )
    client.force_login(candidate)
    assert client.get(reverse("tutoring:candidate", args=[registration.pk])).status_code == 404
    page = client.get(reverse("tutoring:my_threads")).content.decode()
    assert "Note confidentielle" not in page
    assert "contact convenu\xa0: courriel" in page


def test_mail_outbox_is_isolated():
    assert mail.outbox == []
