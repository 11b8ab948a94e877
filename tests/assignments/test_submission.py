"""Candidates upload versions and hand in their copy; every bad input is
refused in French with nothing stored and the previous state intact."""

import datetime
import hashlib
import threading
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from assignments import services
from assignments.models import Submission, SubmissionFile
from courses.models import Completion, Registration
from tests.assignments.factories import (
    AssignmentFactory,
    docx_bytes,
    exe_bytes,
    pdf_bytes,
    pdf_upload,
)
from tests.mail_helpers import outbox

pytestmark = pytest.mark.django_db


def stored_files(media_root: Path) -> list[Path]:
    return sorted(p for p in media_root.rglob("*") if p.is_file())


def snapshot(media_root):
    return (
        stored_files(media_root),
        list(SubmissionFile.objects.values_list("pk", "is_current", "handin").order_by("pk")),
        list(Submission.objects.values_list("pk", "status", "handin").order_by("pk")),
    )


def upload(candidate, assignment, *uploads):
    return services.submission_upload(actor=candidate, assignment=assignment, uploads=uploads)


def hand_in(candidate, assignment):
    submission = Submission.objects.get(assignment=assignment, candidate=candidate)
    return services.submission_hand_in(actor=candidate, submission=submission, statement="oui")


def test_upload_keeps_name_size_and_sha256_under_a_random_name(candidate, assignment, media_root):
    (created,) = upload(candidate, assignment, pdf_upload("Ma copie été.pdf"))
    data = pdf_bytes()
    assert created.original_name == "Ma copie été.pdf"
    assert created.size == len(data)
    assert created.sha256 == hashlib.sha256(data).hexdigest()
    assert created.number == 1 and created.is_current and created.handin is None
    assert "copie" not in created.file.name and created.file.name.endswith(".pdf")
    assert (media_root / created.file.name).read_bytes() == data
    assert created.submission.status == Submission.Status.DRAFT


def test_new_upload_replaces_the_file_in_the_copy_and_keeps_the_old_version(candidate, assignment):
    first = upload(candidate, assignment, pdf_upload("v1.pdf"))[0]
    second = upload(candidate, assignment, pdf_upload("v2.pdf", "deux"))[0]
    first.refresh_from_db()
    assert (first.number, first.is_current) == (1, False)
    assert (second.number, second.is_current) == (2, True)
    assert first.file.storage.exists(first.file.name)


def test_docx_is_accepted_by_content(candidate, assignment):
    (created,) = upload(candidate, assignment, SimpleUploadedFile("copie.docx", docx_bytes()))
    assert created.content_type.endswith("wordprocessingml.document")


def test_hand_in_marks_the_files_sends_the_receipt_and_is_on_time(
    candidate, assignment, django_capture_on_commit_callbacks
):
    upload(candidate, assignment, pdf_upload("copie.pdf"))
    with django_capture_on_commit_callbacks(execute=True):
        submission = hand_in(candidate, assignment)
    assert submission.status == Submission.Status.SUBMITTED and not submission.is_late
    assert submission.files.get().handin == 1
    (message,) = outbox()
    assert message.to == [candidate.email]
    assert assignment.title in message.subject and "Copie reçue" in message.subject
    assert "copie.pdf" in message.body
    assert hashlib.sha256(pdf_bytes()).hexdigest() in message.body
    assert "empreinte SHA-256" in message.body


def test_receipt_task_run_twice_sends_one_email(candidate, assignment):
    from assignments.tasks import send_receipt

    upload(candidate, assignment, pdf_upload())
    submission = hand_in(candidate, assignment)
    mail.outbox.clear()
    assert send_receipt(submission.pk, 1) is True
    assert send_receipt(submission.pk, 1) is False
    assert len(outbox()) == 1
    from core.models import OutgoingEmail

    (row,) = OutgoingEmail.objects.filter(template="assignments/emails/receipt")
    assert (row.to, row.status) == ([candidate.email], "sent")


