"""The demo's regional and Callisto preparations
(docs/preparations.md, "Regional and Callisto"): the regional candidate's copy is
graded by a trainer of Médiat, the Callisto candidate's by the national
trainer, and each trainer's pages show their own candidates' copies only."""

import pytest
from django.urls import reverse

from accounts.models import User
from assignments.models import Feedback, Submission
from calendar_app.models import Event

pytestmark = pytest.mark.django_db

PASSWORD = "callisto-demo"


def _copy_of(username):
    """The candidate's first returned copy (the demo's "Note de synthèse")."""
    return (
        Submission.objects.filter(candidate__username=username, status=Submission.Status.RETURNED)
        .order_by("pk")
        .first()
    )


def test_demo_copies_go_to_the_trainers_of_their_mode(client, demo):
    regional, callisto = _copy_of("candidat-regional"), _copy_of("candidat")
    assert regional.registration.preparation.mode == "regional"
    assert callisto.registration.preparation.mode == "callisto"
    centre_trainer = User.objects.get(username="formateur-regional")
    national = User.objects.get(username="formateur")
    assert centre_trainer.centre.code == regional.registration.preparation.centre.code == "mediat"
    assert national.centre is None
    assert Feedback.objects.get(submission=regional).graded_by == centre_trainer
    assert Feedback.objects.get(submission=callisto).graded_by == national

    for trainer, own, other in (
        (national, callisto, regional),
        (centre_trainer, regional, callisto),
    ):
        assert client.login(username=trainer.username, password=PASSWORD)
        assert client.get(reverse("assignments:grading_queue")).status_code == 200
        assert client.get(reverse("assignments:submission", args=[own.pk])).status_code == 200
        assert client.get(reverse("assignments:submission", args=[other.pk])).status_code == 404
        assert client.get(reverse("assignments:mine")).status_code == 200
        assert client.get(reverse("courses:my_courses")).status_code == 200
        client.post("/deconnexion/")


def test_demo_regional_candidate_has_their_centre_s_workshop(client, demo):
    regional = User.objects.get(username="candidat-regional")
    preparation = regional.registrations.get().preparation
    workshop = Event.objects.get(preparation=preparation, kind="workshop")
    national = Event.objects.filter(kind="workshop", preparation=None).order_by("-starts_at")[0]
    assert not national.registrations.filter(user=regional).exists()
    assert client.login(username="candidat-regional", password=PASSWORD)
    page = client.get(reverse("calendar_app:event", args=[workshop.pk])).content.decode()
    assert "Médiat" in page  # held in the centre's rooms
    if not workshop.has_ended():
        assert reverse("calendar_app:register", args=[workshop.pk]) in page
    page = client.get(reverse("calendar_app:event", args=[national.pk])).content.decode()
    if not national.has_ended():
        assert "Les ateliers nationaux sont réservés" in page
