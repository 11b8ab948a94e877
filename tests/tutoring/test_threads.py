"""Question themes: the two-exchange rule, due dates, bad input, escalation."""

import datetime
import threading
import zoneinfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from courses.models import Registration
from tests.core.upload_samples import PDF_BYTES, docx_bytes, image_bytes
from tutoring.models import Attachment, Message, Thread
from tutoring.services import message_post, thread_escalate, thread_open

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def _exchange(thread, candidate, tutor, first=False):
    if not first:
        message_post(actor=candidate, thread=thread, body="Une autre question ?")
    message_post(actor=tutor, thread=thread, body="Voici la réponse.")


def test_theme_closes_after_two_exchanges(thread, candidate, tutor):
    _exchange(thread, candidate, tutor, first=True)
    thread.refresh_from_db()
    assert (thread.status, thread.exchanges) == ("open", 1)
    _exchange(thread, candidate, tutor)
    thread.refresh_from_db()
    assert (thread.status, thread.exchanges) == ("closed", 2)
    assert thread.closed_at is not None


def test_third_message_on_a_theme_is_refused(thread, candidate, tutor):
    _exchange(thread, candidate, tutor, first=True)
    _exchange(thread, candidate, tutor)
    with pytest.raises(ValidationError) as exc:
        message_post(actor=candidate, thread=thread, body="Encore une question ?")
    assert "clos après deux échanges" in exc.value.messages[0]
    assert thread.messages.count() == 4


def test_third_message_through_the_page_shows_the_explanation_and_saves_nothing(
    client, thread, candidate, tutor
):
    _exchange(thread, candidate, tutor, first=True)
    _exchange(thread, candidate, tutor)
    client.force_login(candidate)
    url = reverse("tutoring:thread", args=[thread.pk])
    page = client.get(url).content.decode()
    assert "Ce thème est clos" in page
    assert "Ouvrir un nouveau thème" in page
    assert "Solliciter un formateur" in page
    response = client.post(url, {"body": "Encore ?"})
    assert response.status_code == 400
    assert "clos après deux échanges" in response.content.decode()
    assert thread.messages.count() == 4


def test_candidate_waits_for_the_answer_before_writing_again(thread, candidate):
    with pytest.raises(ValidationError):
        message_post(actor=candidate, thread=thread, body="Vous êtes là ?")
    assert thread.messages.count() == 1


def test_tutor_extra_message_does_not_count_as_an_exchange(thread, candidate, tutor):
    _exchange(thread, candidate, tutor, first=True)
    message_post(actor=tutor, thread=thread, body="J'ajoute un lien utile.")
    thread.refresh_from_db()
    assert thread.exchanges == 1 and thread.is_open


def test_due_date_in_business_days_and_cleared_by_the_answer(
    candidate, registration, tutor, monkeypatch
):
    from django.utils import timezone

    friday_evening = datetime.datetime(2026, 11, 27, 19, 0, tzinfo=PARIS)
    monkeypatch.setattr(timezone, "now", lambda: friday_evening)
    thread = thread_open(actor=candidate, title="Oral", body="Question du vendredi soir")
    assert thread.due_on == datetime.date(2026, 12, 2)
    message_post(actor=tutor, thread=thread, body="Réponse")
    thread.refresh_from_db()
    assert thread.due_on is None and thread.awaiting_since is None


def test_two_candidate_posts_at_once_only_one_passes(transactional_db, candidate, tutor, courses):
    registration = Registration.objects.get(candidate=candidate)
    thread = thread_open(actor=candidate, title="Course", body="Première question")
    message_post(actor=tutor, thread=thread, body="Réponse")
    barrier = threading.Barrier(2)
    outcomes = []

    def post(text):
        try:
            barrier.wait(timeout=10)
            message_post(actor=candidate, thread=thread, body=text)
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    workers = [threading.Thread(target=post, args=(f"Message {i}",)) for i in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)
    assert sorted(outcomes) == ["ok", "refused"]
    assert Message.objects.filter(thread=thread, from_tutor=False).count() == 2
    assert registration.pk


# --- Bad input --------------------------------------------------------------------


def test_empty_message_is_refused_in_french(client, candidate, registration):
    client.force_login(candidate)
    response = client.post(reverse("tutoring:thread_new"), {"title": "Oral", "body": "   "})
    assert response.status_code == 200
    assert "Ce champ est obligatoire" in response.content.decode()
    assert not Thread.objects.exists()
    with pytest.raises(ValidationError) as exc:
        thread_open(actor=candidate, title="Oral", body=" \n ")
    assert exc.value.message_dict["body"] == ["Rédigez un message."]
    assert not Thread.objects.exists()