def test_hand_in_after_due_date_is_late_until_cutoff(candidate, exam_course, trainer):
    now = timezone.now()
    assignment = AssignmentFactory(
        course=exam_course,
        opens_at=now - datetime.timedelta(days=10),
        due_at=now - datetime.timedelta(days=1),
        cutoff_at=now + datetime.timedelta(days=1),
    )
    upload(candidate, assignment, pdf_upload())
    submission = hand_in(candidate, assignment)
    assert submission.status == Submission.Status.LATE and submission.is_late


def test_extension_moves_the_due_date_of_one_candidate(
    candidate, other_candidate, exam_course, trainer
):
    now = timezone.now()
    assignment = AssignmentFactory(
        course=exam_course,
        opens_at=now - datetime.timedelta(days=10),
        due_at=now - datetime.timedelta(days=2),
        cutoff_at=now - datetime.timedelta(days=1),
    )
    services.extension_grant(
        actor=trainer,
        assignment=assignment,
        candidate=candidate,
        due_at=now + datetime.timedelta(days=3),
    )
    upload(candidate, assignment, pdf_upload())
    assert hand_in(candidate, assignment).status == Submission.Status.SUBMITTED
    with pytest.raises(ValidationError, match="date limite est dépassée"):
        upload(other_candidate, assignment, pdf_upload())


def test_submission_completes_an_activity_on_submission(candidate, assignment):
    assignment.activity.completion_rule = "submission"
    assignment.activity.save()
    upload(candidate, assignment, pdf_upload())
    hand_in(candidate, assignment)
    assert Completion.objects.get(user=candidate, activity=assignment.activity).source == (
        "submission"
    )


