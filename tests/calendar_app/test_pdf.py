"""The PDF calendar: rendered for real by WeasyPrint and read back with
pdftotext; access-checked download; rebuilt only when its inputs change."""

import subprocess
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from calendar_app.models import CalendarPdf
from calendar_app.services import calendar_pdf_build, calendar_pdfs_mark_stale
from courses.services import complete_activity

pytestmark = pytest.mark.django_db


def pdf_text(pdf: CalendarPdf) -> str:
    with pdf.file.open("rb") as handle:
        data = handle.read()
    assert data.startswith(b"%PDF")
    result = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"],
        input=data,
        capture_output=True,
        check=True,
    )
    return result.stdout.decode()


def _line(text: str, needle: str) -> str:
    return next(line for line in text.splitlines() if needle in line)


def test_group_pdf_has_title_french_dates_events_and_empty_boxes(
    preparation, candidate, prep_event, workshop, other_prep_event
):
    pdf = calendar_pdf_build(preparation_id=preparation.pk)
    text = pdf_text(pdf)
    assert "Calendrier de la formation — Préparation Callisto 2027" in text
    assert "Du 1er septembre 2026 au 30 juin 2027" in text
    assert "mar 10 novembre 2026, 09:30–12:00" in _line(text, "Réunion de rentrée")
    assert "Réunion de rentrée" in text
    assert "Atelier : l'actualité culturelle" in text
    assert "centre B" not in text
    assert "Activités à faire" in text
    assert "☑" not in text
    assert "☐" in _line(text, "Bienvenue — Les Fondamentaux")


def test_candidates_own_pdf_ticks_what_they_completed(
    preparation, candidate, prep_event, workshop, workshop_activity, courses
):
    done = courses["fondamentaux"].activities.get(title="Bienvenue — Les Fondamentaux")
    complete_activity(user=candidate, activity=done, source="manual")
    complete_activity(user=candidate, activity=workshop_activity, source="attendance")
    pdf = calendar_pdf_build(preparation_id=preparation.pk, candidate_id=candidate.pk)
    text = pdf_text(pdf)
    assert "Mon calendrier — Préparation Callisto 2027" in text
    assert candidate.get_display_name() in text
    assert "☑" in _line(text, "Bienvenue — Les Fondamentaux")
    assert "☐" in _line(text, "Bienvenue — Devenir bibliothécaire")
    assert "☑" in _line(text, "20 novembre 2026")  # the attended workshop


def test_rebuild_is_skipped_when_nothing_changed_and_done_when_events_change(
    preparation, candidate, prep_event
):
    first = calendar_pdf_build(preparation_id=preparation.pk)
    with mock.patch("calendar_app.pdf.render_pdf") as render:
        again = calendar_pdf_build(preparation_id=preparation.pk)
    render.assert_not_called()
    assert again.generated_at == first.generated_at
    prep_event.title = "Réunion de rentrée (amphithéâtre)"
    prep_event.save()
    rebuilt = calendar_pdf_build(preparation_id=preparation.pk)
    assert rebuilt.generated_at > first.generated_at
    assert "amphithéâtre" in pdf_text(rebuilt)


def test_a_failed_render_keeps_the_last_good_pdf(preparation, candidate, prep_event, caplog):
    good = calendar_pdf_build(preparation_id=preparation.pk)
    prep_event.title = "Réunion déplacée"
    prep_event.save()
    with (
        mock.patch("calendar_app.pdf.render_pdf", side_effect=RuntimeError("cairo a craqué")),
        pytest.raises(RuntimeError),
    ):
        calendar_pdf_build(preparation_id=preparation.pk)
    pdf = CalendarPdf.objects.get(pk=good.pk)
    assert pdf.file.name == good.file.name
    assert "Réunion de rentrée" in pdf_text(pdf)
    assert pdf.last_error == "cairo a craqué"
    assert "PDF calendar of preparation" in caplog.text


def test_changes_mark_built_pdfs_stale_and_queue_a_rebuild(
    preparation, candidate, prep_event, django_capture_on_commit_callbacks
):
    calendar_pdf_build(preparation_id=preparation.pk)
    calendar_pdf_build(preparation_id=preparation.pk, candidate_id=candidate.pk)
    with (
        mock.patch("calendar_app.tasks.build_calendar_pdf.apply_async") as apply_async,
        django_capture_on_commit_callbacks(execute=True),
    ):
        prep_event.title = "Nouvelle date"
        prep_event.save()
    assert set(CalendarPdf.objects.values_list("stale", flat=True)) == {True}
    queued = {tuple(c.args[0]) for c in apply_async.call_args_list}
    assert queued == {(preparation.pk, None), (preparation.pk, candidate.pk)}
    # Debounced: a second change within the delay queues nothing more.
    with (
        mock.patch("calendar_app.tasks.build_calendar_pdf.apply_async") as apply_async,
        django_capture_on_commit_callbacks(execute=True),
    ):
        calendar_pdfs_mark_stale(preparation_ids=[preparation.pk])
    apply_async.assert_not_called()


