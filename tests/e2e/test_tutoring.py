"""Browser journey: a candidate asks, the tutor answers, twice; the theme
closes with its explanation; the board flags the candidate after simulated
inactivity. axe-core on the board, the candidate page and the thread page."""

import datetime

import pytest
from django.utils import timezone

from tests.e2e.conftest import DESKTOP, axe_violations, log_in
from tests.factories import DEFAULT_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def tutor_page(chromium, live_server):
    context = chromium.new_context(viewport=DESKTOP, locale="fr-FR", base_url=live_server.url)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors


def _send(page, text):
    page.get_by_label("Votre message").fill(text)
    page.get_by_role("button", name="Envoyer").click()
    page.get_by_text("Votre message a été envoyé.").wait_for()


def test_two_exchanges_close_the_theme_and_the_board_flags_inactivity(
    page, tutor_page, candidate, tutor
):
    log_in(page, candidate.username, DEFAULT_PASSWORD)
    page.wait_for_url("**/tableau-de-bord/")
    page.goto("/tutorat/")
    page.wait_for_url("**/tutorat/questions/")
    page.get_by_role("link", name="Poser une question sur un nouveau thème").click()
    page.get_by_label("Thème").fill("Note de synthèse")
    page.get_by_label("Votre question").fill("Combien de documents faut-il exploiter ?")
    page.get_by_role("button", name="Envoyer").click()
    page.get_by_text("Votre question a été envoyée à votre tuteur.").wait_for()
    thread_url = page.url
    assert "Votre tuteur vous répondra au plus tard le" in page.content()
    assert axe_violations(page) == []

    tutor_view = tutor_page
    log_in(tutor_view, tutor.username, DEFAULT_PASSWORD)
    tutor_view.wait_for_url("**/tableau-de-bord/")
    tutor_view.goto("/tutorat/")
    assert tutor_view.get_by_role("heading", level=1).inner_text() == "Tableau de suivi du tutorat"
    assert axe_violations(tutor_view) == []
    tutor_view.get_by_role("link", name="Note de synthèse").click()
    _send(tutor_view, "Tous les documents, même brièvement.")

    page.goto(thread_url)
    _send(page, "Faut-il rendre le tableau de confrontation ?")
    tutor_view.goto(thread_url)
    _send(tutor_view, "Non, c'est un outil de brouillon.")

    page.goto(thread_url)
    assert page.get_by_role("heading", name="Ce thème est clos").is_visible()
    assert "deux échanges avec votre tuteur" in page.content()
    assert page.get_by_role("link", name="Ouvrir un nouveau thème").is_visible()
    assert page.get_by_role("button", name="Solliciter un formateur").is_visible()
    # The reply field is gone (the request to the trainers has its own).
    assert page.get_by_label("Votre message", exact=True).count() == 0
    assert axe_violations(page) == []

    # Simulated inactivity: the candidate has not logged in for three weeks.
    candidate.refresh_from_db()
    candidate.last_login = timezone.now() - datetime.timedelta(days=21)
    candidate.save(update_fields=["last_login"])
    tutor_view.goto("/tutorat/?risque=on")
    row = tutor_view.get_by_role("row").filter(has_text=candidate.get_display_name())
    assert "Aucune connexion depuis 21 jours." in row.inner_text()
    assert "À surveiller" in row.inner_text() or "Risque d’abandon" in row.inner_text()
    row.get_by_role("link", name=candidate.get_display_name()).click()
    tutor_view.get_by_role("heading", name="Risque d’abandon").wait_for()
    assert axe_violations(tutor_view) == []
