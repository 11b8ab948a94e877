"""The menus (core.navigation, templates/base.html): each person finds the
pages of their roles in their own words, the current page is marked, and
the menus cost no query."""

import re

import pytest
from django.test import RequestFactory
from django.urls import reverse

from core.navigation import menus

pytestmark = pytest.mark.django_db


def _nav(client, user, url=None):
    client.force_login(user)
    html = client.get(url or reverse("dashboard")).content.decode()
    start = html.index('<nav class="navbar')
    return html[start : html.index("</nav>", start)]


def _labels(nav):
    return [re.sub(r"\s+", " ", label).strip() for label in re.findall(r">([^<>]+)</a>", nav)]


def test_a_remote_candidate_finds_assignments_results_and_tutor(client, candidate):
    nav = _nav(client, candidate)
    for url, label in [
        ("/mes-cours/", "Mes cours"),
        ("/devoirs/", "Mes devoirs"),
        ("/mes-resultats/", "Mes résultats"),
        ("/tutorat/questions/", "Mon tuteur"),
        ("/calendrier/", "Calendrier"),
        ("/forums/", "Forums"),
    ]:
        assert f'href="{url}">{label}</a>' in nav
    assert "Mon travail" not in nav  # no work pages


def test_a_regional_candidate_has_no_tutor_entry(client, candidate_other_centre):
    nav = _nav(client, candidate_other_centre)
    assert "Mes devoirs" in nav and "Mes résultats" in nav
    assert "/tutorat/" not in nav


def test_a_tutor_reads_tutor_words_not_the_candidates(client, candidate, tutor):
    labels = _labels(_nav(client, tutor))
    assert {"Mes candidats", "Suivi des devoirs", "Cours suivis"} <= set(labels)
    assert not {"Mes cours", "Mes devoirs", "Mes résultats", "Mon tuteur"} & set(labels)


def test_a_trainer_finds_grading_and_workshops_in_my_work(client, trainer):
    nav = _nav(client, trainer)
    assert 'id="menu-travail">Mon travail</button>' in nav
    assert 'href="/devoirs/a-corriger/">Copies à corriger</a>' in nav
    assert 'href="/calendrier/ateliers/">Mes ateliers</a>' in nav
    assert "Atelier de contenu" not in nav


def test_a_producer_finds_the_studio_reviews_reports_and_moodle_import(client, producer):
    nav = _nav(client, producer)
    for url in ("/atelier-de-contenu/", "/relecture/", "/erreurs-signalees/", "/moodle/importer/"):
        assert f'href="{url}"' in nav
    assert "/devoirs/a-corriger/" not in nav


def test_a_coordinator_finds_the_administration_not_the_grading(client, coordinator):
    nav = _nav(client, coordinator)
    assert 'href="/admin/">Administration</a>' in nav
    assert 'href="/tutorat/">Suivi du tutorat</a>' in nav
    # The grading queue refuses coordinators (403): no link to it.
    assert "/devoirs/a-corriger/" not in nav


def test_the_current_page_is_marked_once(client, trainer):
    nav = _nav(client, trainer, reverse("assignments:grading_queue"))
    assert nav.count('aria-current="page"') == 1
    assert 'href="/devoirs/a-corriger/" aria-current="page">Copies à corriger</a>' in nav
    # "Mon travail" shows that the current page is inside it.
    assert "dropdown-toggle btn btn-link active" in nav


def test_the_deepest_entry_is_current(client, candidate):
    nav = _nav(client, candidate, reverse("tutoring:my_threads"))
    assert nav.count('aria-current="page"') == 1
    assert 'href="/tutorat/questions/" aria-current="page">Mon tuteur</a>' in nav


def test_the_menus_cost_no_query(client, candidate, django_assert_num_queries):
    client.force_login(candidate)
    client.get(reverse("dashboard"))  # the session in the cache
    request = RequestFactory().get(reverse("forums:index"))
    request.user = candidate
    request.session = client.session
    with django_assert_num_queries(0):
        found = menus(request)
    assert [i["label"] for i in found["main_menu"] if i["active"]] == ["Forums"]


def test_the_dashboard_offers_the_candidates_own_pages(client, candidate):
    client.force_login(candidate)
    html = client.get(reverse("dashboard")).content.decode()
    shortcuts = html[html.index('aria-label="Accès rapides"') :]
    shortcuts = shortcuts[: shortcuts.index("</nav>")]
    assert _labels(shortcuts) == ["Mes devoirs", "Mes résultats", "Mon tuteur"]


def test_the_dashboard_of_a_producer_describes_their_work(client, producer):
    client.force_login(producer)
    html = client.get(reverse("dashboard")).content.decode()
    assert "Votre travail" in html
    assert "Verser une sauvegarde Moodle (.mbz) dans un cours." in html


def test_my_results_lists_a_candidates_quizzes_and_grades(client, candidate, exam_course):
    from content import services
    from tests.content.factories import QuizFactory, fill_bank

    quiz = QuizFactory(activity__section=exam_course.sections.first(), activity__course=exam_course)
    fill_bank(quiz.bank, 2)
    attempt = services.attempt_start(actor=candidate, quiz=quiz)
    services.attempt_submit(actor=candidate, attempt=attempt, answers={})
    client.force_login(candidate)
    html = client.get(reverse("content:results")).content.decode()
    assert "<h1>Mes résultats</h1>" in html
    assert quiz.activity.title in html
    assert "1 tentative" in html
    assert reverse("content:my_results", args=[exam_course.slug]) in html
    assert "Aucune note rendue pour l" in html  # either apostrophe (catalogues differ)


def test_a_session_without_remembered_roles_gets_them_once(client, candidate):
    from core.roles import SESSION_KEY

    client.force_login(candidate)
    session = client.session
    del session[SESSION_KEY]
    session.save()
    nav = _nav_of_logged_in(client)
    assert "Mes devoirs" in nav
    assert client.session[SESSION_KEY]["candidate"] is True


def _nav_of_logged_in(client):
    html = client.get(reverse("dashboard")).content.decode()
    start = html.index('<nav class="navbar')
    return html[start : html.index("</nav>", start)]
