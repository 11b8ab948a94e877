"""Workshops: registration, the videoconference link, attendance that
completes the workshop activity, recording and slides."""

import datetime
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from calendar_app.models import WorkshopRegistration
from courses.models import Completion
from tests.calendar_app import world
from tests.calendar_app.factories import WorkshopRegistrationFactory, paris
from tests.core.upload_samples import PDF_BYTES
from tests.factories import UserFactory, register

pytestmark = pytest.mark.django_db

# The role fixtures built once for the module (tests/calendar_app/world.py);
# each test runs in a savepoint of it.
_world = world.module_world()
_test_world = world.per_test_world()
admin_user = world.shared("admin_user")
centre = world.shared("centre")
other_centre = world.shared("other_centre")
courses = world.shared("courses")
preparation = world.shared("preparation")
other_preparation = world.shared("other_preparation")
coordinator = world.shared("coordinator")
other_coordinator = world.shared("other_coordinator")
candidate = world.shared("candidate")
other_candidate = world.shared("other_candidate")
candidate_other_centre = world.shared("candidate_other_centre")
tutor = world.shared("tutor")
other_tutor = world.shared("other_tutor")
trainer = world.shared("trainer")
other_trainer = world.shared("other_trainer")
producer = world.shared("producer")
user = world.shared("user")

BEFORE = paris(2026, 11, 15, 10, 0)
LINK_OPEN = paris(2026, 11, 20, 17, 50)
AFTER = paris(2026, 11, 20, 19, 30)


def _at(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


def _url(name, event):
    return reverse(f"calendar_app:{name}", kwargs={"pk": event.pk})


def test_candidate_registers_then_gets_the_link_when_it_opens(client, candidate, workshop):
    client.force_login(candidate)
    with _at(BEFORE):
        page = client.get(_url("event", workshop)).content.decode()
        assert "M&#x27;inscrire à cet atelier" in page or "M’inscrire à cet atelier" in page
        response = client.post(_url("register", workshop), follow=True)
        page = response.content.decode()
        assert "Vous êtes inscrit à cet atelier." in page
        assert "https://visio.example.fr/atelier" not in page
        assert "Le lien apparaîtra ici le 20 novembre à 17:45." in page
    with _at(LINK_OPEN):
        assert (
            "https://visio.example.fr/atelier"
            in client.get(_url("event", workshop)).content.decode()
        )


def test_link_is_never_shown_to_candidates_who_did_not_register(client, other_candidate, workshop):
    client.force_login(other_candidate)
    with _at(LINK_OPEN):
        assert (
            "https://visio.example.fr/atelier"
            not in client.get(_url("event", workshop)).content.decode()
        )
        ics = client.get(_url("event_ics", workshop)).content.decode()
        assert "visio.example.fr" not in ics


def test_registering_twice_is_idempotent_and_a_full_workshop_refuses(
    client, candidate, other_candidate, workshop, preparation
):
    third = UserFactory(username="candidate-d")
    register(third, preparation)
    with _at(BEFORE):
        client.force_login(candidate)
        client.post(_url("register", workshop))
        client.post(_url("register", workshop))
        client.force_login(other_candidate)
        client.post(_url("register", workshop))
        client.force_login(third)
        response = client.post(_url("register", workshop), follow=True)
    assert "Cet atelier est complet." in response.content.decode()
    assert WorkshopRegistration.objects.filter(event=workshop).count() == 2


@pytest.mark.parametrize("role", ["trainer", "tutor", "coordinator", "other_trainer", "user"])
def test_only_active_candidates_can_register(client, roles, workshop, role):
    client.force_login(roles[role])
    with _at(BEFORE):
        response = client.post(_url("register", workshop))
    assert response.status_code in (403, 404)
    assert not WorkshopRegistration.objects.exists()


def test_withdrawn_candidate_cannot_register_and_nobody_can_after_the_end(
    client, candidate, other_candidate, workshop
):
    candidate.registrations.update(status="withdrawn")
    client.force_login(candidate)
    with _at(BEFORE):
        assert client.post(_url("register", workshop)).status_code == 403
    client.force_login(other_candidate)
    with _at(AFTER):
        assert client.post(_url("register", workshop)).status_code == 403
    assert not WorkshopRegistration.objects.exists()


def test_unregister_before_the_start_only(client, candidate, workshop):
    WorkshopRegistrationFactory(event=workshop, user=candidate)
    client.force_login(candidate)
    with _at(AFTER):
        response = client.post(_url("unregister", workshop), follow=True)
    assert "ne peut plus être annulée" in response.content.decode()
    assert WorkshopRegistration.objects.count() == 1
    with _at(BEFORE):
        client.post(_url("unregister", workshop))
    assert not WorkshopRegistration.objects.active().exists()
    # Kept for the trainer's list, with the time of the cancellation.
    assert WorkshopRegistration.objects.get().cancelled_at == BEFORE


def test_trainer_records_attendance_which_completes_the_workshop_activity(
    client, other_trainer, candidate, other_candidate, workshop, workshop_activity
):
    WorkshopRegistrationFactory(event=workshop, user=candidate)
    WorkshopRegistrationFactory(event=workshop, user=other_candidate)
    client.force_login(other_trainer)  # trainer of "Les Ateliers"
    with _at(AFTER):
        page = client.get(_url("attendance", workshop))
        assert page.status_code == 200
        response = client.post(_url("attendance", workshop), {"present": [str(candidate.pk)]})
    assert response.status_code == 302
    assert Completion.objects.get(user=candidate, activity=workshop_activity).source == "attendance"
    assert (
        not Completion.objects.filter(user=other_candidate)
        .filter(activity=workshop_activity)
        .exists()
    )
    attended = dict(WorkshopRegistration.objects.values_list("user_id", "attended"))
    assert attended == {candidate.pk: True, other_candidate.pk: False}


def test_attendance_before_the_workshop_is_refused_without_change(
    client, other_trainer, candidate, workshop
):
    WorkshopRegistrationFactory(event=workshop, user=candidate)
    client.force_login(other_trainer)
    with _at(BEFORE):
        response = client.post(_url("attendance", workshop), {"present": [str(candidate.pk)]})
    assert response.status_code == 400
    assert "une fois l&#x27;atelier commencé" in response.content.decode() or (
        "une fois l’atelier commencé" in response.content.decode()
    )
    assert not Completion.objects.filter(user=candidate).exists()


def test_attendance_with_an_unknown_person_is_a_form_error(
    client, other_trainer, candidate, workshop
):
    WorkshopRegistrationFactory(event=workshop, user=candidate)
    client.force_login(other_trainer)
    with _at(AFTER):
        response = client.post(_url("attendance", workshop), {"present": ["999999"]})
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("admin", 200),
        ("other_trainer", 200),
        ("trainer", 404),  # does not teach "Les Ateliers": cannot even see it
        ("candidate", 403),
        ("tutor", 403),
        ("producer", 403),
        ("candidate_other_centre", 403),
        ("other_coordinator", 404),
        ("user", 404),
    ],
)
@pytest.mark.parametrize("name", ["attendance", "attach"])
def test_attendance_and_attach_pages_by_role(client, roles, workshop, role, status, name):
    client.force_login(roles[role])
    with _at(AFTER):
        assert client.get(_url(name, workshop)).status_code == status


