"""The drop-out flag: documented signals, each with its reason."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import CompletionFactory
from tutoring.models import Reminder
from tutoring.risk import assess, elapsed_percent

TODAY = datetime.date(2027, 1, 15)


def _assess(**kwargs):
    defaults = {
        "today": TODAY,
        "days_without_login": 1,
        "progress_percent": 50,
        "elapsed": 50,
        "late": 0,
        "last_reminder_at": None,
        "last_seen_at": None,
    }
    return assess(**{**defaults, **kwargs})


def test_on_track_candidate_has_no_flag():
    risk = _assess()
    assert (risk.level, risk.reasons) == ("none", [])


def test_each_signal_gives_its_reason():
    risk = _assess(days_without_login=20)
    assert risk.score == 2 and risk.level == "watch"
    assert str(risk.label) == "À surveiller"
    assert risk.reasons == ["Aucune connexion depuis 20 jours."]
    assert _assess(days_without_login=None).reasons == ["Ne s’est jamais connecté."]
    assert _assess(progress_percent=10, elapsed=60).reasons == [
        "Progression de 10 % alors que 60 % de la préparation est écoulé."
    ]
    assert _assess(late=1).score == 1
    assert _assess(late=3).reasons == ["3 copies en retard."]
    reminded = timezone.make_aware(datetime.datetime(2027, 1, 1, 9))
    assert _assess(last_reminder_at=reminded).reasons == [
        "Aucun signe de vie depuis la dernière relance."
    ]
    seen_after = reminded + datetime.timedelta(days=1)
    assert _assess(last_reminder_at=reminded, last_seen_at=seen_after).score == 0


def test_signals_add_up_to_at_risk():
    risk = _assess(days_without_login=15, late=2)
    assert risk.at_risk and str(risk.label) == "Risque d’abandon"
    assert len(risk.reasons) == 2


def test_elapsed_percent():
    opens, closes = datetime.date(2026, 9, 1), datetime.date(2027, 6, 30)
    assert elapsed_percent(opens, closes, datetime.date(2026, 8, 1)) == 0
    assert elapsed_percent(opens, closes, datetime.date(2027, 7, 1)) == 100
    assert 40 < elapsed_percent(opens, closes, TODAY) < 50


@pytest.mark.django_db
def test_board_flags_and_filters_the_inactive_candidate(
    client, tutor, candidate, registration, preparation, courses
):
    from tests.factories import UserFactory, register

    active = UserFactory(username="assidue", last_name="Assidue")
    register(active, preparation, tutor=tutor)
    active.last_login = timezone.now()
    active.save(update_fields=["last_login"])
    for activity in courses["fondamentaux"].activities.all():
        CompletionFactory(user=active, activity=activity)
    candidate.last_login = timezone.now() - datetime.timedelta(days=30)
    candidate.save(update_fields=["last_login"])
    Reminder.objects.create(
        registration=registration,
        candidate=candidate,
        kind="manual",
        template="inactive",
        subject="Relance",
        body="…",
        created_at=timezone.now() - datetime.timedelta(days=10),
    )
    client.force_login(tutor)
    page = client.get(reverse("tutoring:board")).content.decode()
    assert "Aucune connexion depuis 30 jours." in page
    assert "Aucun signe de vie depuis la dernière relance." in page
    at_risk = client.get(reverse("tutoring:board"), {"risque": "on"}).content.decode()
    assert candidate.get_display_name() in at_risk
    assert active.get_display_name() not in at_risk
    inactive = client.get(reverse("tutoring:board"), {"inactif": "14"}).content.decode()
    assert candidate.get_display_name() in inactive
    assert active.get_display_name() not in inactive
    by_risk = client.get(reverse("tutoring:board"), {"tri": "risk"}).content.decode()
    assert by_risk.index(candidate.get_display_name()) < by_risk.index(active.get_display_name())
    bad = client.get(reverse("tutoring:board"), {"inactif": "-3", "tri": "n'importe"})
    assert bad.status_code == 200
    assert "supérieure ou égale à 1" in bad.content.decode()
