"""Trainers grade, comment, annotate and return copies; blind marking hides
identities until the grades are released."""

import io
import re
import zipfile
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from assignments import services
from assignments.models import Feedback, Submission
from core.models import AuditEntry
from courses.models import Completion
from tests.assignments.factories import exe_bytes, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("14,5", Decimal("14.5")),
        ("20", Decimal(20)),
        ("0", Decimal(0)),
        (" 7.25 ", Decimal("7.25")),
    ],
)
def test_grades_accept_a_decimal_comma(raw, expected):
    assert services.parse_grade(raw, 20) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("21", "entre 0 et 20"),
        ("-1", "entre 0 et 20"),
        ("abc", "Saisissez un nombre"),
        ("12,345", "deux décimales"),
        ("NaN", "entre 0 et 20"),
        ("1e3", "entre 0 et 20"),
    ],
)
def test_bad_grade_is_refused_in_french_and_nothing_changes(raw, message, world, client, trainer):
    client.force_login(trainer)
    before = list(Feedback.objects.values_list("pk", "grade", "comment"))
    response = client.post(
        reverse("assignments:grade", kwargs={"pk": world.submission.pk}),
        {"grade": raw, "comment": "Autre commentaire", "return": "1"},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert list(Feedback.objects.values_list("pk", "grade", "comment")) == before
    assert Submission.objects.get(pk=world.submission.pk).status == "graded"
    assert not mail.outbox


def test_bad_annotated_file_is_refused_and_the_previous_one_kept(
    world, client, trainer, media_root
):
    client.force_login(trainer)
    files_before = sorted(p for p in media_root.rglob("*") if p.is_file())
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("assignments:grade", kwargs={"pk": world.submission.pk}),
        {"grade": "12", "annotated": SimpleUploadedFile("annotee.pdf", exe_bytes())},
    )
    assert response.status_code == 400
    assert "pas d’un type accepté" in response.content.decode()
    world.feedback.refresh_from_db()
    assert world.feedback.grade == Decimal("14.5")
    assert world.feedback.annotated_name == "annotee.pdf"
    assert sorted(p for p in media_root.rglob("*") if p.is_file()) == files_before


def test_trainer_grades_then_returns_and_the_candidate_is_told(
    world, client, trainer, candidate, django_capture_on_commit_callbacks
):
    world.assignment.activity.completion_rule = "grade"
    world.assignment.activity.save()
    client.force_login(trainer)
    url = reverse("assignments:grade", kwargs={"pk": world.submission.pk})
    response = client.post(url, {"grade": "15,5", "comment": "Très bien construit."})
    assert response.status_code == 302
    assert Submission.objects.get(pk=world.submission.pk).status == "graded"
    assert not Completion.objects.filter(user=candidate).exists()
    # Not returned: the candidate does not see the grade yet.
    client.force_login(candidate)
    page = client.get(world.assignment.get_absolute_url()).content.decode()
    assert "15,5" not in page and "Très bien construit" not in page
    client.force_login(trainer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"grade": "15,5", "comment": "Très bien construit.", "return": "1"}
        )
    assert response.status_code == 302
    submission = Submission.objects.get(pk=world.submission.pk)
    assert submission.status == "returned"
    assert Completion.objects.get(user=candidate, activity=world.assignment.activity).source == (
        "grade"
    )
    (message,) = mail.outbox
    assert message.to == [candidate.email]
    assert "Votre copie est corrigée" in message.subject
    assert world.assignment.title in message.body
    client.force_login(candidate)
    page = client.get(world.assignment.get_absolute_url()).content.decode()
    assert "15,5 / 20" in page and "Très bien construit." in page
    assert "Télécharger la copie annotée" in page
    assert AuditEntry.objects.filter(
        action="assignments.returned",
        target_type="assignments.submission",
        target_id=str(submission.pk),
    ).exists()