def test_body_is_plain_text_rendered_escaped(client, candidate, tutor, registration):
    thread = thread_open(
        actor=candidate, title="<b>Titre</b>", body="<script>alert(1)</script>\x00Bonjour"
    )
    assert thread.messages.get().body == "<script>alert(1)</script>Bonjour"
    client.force_login(tutor)
    page = client.get(reverse("tutoring:thread", args=[thread.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Bonjour" in page


def test_tutor_answering_someone_elses_candidate_is_refused(client, thread, other_tutor):
    with pytest.raises(PermissionDenied):
        message_post(actor=other_tutor, thread=thread, body="Je réponds")
    client.force_login(other_tutor)
    url = reverse("tutoring:thread", args=[thread.pk])
    assert client.post(url, {"body": "Je réponds"}).status_code == 404
    assert thread.messages.count() == 1


def test_coordinator_reads_but_cannot_answer(client, thread, coordinator):
    client.force_login(coordinator)
    url = reverse("tutoring:thread", args=[thread.pk])
    assert "Répondre" not in client.get(url).content.decode()
    assert client.post(url, {"body": "Je réponds"}).status_code == 403
    assert thread.messages.count() == 1


def test_regional_candidate_cannot_open_a_theme(client, candidate_other_centre):
    with pytest.raises(PermissionDenied):
        thread_open(actor=candidate_other_centre, title="Oral", body="Question ?")
    client.force_login(candidate_other_centre)
    response = client.post(reverse("tutoring:thread_new"), {"title": "Oral", "body": "Q ?"})
    assert response.status_code == 403
    assert "ne comporte pas de tuteur" in response.content.decode()
    assert not Thread.objects.exists()


def test_withdrawn_candidate_cannot_open_or_continue_a_theme(thread, candidate, tutor):
    message_post(actor=tutor, thread=thread, body="Réponse")
    Registration.objects.filter(candidate=candidate).update(status="withdrawn")
    with pytest.raises(PermissionDenied):
        thread_open(actor=candidate, title="Autre", body="Question ?")
    with pytest.raises(PermissionDenied):
        message_post(actor=candidate, thread=thread, body="Suite ?")
    with pytest.raises(PermissionDenied):
        message_post(actor=tutor, thread=thread, body="Un complément")
    assert thread.messages.count() == 2


def test_course_outside_the_registration_is_refused(candidate, registration, courses):
    with pytest.raises(ValidationError) as exc:
        thread_open(actor=candidate, title="RAEP", body="Q ?", course=courses["raep"])
    assert "course" in exc.value.message_dict


# --- Attachments ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("plan.pdf", PDF_BYTES),
        ("schema.png", image_bytes("PNG")),
        ("photo.jpg", image_bytes("JPEG")),
        ("copie.docx", docx_bytes()),
    ],
)
def test_good_attachments_are_kept_and_served_to_the_tutor(client, candidate, tutor, name, content):
    thread = thread_open(
        actor=candidate,
        title="Pièce",
        body="Ci-joint",
        attachment=SimpleUploadedFile(name, content, "application/octet-stream"),
    )
    attachment = Attachment.objects.get(message__thread=thread)
    assert attachment.name == name and attachment.size == len(content)
    client.force_login(tutor)
    response = client.get(reverse("tutoring:attachment", args=[attachment.pk]))
    assert b"".join(response.streaming_content) == content
    assert "attachment" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("virus.exe", b"MZ\x90\x00", "n’est pas d’un type accepté"),
        ("faux.pdf", b"<html>not a pdf</html>", "n’est pas d’un type accepté"),
        ("image.pdf", image_bytes("PNG"), "ne correspond pas"),
        ("archive.docx", b"PK\x03\x04garbage", "semble endommagé"),
        ("vide.pdf", b"", "vide"),
    ],
)
def test_bad_attachments_are_refused_and_nothing_is_saved(
    client, candidate, registration, name, content, error
):
    client.force_login(candidate)
    response = client.post(
        reverse("tutoring:thread_new"),
        {
            "title": "Pièce",
            "body": "Ci-joint",
            "attachment": SimpleUploadedFile(name, content, "application/pdf"),
        },
    )
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Thread.objects.exists() and not Attachment.objects.exists()


def test_too_large_attachment_is_refused(client, candidate, registration, settings):
    settings.TUTORING_ATTACHMENT_MAX_BYTES = 1024
    client.force_login(candidate)
    response = client.post(
        reverse("tutoring:thread_new"),
        {
            "title": "Pièce",
            "body": "Ci-joint",
            "attachment": SimpleUploadedFile("gros.pdf", PDF_BYTES + b"0" * 2000),
        },
    )
    assert "trop volumineux" in response.content.decode()
    assert not Thread.objects.exists()


def test_attachment_name_is_made_safe(candidate, registration):
    thread = thread_open(
        actor=candidate,
        title="Pièce",
        body="Ci-joint",
        attachment=SimpleUploadedFile("../../etc/<plan>.PDF", PDF_BYTES),
    )
    attachment = Attachment.objects.get(message__thread=thread)
    assert attachment.name == "_plan_.pdf"
    assert ".." not in attachment.file.name


# --- Escalation -------------------------------------------------------------------


