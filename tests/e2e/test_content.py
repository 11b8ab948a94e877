"""Browser journey: a candidate takes a quiz, reloads half-way (the answers
autosaved by static/js/content.js are still there), submits, reads the
score and the corrections, and the course progress moves."""

import pytest

from content.models import Attempt
from courses.selectors import progress_by_course
from tests.content.factories import (
    GlossaryEntryFactory,
    QuizFactory,
    fill_bank,
    restore_real_exams,
)
from tests.e2e.conftest import axe_violations, log_in
from tests.factories import DEFAULT_PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("real_exams"),
]


@pytest.fixture
def real_exams(transactional_db):
    restore_real_exams()


@pytest.fixture
def quiz(exam_course):
    section = exam_course.sections.order_by("pk").last()
    quiz = QuizFactory(
        activity__section=section,
        activity__course=exam_course,
        activity__title="Auto-évaluation : culture professionnelle",
    )
    fill_bank(quiz.bank, 5)
    return quiz


def test_candidate_takes_a_quiz_reloads_midway_and_sees_the_corrections(
    page, candidate, quiz, exam_course
):
    before = progress_by_course(candidate, [exam_course.pk])[exam_course.pk].done
    log_in(page, candidate.username, DEFAULT_PASSWORD)
    page.wait_for_url("**/tableau-de-bord/")
    page.goto(quiz.get_absolute_url())
    assert axe_violations(page) == []
    page.get_by_role("button", name="Commencer le quiz").click()
    page.wait_for_url("**/tentative/**")
    assert axe_violations(page) == []

    # Half of the paper, saved as we go by the script.
    page.get_by_label("Paris").check()
    page.get_by_role("status").filter(has_text="Réponses enregistrées").wait_for()
    page.get_by_label("Neutralité").check()
    page.get_by_label("Réserve").check()
    # Locator waits, not wait_for_function: the site's CSP forbids eval.
    page.locator('form.quiz-form[data-saved="1"]').wait_for()
    attempt = Attempt.objects.get(user=candidate)
    assert attempt.slots.filter(response__isnull=False).count() == 2

    page.reload()
    assert page.get_by_label("Paris").is_checked()
    assert (
        page.get_by_label("Neutralité").is_checked() and page.get_by_label("Réserve").is_checked()
    )

    page.get_by_label("Vrai").check()
    page.get_by_label("Votre réponse").fill("  DÉSHERBAGE ")
    page.get_by_label("000").select_option(label="Généralités")
    page.get_by_label("800").select_option(label="Littérature")
    page.get_by_label("900").select_option(label="Histoire")
    page.get_by_role("button", name="Rendre et voir les corrections").click()

    page.get_by_text("Score\xa0: 5 / 5 (100 %)").wait_for()
    assert page.get_by_text("Réussi\xa0: l’activité est achevée.").is_visible()
    assert page.get_by_role("heading", name="Corrections").is_visible()
    assert page.get_by_text("Explication\xa0:").first.is_visible()
    assert axe_violations(page) == []
    attempt.refresh_from_db()
    assert attempt.state == "submitted" and attempt.passed
    after = progress_by_course(candidate, [exam_course.pk])[exam_course.pk].done
    assert after == before + 1

    page.goto(f"/mes-resultats/{exam_course.slug}/")
    assert page.get_by_role(
        "img", name="Scores aux quiz au fil du temps, en pourcentage"
    ).is_visible()
    assert axe_violations(page) == []


def test_glossary_pages_without_accessibility_violation(page, candidate, exam_course):
    for term in ("Désherbage", "Dépôt légal", "ISBD", "RAMEAU", "Sudoc"):
        GlossaryEntryFactory(
            course=exam_course, term=term, definition=f"<p>{term} : définition.</p>"
        )
    log_in(page, candidate.username, DEFAULT_PASSWORD)
    page.wait_for_url("**/tableau-de-bord/")
    page.goto(f"/glossaire/{exam_course.slug}/?lettre=D")
    assert page.get_by_text("Dépôt légal", exact=True).is_visible()
    assert axe_violations(page) == []
    page.get_by_label("Chercher dans le glossaire").fill("Sudoc")
    page.get_by_role("button", name="Chercher").click()
    page.get_by_text("1 résultat pour « Sudoc »").wait_for()
    assert axe_violations(page) == []
    page.goto(f"/glossaire/{exam_course.slug}/nouveau/")
    assert axe_violations(page) == []


def test_producer_pages_without_accessibility_violation(page, producer, quiz):
    log_in(page, producer.username, DEFAULT_PASSWORD)
    page.wait_for_url("**/tableau-de-bord/")
    page.goto(quiz.get_absolute_url())
    assert page.get_by_text("aperçu avec les réponses").is_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Réglages du quiz").click()
    assert axe_violations(page) == []
    page.goto(f"/banques/{quiz.bank_id}/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Ajouter une question").click()
    page.get_by_label("Question").fill("Que signifie ISBN ?")
    page.get_by_label("Type").select_option("short")
    page.get_by_label("Choix ou réponses").fill("Numéro international normalisé du livre")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("La question est enregistrée.").wait_for()
    page.goto("/relecture/")
    assert axe_violations(page) == []
    page.goto(f"/signaler/{quiz.activity_id}/")
    assert axe_violations(page) == []