@pytest.mark.django_db(transaction=True)
def test_two_tabs_uploading_at_once_keep_both_versions(candidate, assignment, media_root):
    from django.db import connection

    errors = []
    start = threading.Barrier(2)

    def send(name):
        try:
            start.wait(timeout=10)
            upload(candidate, assignment, pdf_upload(name, name))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    # Both requests race for the first submission row: one waits for the
    # other's lock on the assignment, then adds its version.
    threads = [threading.Thread(target=send, args=(f"onglet{i}.pdf",)) for i in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    files = SubmissionFile.objects.filter(submission__candidate=candidate)
    assert sorted(files.values_list("number", flat=True)) == [1, 2]
    assert files.filter(is_current=True).count() == 1
    assert len(stored_files(media_root)) == 2


# --- bad input: a French message, nothing stored, the previous state intact ------------


@pytest.fixture
def with_first_version(candidate, assignment):
    upload(candidate, assignment, pdf_upload("premiere.pdf"))


BAD_UPLOADS = {
    "exe disguised as pdf": (
        lambda: SimpleUploadedFile("copie.pdf", exe_bytes()),
        "pas d’un type accepté",
    ),
    "pdf named docx": (lambda: SimpleUploadedFile("copie.docx", pdf_bytes()), "ne correspond pas"),
    "empty": (lambda: SimpleUploadedFile("copie.pdf", b""), "est vide"),
    "cut short pdf": (
        lambda: SimpleUploadedFile("copie.pdf", pdf_bytes()[:-40]),
        "semble endommagé",
    ),
    "text file": (
        lambda: SimpleUploadedFile("copie.pdf", b"%PDX not really"),
        "pas d’un type accepté",
    ),
}


@pytest.mark.parametrize("case", list(BAD_UPLOADS))
def test_bad_file_is_refused_and_nothing_changes(
    case, candidate, assignment, with_first_version, media_root
):
    make, message = BAD_UPLOADS[case]
    before = snapshot(media_root)
    with pytest.raises(ValidationError) as info:
        upload(candidate, assignment, make())
    assert message in " ".join(info.value.messages)
    assert snapshot(media_root) == before


def test_name_with_folder_part_is_cleaned_not_used_as_a_path(candidate, assignment, media_root):
    # docs/decisions/0010: names are cleaned, never refused; the stored name is random.
    (created,) = upload(
        candidate, assignment, SimpleUploadedFile("..\\..\\copie\u202e.pdf", pdf_bytes())
    )
    assert created.original_name == "copie.pdf"
    assert ".." not in created.file.name and "copie" not in created.file.name
    assert (media_root / created.file.name).read_bytes() == pdf_bytes()
    assert all(media_root in p.parents for p in stored_files(media_root))


def test_too_large_file_is_refused(candidate, assignment, with_first_version, media_root):
    assignment.max_size_mb = 1
    assignment.save()
    before = snapshot(media_root)
    big = SimpleUploadedFile("gros.pdf", pdf_bytes() + b"0" * (1024 * 1024))
    with pytest.raises(ValidationError, match="trop volumineux"):
        upload(candidate, assignment, big)
    assert snapshot(media_root) == before


def test_too_many_files_is_refused(candidate, assignment, with_first_version, media_root):
    assignment.max_files = 2
    assignment.save()
    upload(candidate, assignment, pdf_upload("deux.pdf"))
    before = snapshot(media_root)
    with pytest.raises(ValidationError, match="Trop de fichiers"):
        upload(candidate, assignment, pdf_upload("trois.pdf"))
    with pytest.raises(ValidationError, match="Trop de fichiers"):
        upload(candidate, assignment, *[pdf_upload(f"{i}.pdf") for i in range(3)])
    assert snapshot(media_root) == before


def test_upload_after_cutoff_is_refused(candidate, exam_course, trainer, media_root):
    now = timezone.now()
    assignment = AssignmentFactory(
        course=exam_course,
        opens_at=now - datetime.timedelta(days=10),
        due_at=now - datetime.timedelta(days=2),
        cutoff_at=now - datetime.timedelta(days=1),
    )
    with pytest.raises(ValidationError, match="date limite est dépassée"):
        upload(candidate, assignment, pdf_upload())
    assert stored_files(media_root) == [] and not Submission.objects.exists()


def test_hand_in_after_cutoff_is_refused(candidate, assignment, with_first_version, media_root):
    assignment.due_at = assignment.opens_at + datetime.timedelta(minutes=1)
    assignment.cutoff_at = assignment.due_at
    assignment.save()
    before = snapshot(media_root)
    with pytest.raises(ValidationError, match="date limite est dépassée"):
        hand_in(candidate, assignment)
    assert snapshot(media_root) == before


def test_double_hand_in_is_refused(candidate, assignment, with_first_version, media_root):
    hand_in(candidate, assignment)
    before = snapshot(media_root)
    with pytest.raises(ValidationError, match="déjà rendue"):
        hand_in(candidate, assignment)
    with pytest.raises(ValidationError, match="ne pouvez pas la modifier"):
        upload(candidate, assignment, pdf_upload("encore.pdf"))
    assert snapshot(media_root) == before


def test_hand_in_without_statement_is_refused(candidate, assignment, with_first_version):
    submission = Submission.objects.get()
    with pytest.raises(ValidationError):
        services.submission_hand_in(actor=candidate, submission=submission, statement="")
    assert Submission.objects.get().status == "draft"


def test_withdrawn_candidate_cannot_upload(candidate, assignment, media_root):
    Registration.objects.filter(candidate=candidate).update(status="withdrawn")
    with pytest.raises(PermissionDenied):
        upload(candidate, assignment, pdf_upload())
    assert stored_files(media_root) == [] and not Submission.objects.exists()


def test_storage_failure_midway_leaves_previous_state_and_no_orphan_file(
    candidate, assignment, with_first_version, media_root, monkeypatch
):
    from django.core.files.storage import default_storage

    assignment.max_files = 3
    assignment.save()
    before = snapshot(media_root)
    real_save = default_storage.save
    calls = []

    def failing_save(name, content, *args, **kwargs):
        calls.append(name)
        if len(calls) == 2:
            raise OSError("disque plein")
        return real_save(name, content, *args, **kwargs)

    monkeypatch.setattr(default_storage, "save", failing_save)
    with pytest.raises(OSError, match="disque plein"):
        upload(candidate, assignment, pdf_upload("a.pdf"), pdf_upload("b.pdf"))
    assert len(calls) == 2
    assert snapshot(media_root) == before


def test_database_failure_after_writing_removes_the_file(
    candidate, assignment, with_first_version, media_root, monkeypatch
):
    before = snapshot(media_root)

    def broken_create(*args, **kwargs):
        raise RuntimeError("base indisponible")

    monkeypatch.setattr(SubmissionFile.objects, "create", broken_create)
    with pytest.raises(RuntimeError):
        upload(candidate, assignment, pdf_upload("b.pdf"))
    assert snapshot(media_root) == before


def test_resubmission_after_return_starts_a_new_round(candidate, assignment, trainer):
    assignment.allow_resubmission = True
    assignment.save()
    upload(candidate, assignment, pdf_upload("v1.pdf"))
    submission = hand_in(candidate, assignment)
    services.feedback_save(actor=trainer, submission=submission, grade="8", return_now=True)
    upload(candidate, assignment, pdf_upload("v2.pdf"))
    submission = hand_in(candidate, assignment)
    assert submission.handin == 2 and submission.status == "submitted"
    assert list(submission.files.values_list("original_name", "handin", "is_current")) == [
        ("v1.pdf", 1, False),
        ("v2.pdf", 2, True),
    ]
    # The first grade stays, returned; the new round has none yet.
    assert submission.feedbacks.get(handin=1).grade == 8


def test_no_resubmission_when_not_allowed(candidate, assignment, trainer):
    upload(candidate, assignment, pdf_upload("v1.pdf"))
    submission = hand_in(candidate, assignment)
    services.feedback_save(actor=trainer, submission=submission, grade="8", return_now=True)
    with pytest.raises(ValidationError, match="n’accepte pas de nouvelle copie"):
        upload(candidate, assignment, pdf_upload("v2.pdf"))


def test_several_files_in_one_form_then_one_removed_and_kept(client, candidate, assignment):
    from django.urls import reverse

    assignment.max_files = 3
    assignment.save()
    client.force_login(candidate)
    url = reverse("assignments:upload", kwargs={"pk": assignment.pk})
    response = client.post(url, {"files": [pdf_upload("a.pdf"), pdf_upload("b.pdf")]}, follow=True)
    assert "Fichier déposé\xa0: a.pdf, b.pdf" in response.content.decode()
    first = SubmissionFile.objects.get(original_name="a.pdf")
    remove = reverse("assignments:remove_file", kwargs={"pk": assignment.pk, "file_id": first.pk})
    response = client.post(remove, follow=True)
    assert "il est conservé" in response.content.decode()
    first.refresh_from_db()
    assert not first.is_current and first.file.storage.exists(first.file.name)
    submission = hand_in(candidate, assignment)
    assert list(submission.files.filter(handin=1).values_list("original_name", flat=True)) == [
        "b.pdf"
    ]


def test_nothing_is_accepted_before_the_assignment_opens(candidate, exam_course, trainer):
    now = timezone.now()
    assignment = AssignmentFactory(
        course=exam_course,
        opens_at=now + datetime.timedelta(days=1),
        due_at=now + datetime.timedelta(days=8),
    )
    with pytest.raises(ValidationError, match="pas encore ouvert"):
        upload(candidate, assignment, pdf_upload())
    assert not Submission.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_candidate_uploading_never_waits_for_another_candidate(
    candidate, other_candidate, assignment
):
    """The hour before a deadline, every candidate uploads to the same
    assignment: each upload locks its own copy only, never the assignment
    (which a lock through the default ordering's join used to take, so that
    all the uploads of an assignment queued behind one another)."""
    from django.db import connection, transaction

    upload(candidate, assignment, pdf_upload("a.pdf"))
    upload(other_candidate, assignment, pdf_upload("b.pdf"))
    locked, release, errors = threading.Event(), threading.Event(), []

    def hold_a_lock():
        try:
            with transaction.atomic():
                services._locked_submission(
                    assignment=assignment, candidate=candidate, registration=None
                )
                locked.set()
                release.wait(timeout=10)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_a_lock)
    holder.start()
    try:
        assert locked.wait(timeout=10)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")
            submission = services._locked_submission(
                assignment=assignment, candidate=other_candidate, registration=None
            )
        assert submission.candidate == other_candidate
    finally:
        release.set()
        holder.join()
    assert not errors