def test_the_tutor_reads_the_returned_grade_and_the_annotated_copy(world, client, trainer, tutor):
    services.submission_return(actor=trainer, submission=world.submission)
    client.force_login(tutor)
    page = client.get(reverse("assignments:submission", kwargs={"pk": world.submission.pk}))
    html = page.content.decode()
    assert "14,5 / 20" in html and "Bonne problématique." in html
    assert "Corriger cette copie" not in html
    response = client.get(
        reverse(
            "assignments:annotated",
            kwargs={"pk": world.submission.pk, "feedback_id": world.feedback.pk},
        )
    )
    assert response.status_code == 200
    b"".join(response.streaming_content)


def test_return_without_grade_is_refused(world, trainer):
    with pytest.raises(ValidationError):
        services.feedback_save(
            actor=trainer, submission=world.other_submission, grade=None, return_now=True
        )
    assert Submission.objects.get(pk=world.other_submission.pk).status == "submitted"


def test_release_returns_every_graded_copy_and_lifts_blind_marking(
    world, trainer, django_capture_on_commit_callbacks
):
    world.assignment.blind_marking = True
    world.assignment.save()
    services.feedback_save(actor=trainer, submission=world.other_submission, grade="9")
    with django_capture_on_commit_callbacks(execute=True):
        count = services.assignment_release_grades(actor=trainer, assignment=world.assignment)
    assert count == 2
    assert set(Submission.objects.values_list("status", flat=True)) == {"returned"}
    # Each candidate is told about their own copy; no email names anyone else.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.submission.candidate.email, world.other_submission.candidate.email]
    )
    for message in mail.outbox:
        others = {world.submission.candidate, world.other_submission.candidate}
        for other in others:
            if other.email not in message.to:
                assert other.get_display_name() not in message.body
    world.assignment.refresh_from_db()
    assert world.assignment.grades_released and not world.assignment.hides_identity


def test_release_by_a_trainer_of_another_course_is_refused(world, other_trainer):
    with pytest.raises(PermissionDenied):
        services.assignment_release_grades(actor=other_trainer, assignment=world.assignment)
    assert Submission.objects.filter(status="returned").count() == 0


def test_blind_marking_hides_names_in_queue_grading_page_and_zip(world, client, trainer, candidate):
    world.assignment.blind_marking = True
    world.assignment.save()
    client.force_login(trainer)
    name = candidate.get_display_name()
    queue = client.get(reverse("assignments:grading_queue")).content.decode()
    assert f"Copie n° {world.submission.blind_number}" in queue
    assert name not in queue
    page = client.get(reverse("assignments:submission", kwargs={"pk": world.submission.pk}))
    html = page.content.decode()
    assert f"Copie n° {world.submission.blind_number}" in html
    assert name not in html and "candidate-a.pdf" not in html
    response = client.get(
        reverse("assignments:file", kwargs={"pk": world.submission.pk, "file_id": world.file.pk})
    )
    assert "candidate" not in response["Content-Disposition"]
    b"".join(response.streaming_content)
    response = client.get(reverse("assignments:zip", kwargs={"pk": world.assignment.pk}))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert sorted(archive.namelist()) == ["copie-001/v1.pdf", "copie-002/v1.pdf"]
    # The candidate still sees their own name and files.
    client.force_login(candidate)
    html = client.get(world.assignment.get_absolute_url()).content.decode()
    assert "candidate-a.pdf" in html
    # Released: names come back.
    services.assignment_release_grades(actor=trainer, assignment=world.assignment)
    client.force_login(trainer)
    assert name in client.get(reverse("assignments:grading_queue")).content.decode()


def test_zip_names_copies_by_candidate_without_blind_marking(world, client, trainer, candidate):
    client.force_login(trainer)
    response = client.get(reverse("assignments:zip", kwargs={"pk": world.assignment.pk}))
    names = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist()
    assert len(names) == 2
    from django.utils.text import slugify

    assert any(n.startswith(slugify(candidate.last_name)) for n in names)