def test_trainer_attaches_recording_and_slides_that_registered_candidates_download(
    client, other_trainer, candidate, candidate_other_centre, workshop, user
):
    client.force_login(other_trainer)
    slides = SimpleUploadedFile("diaporama.pdf", PDF_BYTES, "application/pdf")
    response = client.post(
        _url("attach", workshop),
        {"recording_url": "https://videos.example.fr/atelier-1", "slides": slides},
    )
    assert response.status_code == 302
    client.force_login(candidate)
    page = client.get(_url("event", workshop)).content.decode()
    assert "https://videos.example.fr/atelier-1" in page
    download = client.get(_url("slides", workshop))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "diaporama" not in workshop.__class__.objects.get(pk=workshop.pk).slides.name
    client.force_login(user)
    assert client.get(_url("slides", workshop)).status_code == 404


def test_slides_revalidate_for_those_who_see_the_workshop_only(
    client, other_trainer, candidate, user, workshop
):
    def attach(content):
        client.force_login(other_trainer)
        slides = SimpleUploadedFile("diaporama.pdf", content, "application/pdf")
        response = client.post(
            _url("attach", workshop),
            {"recording_url": "https://videos.example.fr/atelier-1", "slides": slides},
        )
        assert response.status_code == 302

    attach(PDF_BYTES)
    client.force_login(candidate)
    first = client.get(_url("slides", workshop))
    b"".join(first.streaming_content)
    for headers in (
        {"If-None-Match": first["ETag"]},
        {"If-Modified-Since": first["Last-Modified"]},
    ):
        response = client.get(_url("slides", workshop), headers=headers)
        assert response.status_code == 304 and response.content == b""
        assert response["Cache-Control"] == "private, no-cache"
    # Someone who does not see the workshop: the 404, whatever they send.
    client.force_login(user)
    assert client.get(_url("slides", workshop), headers=headers).status_code == 404
    # New slides: a new ETag and the new file.
    attach(PDF_BYTES + b"%v2\n")
    client.force_login(candidate)
    newer = client.get(_url("slides", workshop), headers={"If-None-Match": first["ETag"]})
    assert newer.status_code == 200 and newer["ETag"] != first["ETag"]
    assert b"".join(newer.streaming_content) == PDF_BYTES + b"%v2\n"


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"recording_url": "pas une adresse"}, "Saisissez une URL valide."),
        ({}, "Indiquez un lien vers l"),
        (
            {"slides": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00", "application/pdf")},
            "n’est pas d’un type accepté",
        ),
        (
            {"slides": SimpleUploadedFile("notes.txt", PDF_BYTES, "text/plain")},
            "ne correspond pas à son extension",
        ),
    ],
)
def test_bad_attachments_are_form_errors_and_change_nothing(
    client, other_trainer, workshop, data, error
):
    client.force_login(other_trainer)
    response = client.post(_url("attach", workshop), data)
    assert response.status_code == 400
    assert error in response.content.decode()
    workshop.refresh_from_db()
    assert not workshop.recording_url and not workshop.slides


def test_url_for_activity_points_to_the_workshop_page(workshop, workshop_activity, courses):
    from calendar_app.api import url_for_activity

    assert url_for_activity(workshop_activity) == _url("event", workshop)
    other = courses["ateliers"].activities.exclude(pk=workshop_activity.pk).first()
    assert url_for_activity(other) is None


def test_event_page_in_french_with_date_and_places(client, candidate, workshop):
    client.force_login(candidate)
    with _at(BEFORE):
        page = client.get(_url("event", workshop)).content.decode()
    assert "vendredi 20 novembre 2026, de 18:00 à 19:00" in page
    assert "0 inscrit sur 2 places" in page
    assert datetime.date(2026, 11, 20)  # keep the import used