def test_escalation_notifies_the_course_trainers_once(
    client,
    thread,
    candidate,
    tutor,
    trainer,
    other_trainer,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    _exchange(thread, candidate, tutor, first=True)
    _exchange(thread, candidate, tutor)
    client.force_login(candidate)
    url = reverse("tutoring:thread_escalate", args=[thread.pk])
    message = "Pouvez-vous m’expliquer la hiérarchisation des documents ?"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"message": message}, follow=True)
    html = response.content.decode()
    # The candidate is told who was asked, by name.
    assert "Votre message a été envoyé aux formateurs de «\xa0Devenir" in html
    assert trainer.get_display_name() in html
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"message": message})
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == [trainer.email]
    assert (
        email.subject
        == "Callisto\xa0: un candidat sollicite un formateur sur «\xa0Note de synthèse\xa0»"
    )
    assert "sollicite l’aide d’un formateur" in email.body
    assert message in email.body
    request = thread.trainer_request
    assert f"/tutorat/sollicitations/{request.pk}/" in email.body
    assert list(request.trainers.all()) == [trainer]
    assert request.due_on is not None


def test_escalation_needs_a_message_and_changes_nothing_without(
    client, thread, candidate, tutor, mailoutbox
):
    _exchange(thread, candidate, tutor, first=True)
    _exchange(thread, candidate, tutor)
    client.force_login(candidate)
    url = reverse("tutoring:thread_escalate", args=[thread.pk])
    response = client.post(url, {"message": "  "}, follow=True)
    assert "Les formateurs n’ont pas été sollicités" in response.content.decode()
    thread.refresh_from_db()
    assert thread.escalated_at is None
    assert mailoutbox == []


def test_escalation_without_course_asks_the_chosen_course_trainers_coordinator_in_copy(
    client,
    candidate,
    registration,
    tutor,
    trainer,
    coordinator,
    other_coordinator,
    exam_course,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    thread = thread_open(actor=candidate, title="Organisation", body="Q ?")
    with pytest.raises(ValidationError):
        thread_escalate(actor=candidate, thread=thread, message="Aidez-moi.")
    with django_capture_on_commit_callbacks(execute=True):
        request = thread_escalate(
            actor=candidate, thread=thread, message="Aidez-moi.", course=exam_course
        )
    assert request is not None
    assert sorted(m.to[0] for m in mailoutbox) == sorted([trainer.email, coordinator.email])
    copy = next(m for m in mailoutbox if m.to == [coordinator.email])
    assert "en copie" in copy.body
    assert list(request.copied.all()) == [coordinator]
    # Tracked on the tutor board with its due date until a trainer answers.
    client.force_login(tutor)
    assert "Formateurs sollicités\xa0:" in client.get(reverse("tutoring:board")).content.decode()
    # The trainer asked reads and answers it; the candidate reads the answer.
    client.force_login(trainer)
    page = reverse("tutoring:trainer_request", args=[request.pk])
    assert "Aidez-moi." in client.get(page).content.decode()
    response = client.post(page, {"answer": "Commencez par le sommaire."})
    assert response.status_code == 302
    client.force_login(candidate)
    assert "Commencez par le sommaire." in client.get(page).content.decode()
    client.force_login(tutor)
    assert "Formateurs sollicités" not in client.get(reverse("tutoring:board")).content.decode()


def test_only_the_candidate_escalates(thread, tutor):
    with pytest.raises(PermissionDenied):
        thread_escalate(actor=tutor, thread=thread, message="Aidez-moi.")


# --- Notifications and links -------------------------------------------------------


def test_tutor_is_told_of_a_question_and_candidate_of_the_answer_once(
    candidate, registration, tutor, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    from django.utils import timezone

    from tutoring.tasks import send_message_notification

    monday = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=PARIS)
    monkeypatch.setattr(timezone, "now", lambda: monday)
    with django_capture_on_commit_callbacks(execute=True):
        thread = thread_open(actor=candidate, title="Oral", body="Comment préparer l'oral ?")
    with django_capture_on_commit_callbacks(execute=True):
        answer = message_post(actor=tutor, thread=thread, body="En s'entraînant.")
    assert send_message_notification(answer.pk) is False  # already done
    question_mail, answer_mail = mailoutbox
    assert question_mail.to == [tutor.email]
    assert question_mail.subject == (
        f"Callisto\xa0: question de {candidate.get_display_name()} sur «\xa0Oral\xa0»"
    )
    assert "Réponse attendue au plus tard le mercredi 25 novembre 2026." in question_mail.body
    assert answer_mail.to == [candidate.email]
    assert answer_mail.subject == "Callisto\xa0: votre tuteur a répondu sur «\xa0Oral\xa0»"
    assert f"/tutorat/questions/{thread.pk}/" in answer_mail.body


def test_theme_about_an_activity(client, candidate, registration, exam_course):
    activity = exam_course.activities.first()
    client.force_login(candidate)
    url = reverse("tutoring:thread_new") + f"?activite={activity.pk}"
    assert activity.title in client.get(url).content.decode()
    response = client.post(url, {"title": "Sur la fiche", "body": "Je ne comprends pas."})
    assert response.status_code == 302
    thread = Thread.objects.get()
    assert (thread.activity, thread.course) == (activity, exam_course)