def test_report_with_grade_distribution_is_shown_when_released(
    world, client, trainer, candidate, other_candidate
):
    services.feedback_save(actor=trainer, submission=world.other_submission, grade="8")
    services.report_save(
        actor=trainer,
        assignment=world.assignment,
        body="<p>Copies sérieuses.</p><script>alert(1)</script>",
    )
    client.force_login(other_candidate)
    html = client.get(world.assignment.get_absolute_url()).content.decode()
    assert "Copies sérieuses" not in html
    services.assignment_release_grades(actor=trainer, assignment=world.assignment)
    html = client.get(world.assignment.get_absolute_url()).content.decode()
    assert "Copies sérieuses" in html and "<script>" not in html
    assert "Répartition des notes (2 copies retournées)" in html
    assert "Médiane" in html and "11,25" in html


def test_grading_queue_filters_and_progress(world, client, trainer):
    services.feedback_save(actor=trainer, submission=world.other_submission, grade="8")
    client.force_login(trainer)
    url = reverse("assignments:grading_queue")
    html = client.get(url).content.decode()
    assert "2 / 2 corrigées" in html
    html = client.get(url, {"status": "submitted"}).content.decode()
    assert "0 / 0 corrigées" in html
    html = client.get(url, {"late": "1"}).content.decode()
    assert "Aucune copie ne correspond" in html
    response = client.get(url, {"course": "abc", "status": "bogus", "page": "999"})
    assert response.status_code == 200


def test_extension_granted_by_the_coordinator_of_the_candidate_centre(
    world, coordinator, other_coordinator, candidate
):
    import datetime

    due = world.assignment.due_at + datetime.timedelta(days=5)
    services.extension_grant(
        actor=coordinator, assignment=world.assignment, candidate=candidate, due_at=due
    )
    with pytest.raises(PermissionDenied):
        services.extension_grant(
            actor=other_coordinator, assignment=world.assignment, candidate=candidate, due_at=due
        )
    assert AuditEntry.objects.filter(action="assignments.extension_granted").count() == 1


def test_candidate_pages_say_everything_in_french(world, client, candidate):
    client.force_login(candidate)
    html = client.get(world.assignment.get_absolute_url()).content.decode()
    assert "Ma copie" in html and "rendu (remise 1)" in html
    html = client.get(reverse("assignments:mine")).content.decode()
    assert "Mes devoirs" in html and world.assignment.title in html


def test_upload_page_flow_shows_french_errors(client, candidate, assignment):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(candidate)
    url = reverse("assignments:upload", kwargs={"pk": assignment.pk})
    response = client.post(
        url, {"files": SimpleUploadedFile("virus.pdf", exe_bytes())}, follow=True
    )
    assert "pas d’un type accepté" in response.content.decode()
    assert not Submission.objects.exists()
    response = client.post(url, {"files": pdf_upload("ma copie.pdf")}, follow=True)
    assert "Fichier déposé\xa0: ma copie.pdf" in response.content.decode()
    hand_in = reverse("assignments:hand_in", kwargs={"pk": assignment.pk})
    page = client.get(hand_in).content.decode()
    assert "J’atteste que cette copie est mon travail personnel" in page
    response = client.post(hand_in, {})
    assert response.status_code == 200
    assert "Confirmez que cette copie est votre travail personnel." in response.content.decode()
    response = client.post(hand_in, {"statement": "on"}, follow=True)
    assert "Votre copie est rendue." in response.content.decode()
    assert Submission.objects.get().status == "submitted"
    response = client.post(hand_in, {"statement": "on"}, follow=True)
    assert "Cette copie est déjà rendue." in response.content.decode()