PDF = "calendar_app:pdf"
MINE = "calendar_app:pdf_mine"


@pytest.mark.parametrize(
    ("role", "group", "mine"),
    [
        ("admin", 200, 403),
        ("coordinator", 200, 403),
        ("other_coordinator", 404, 404),
        ("candidate", 200, 200),
        ("other_candidate", 200, 200),
        ("candidate_other_centre", 404, 404),
        ("tutor", 200, 403),
        ("other_tutor", 200, 403),
        ("trainer", 404, 404),
        ("producer", 404, 404),
        ("user", 404, 404),
    ],
)
def test_pdf_download_by_role(client, roles, preparation, prep_event, role, group, mine):
    # Already built (the real rendering is tested above).
    for owner in (None, roles["candidate"], roles["other_candidate"]):
        pdf = CalendarPdf(preparation=preparation, candidate=owner, stale=False)
        pdf.file.save("calendrier.pdf", ContentFile(b"%PDF-1.7 built"), save=True)
    client.force_login(roles[role])
    response = client.get(reverse(PDF, kwargs={"preparation_id": preparation.pk}))
    assert response.status_code == group
    if group == 200:
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    response = client.get(reverse(MINE, kwargs={"preparation_id": preparation.pk}))
    assert response.status_code == mine
    response.close()


@pytest.mark.parametrize("name", [PDF, MINE])
def test_pdf_download_needs_a_login(client, preparation, name):
    response = client.get(reverse(name, kwargs={"preparation_id": preparation.pk}))
    assert response.status_code == 302


def test_pdf_not_built_yet_shows_a_waiting_page_and_queues_the_build(
    client, candidate, preparation, django_capture_on_commit_callbacks
):
    client.force_login(candidate)
    url = reverse(PDF, kwargs={"preparation_id": preparation.pk})
    with mock.patch("calendar_app.tasks.build_calendar_pdf.apply_async") as apply_async:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.get(url)
        with django_capture_on_commit_callbacks(execute=True):
            client.get(url)  # reloading queues nothing more
    assert response.status_code == 202
    assert "en cours de génération" in response.content.decode()
    apply_async.assert_called_once_with((preparation.pk, None), {}, countdown=0)


def test_unknown_preparation_is_404(client, candidate):
    client.force_login(candidate)
    assert client.get(reverse(PDF, kwargs={"preparation_id": 999999})).status_code == 404


def test_a_completion_marks_the_candidates_own_pdf_stale_after_commit(
    preparation, candidate, other_candidate, courses, django_capture_on_commit_callbacks
):
    mine = calendar_pdf_build(preparation_id=preparation.pk, candidate_id=candidate.pk)
    theirs = calendar_pdf_build(preparation_id=preparation.pk, candidate_id=other_candidate.pk)
    activity = courses["fondamentaux"].activities.first()
    with (
        mock.patch("calendar_app.tasks.build_calendar_pdf.apply_async") as apply_async,
        django_capture_on_commit_callbacks(execute=True),
    ):
        complete_activity(user=candidate, activity=activity, source="manual")
        mine.refresh_from_db()
        assert not mine.stale  # nothing happens before the commit
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.stale and not theirs.stale
    apply_async.assert_called_once_with((preparation.pk, candidate.pk), {}, countdown=30)


def test_a_reprint_of_an_unchanged_pdf_costs_nothing(client, candidate, preparation, prep_event):
    from django.utils import timezone
    from django.utils.http import http_date

    generated = timezone.now()
    pdf = CalendarPdf(
        preparation=preparation, stale=False, inputs_hash="abc123", generated_at=generated
    )
    pdf.file.save("calendrier.pdf", ContentFile(b"%PDF-1.7 built"), save=True)
    client.force_login(candidate)
    url = reverse(PDF, kwargs={"preparation_id": preparation.pk})
    again = client.get(url, headers={"If-None-Match": '"abc123"'})
    assert again.status_code == 304
    assert again["ETag"] == '"abc123"'
    since = client.get(url, headers={"If-Modified-Since": http_date(generated.timestamp())})
    assert since.status_code == 304
    # Django's comparison: a list of ETags, weak forms, a later date.
    listed = client.get(url, headers={"If-None-Match": '"old", W/"abc123"'})
    assert listed.status_code == 304
    later = client.get(url, headers={"If-Modified-Since": http_date(generated.timestamp() + 60)})
    assert later.status_code == 304
    pdf.inputs_hash = "def456"  # rebuilt with new events
    pdf.save()
    changed = client.get(url, headers={"If-None-Match": '"abc123"'})
    assert changed.status_code == 200
    assert changed["ETag"] == '"def456"'
    assert b"".join(changed.streaming_content).startswith(b"%PDF")
    changed.close()
