"""A trainer schedules a monthly series of workshops from the site, a
candidate registers, the trainer records attendance once the session has
started and the candidate's workshop activity is completed (issue 19), in
Chromium, axe-core clean."""

import datetime
import re

import pytest
from django.utils import timezone

from calendar_app.models import Event
from courses.models import Completion
from tests.e2e.conftest import DESKTOP, axe_violations, log_in
from tests.e2e.test_calendar import _exams  # noqa: F401 (fixture)
from tests.factories import DEFAULT_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.usefixtures("_exams")
def test_trainer_schedules_a_series_and_records_attendance(
    page, chromium, live_server, other_trainer, candidate, courses
):
    first_day = timezone.localdate() + datetime.timedelta(days=30)
    log_in(page, other_trainer.username, DEFAULT_PASSWORD)
    page.wait_for_url("**/tableau-de-bord/")
    page.goto("/calendrier/ateliers/")
    assert page.get_by_role("heading", level=1).inner_text() == "Mes ateliers"
    page.get_by_role("link", name="Programmer un atelier").click()
    page.wait_for_url("**/calendrier/ateliers/nouveau/")
    assert axe_violations(page) == []
    page.get_by_label(re.compile(r"^\s*Titre\*?\s*$")).fill(
        "Atelier : le questionnaire professionnel"
    )
    page.get_by_label(re.compile(r"^\s*Cours\*?\s*$")).select_option(label="Les Ateliers")
    page.get_by_label(re.compile(r"^\s*Thème\*?\s*$")).select_option(
        label="Culture professionnelle"
    )
    page.get_by_label(re.compile(r"^\s*Date\*?\s*$")).fill(first_day.isoformat())
    page.get_by_label(re.compile(r"^\s*Heure de début")).fill("18:00")
    assert page.get_by_label(re.compile(r"^\s*Durée")).input_value() == "60"  # 1 h by default
    page.get_by_label("Chaque mois, même jour de la même semaine").check()
    page.get_by_label(re.compile(r"^\s*Nombre de séances")).fill("3")
    page.get_by_label(re.compile(r"^\s*Places\*?\s*$")).fill("10")
    page.get_by_label("Lien de visioconférence").fill("https://visio.example.fr/questionnaire")
    page.get_by_role("button", name="Programmer", exact=True).click()
    page.wait_for_url("**/calendrier/ateliers/")
    assert page.get_by_text(re.compile(r"3 séances programmées, le .* de chaque mois")).is_visible()
    assert axe_violations(page) == []

    sessions = list(Event.objects.filter(kind="workshop").order_by("starts_at"))
    assert len(sessions) == 3 and len({s.series_id for s in sessions}) == 1
    assert {timezone.localtime(s.starts_at).strftime("%H:%M") for s in sessions} == {"18:00"}
    first = sessions[0]

    # The candidate registers to the first session.
    other = chromium.new_context(viewport=DESKTOP, locale="fr-FR", base_url=live_server.url)
    try:
        candidate_page = other.new_page()
        log_in(candidate_page, candidate.username, DEFAULT_PASSWORD)
        candidate_page.wait_for_url("**/tableau-de-bord/")
        candidate_page.goto(f"/calendrier/evenements/{first.pk}/")
        # Either apostrophe: the catalogue is moving to the typographic one.
        candidate_page.get_by_role(
            "button", name=re.compile("^M[’']inscrire à cet atelier$")
        ).click()
        assert candidate_page.get_by_text("Vous êtes inscrit à cet atelier.").first.is_visible()
        assert "visio.example.fr" not in candidate_page.content()  # not yet
    finally:
        other.close()

    # The session starts (moved into the past): attendance opens.
    now = timezone.now()
    Event.objects.filter(pk=first.pk).update(
        starts_at=now - datetime.timedelta(minutes=10),
        ends_at=now + datetime.timedelta(minutes=50),
    )
    page.goto(f"/calendrier/ateliers/{first.pk}/inscrits/")
    assert page.get_by_role("cell", name=candidate.get_display_name()).is_visible()
    page.get_by_role("link", name="Relever les présences").click()
    assert axe_violations(page) == []
    page.get_by_label(candidate.get_display_name()).check()
    page.get_by_role("button", name="Relever les présences").click()
    page.wait_for_url(f"**/calendrier/evenements/{first.pk}/")
    assert Completion.objects.filter(
        user=candidate, activity=first.activity, source="attendance"
    ).exists()
    page.goto(f"/calendrier/ateliers/{first.pk}/inscrits/")
    assert page.get_by_role("cell", name="présent", exact=True).is_visible()