def test_trainer_creates_and_edits_an_assignment(client, trainer, exam_course):
    client.force_login(trainer)
    url = reverse("assignments:create", kwargs={"course_slug": exam_course.slug})
    assert client.get(url).status_code == 200
    data = {
        "title": "Dissertation de culture générale",
        "instructions": "<p>Sujet : <b>la lecture</b></p><img src=x onerror=alert(1)>",
        "opens_at": "2026-12-01T09:00",
        "due_at": "2026-11-30T18:00",
        "max_files": "1",
        "max_size_mb": "10",
        "accepted_kinds": ["pdf", "odt"],
        "scale": "20",
        "trainers": [trainer.pk],
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "La date limite doit suivre la date d’ouverture." in response.content.decode()
    data["due_at"] = "2026-12-15T18:00"
    data["subject_files"] = [pdf_upload("sujet.pdf")]
    response = client.post(url, data)
    assert response.status_code == 302
    from assignments.models import Assignment

    assignment = Assignment.objects.get(title="Dissertation de culture générale")
    assert assignment.instructions == '<p>Sujet : <b>la lecture</b></p><img src="x">' or (
        "onerror" not in assignment.instructions
    )
    assert assignment.accepted_kinds == ["pdf", "odt"]
    assert assignment.subject_files.get().original_name == "sujet.pdf"
    edit = reverse("assignments:edit", kwargs={"pk": assignment.pk})
    data["title"] = "Dissertation (sujet 2)"
    data.pop("subject_files")
    assert client.post(edit, data).status_code == 302
    assignment.refresh_from_db()
    assert assignment.title == "Dissertation (sujet 2)"


def test_the_tutor_lists_the_copies_of_their_candidates_only(world, client, trainer, tutor):
    services.submission_return(actor=trainer, submission=world.submission)
    client.force_login(tutor)
    html = client.get(reverse("assignments:mine")).content.decode()
    assert "Copies des candidats que je suis" in html
    assert world.submission.get_absolute_url() in html
    assert world.other_submission.get_absolute_url() not in html
    assert "14,5 / 20" in html


def test_admin_lists_only_the_copies_of_the_coordinator_centre(
    world, client, coordinator, other_coordinator
):
    url = reverse("admin:assignments_submission_changelist")
    client.force_login(coordinator)
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["cl"].result_count == 2
    client.force_login(other_coordinator)
    assert client.get(url).context["cl"].result_count == 0
    change = reverse("admin:assignments_submission_change", args=[world.submission.pk])
    assert client.get(change).status_code in (302, 404)


def test_extension_for_someone_outside_the_course_is_refused(world, client, trainer, producer):
    client.force_login(trainer)
    response = client.post(
        reverse("assignments:extension", kwargs={"pk": world.assignment.pk}),
        {"candidate": producer.pk, "due_at": "2027-01-10T12:00"},
        follow=True,
    )
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not world.assignment.extensions.exists()


def test_instructions_edited_in_admin_are_cleaned_when_shown(world, client, candidate):
    world.assignment.instructions = '<p onclick="x()">Lisez</p><script>alert(1)</script>'
    world.assignment.save()
    client.force_login(candidate)
    html = client.get(world.assignment.get_absolute_url()).content.decode()
    assert "<p>Lisez</p>" in html and "alert(1)" not in html and "onclick" not in html


def test_big_sets_are_zipped_by_a_task_with_anonymous_names(
    world, client, trainer, monkeypatch, django_capture_on_commit_callbacks
):
    from assignments import views
    from assignments.models import CopiesArchive

    monkeypatch.setattr(views, "ZIP_INLINE_MAX_FILES", 1)
    world.assignment.blind_marking = True
    world.assignment.save()
    client.force_login(trainer)
    url = reverse("assignments:zip", kwargs={"pk": world.assignment.pk})
    page = client.get(url)
    assert "Préparer le ZIP" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    archive = CopiesArchive.objects.filter(anonymous=True).get()
    assert archive.status == "ready" and archive.file_count == 2
    html = client.get(url).content.decode()
    download = reverse(
        "assignments:archive", kwargs={"pk": world.assignment.pk, "archive_id": archive.pk}
    )
    assert download in html
    response = client.get(download)
    names = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist()
    assert sorted(names) == ["copie-001/v1.pdf", "copie-002/v1.pdf"]
    # Running the task again changes nothing.
    assert services.archive_build(archive_id=archive.pk) is False


def test_a_coordinator_grants_an_extension_in_admin_for_their_centre_only(
    world, client, coordinator, other_coordinator, candidate, candidate_other_centre
):
    from assignments.models import Extension

    url = reverse("admin:assignments_extension_add")
    data = {
        "assignment": world.assignment.pk,
        "candidate": candidate.pk,
        "due_at_0": "10/01/2027",
        "due_at_1": "12:00",
        "reason": "Hospitalisation",
    }
    client.force_login(other_coordinator)
    response = client.post(url, data)
    assert response.status_code == 200  # the form refuses a candidate of another centre
    assert not Extension.objects.exists()
    client.force_login(coordinator)
    response = client.post(url, {**data, "candidate": candidate_other_centre.pk})
    assert response.status_code == 200
    assert not Extension.objects.exists()
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    extension = Extension.objects.get()
    assert (extension.candidate, extension.granted_by) == (candidate, coordinator)
    assert AuditEntry.objects.filter(action="assignments.extension_granted").exists()
    client.force_login(other_coordinator)
    assert (
        client.get(reverse("admin:assignments_extension_changelist")).context["cl"].result_count
        == 0
    )


def test_grades_and_releases_are_in_the_site_audit_log(world, trainer):
    services.feedback_save(actor=trainer, submission=world.other_submission, grade="9")
    services.assignment_release_grades(actor=trainer, assignment=world.assignment)
    graded = AuditEntry.objects.filter(
        action="assignments.graded", target_id=str(world.other_submission.pk)
    ).get()
    assert graded.actor == trainer
    assert graded.target_id == str(world.other_submission.pk)
    assert graded.data["grade"] == "9.00"
    assert AuditEntry.objects.filter(action="assignments.grades_released").exists()


def test_a_copy_read_by_someone_else_than_its_author_is_traced(client, world, trainer, candidate):
    from core.models import AuditEntry

    url = reverse("assignments:file", kwargs={"pk": world.submission.pk, "file_id": world.file.pk})
    client.force_login(candidate)  # the author
    b"".join(client.get(url).streaming_content)
    assert not AuditEntry.objects.filter(action="assignments.copy_downloaded").exists()
    client.force_login(trainer)
    b"".join(client.get(url).streaming_content)
    entry = AuditEntry.objects.get(action="assignments.copy_downloaded")
    assert entry.actor == trainer
    assert entry.target_id == str(world.file.pk)


def test_a_copy_revalidated_by_someone_else_than_its_author_is_traced_too(
    client, world, trainer, candidate, other_candidate
):
    """A 304 still shows the copy (from the reader's own copy of it): it is
    traced, marked as not modified. The author's revalidations are not; a
    refused reader holding a valid ETag gets the 404 and no entry."""
    from core.models import AuditEntry

    url = reverse("assignments:file", kwargs={"pk": world.submission.pk, "file_id": world.file.pk})
    entries = AuditEntry.objects.filter(action="assignments.copy_downloaded")
    client.force_login(candidate)
    own = client.get(url)
    b"".join(own.streaming_content)
    assert client.get(url, headers={"If-None-Match": own["ETag"]}).status_code == 304
    assert not entries.exists()

    client.force_login(trainer)
    first = client.get(url)
    b"".join(first.streaming_content)
    assert entries.get().data == {}
    for headers in (
        {"If-None-Match": first["ETag"]},
        {"If-Modified-Since": first["Last-Modified"]},
    ):
        response = client.get(url, headers=headers)
        assert response.status_code == 304
        assert response.content == b""
    assert entries.count() == 3
    assert [e.data for e in entries.order_by("pk")][1:] == [{"not_modified": True}] * 2
    assert {e.actor for e in entries} == {trainer}

    client.force_login(other_candidate)
    assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 404
    assert client.get(url, headers={"If-Modified-Since": first["Last-Modified"]}).status_code == (
        404
    )
    assert entries.count() == 3


def test_the_grading_queue_shows_a_new_grade_at_once(
    world, client, trainer, django_assert_max_num_queries
):
    """The queue's body is a cached fragment (core/fragments.py): served
    again from the cache, then renewed by a grade."""
    client.force_login(trainer)
    url = reverse("assignments:grading_queue")
    first = client.get(url).content.decode()
    done = re.search(r"(\d+) / 2 corrigées", first).group(1)
    with django_assert_max_num_queries(2):  # user, "is a trainer"
        assert f"{done} / 2 corrigées" in client.get(url).content.decode()
    services.feedback_save(actor=trainer, submission=world.other_submission, grade="8")
    assert f"{int(done) + 1} / 2 corrigées" in client.get(url).content.decode()
