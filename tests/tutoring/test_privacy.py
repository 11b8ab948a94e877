"""Personal data of tutoring: export and anonymisation (core/privacy.py
gathers these functions)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.core.upload_samples import PDF_BYTES
from tutoring import privacy
from tutoring.models import Attachment, Interview, Message, Reminder, Thread
from tutoring.services import interview_save, message_post, reminder_send, thread_open

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(candidate, tutor, registration):
    thread = thread_open(
        actor=candidate,
        title="Oral",
        body="Ma question personnelle",
        attachment=SimpleUploadedFile("cv.pdf", PDF_BYTES),
    )
    message_post(actor=tutor, thread=thread, body="Ma réponse")
    reminder_send(actor=tutor, registration=registration, template="inactive")
    interview_save(
        actor=tutor,
        registration=registration,
        held_on=datetime.date(2026, 10, 1),
        by_phone=True,
        goals="Réussir",
        notes="Confidentiel",
    )
    return thread


def test_export_holds_the_candidates_exchanges_but_not_the_notes(candidate, history):
    data = privacy.export_data(candidate)
    (thread,) = data["threads"]
    assert [m["body"] for m in thread["messages"]] == ["Ma question personnelle", "Ma réponse"]
    assert thread["messages"][0]["attachments"] == ["cv.pdf"]
    assert len(data["reminders_received"]) == 1
    assert data["first_interviews"][0]["goals"] == "Réussir"
    assert "Confidentiel" not in str(data)
    files = privacy.export_files(candidate)
    assert [name for name, _storage in files] == [f"tutorat/{Attachment.objects.get().pk}-cv.pdf"]


def test_anonymise_blanks_what_the_candidate_wrote(candidate, tutor, history):
    storage_name = Attachment.objects.get().file.name
    privacy.anonymise(candidate)
    assert not Attachment.objects.exists()
    from django.core.files.storage import default_storage

    assert not default_storage.exists(storage_name)
    assert Message.objects.get(author=candidate).body == privacy.ERASED
    assert Message.objects.get(author=tutor).body == "Ma réponse"
    assert Thread.objects.get().title == privacy.ERASED
    assert Reminder.objects.get().body == privacy.ERASED
    interview = Interview.objects.get()
    assert (interview.goals, interview.notes) == ("", "")
