"""Browser journey: a producer writes a fiche in the course studio with the
rich text editor (Squire, static/js/richtext.js), under the site's real
Content-Security-Policy: no violation is reported, the formatting is saved
(cleaned by nh3) and candidates read it. Screenshots of the studio pages at
375 and 1280 px go to $STUDIO_SHOTS when it is set."""

import os
from pathlib import Path

import pytest
from django.urls import reverse

from courses.models import Activity
from tests.e2e.conftest import axe_violations, log_in
from tests.factories import DEFAULT_PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("real_exams"),
]

SHOTS = os.environ.get("STUDIO_SHOTS", "")


@pytest.fixture
def real_exams(transactional_db):
    from tests.content.factories import restore_real_exams

    restore_real_exams()


def _watch_csp(page):
    """Collect every CSP violation the page reports (evaluated through the
    DevTools protocol, which the page's CSP does not govern)."""
    page.evaluate(
        """() => { window.cspViolations = [];
        document.addEventListener('securitypolicyviolation', e =>
          window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI)); }"""
    )


def _shoot(page, name):
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_producer_writes_a_formatted_fiche_under_the_csp(page, producer, exam_course):
    section = exam_course.sections.get(title="Méthodologie")
    csp = []
    page.on(
        "console", lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None
    )
    log_in(page, producer.username, DEFAULT_PASSWORD)
    page.wait_for_url("**/tableau-de-bord/")
    page.goto(reverse("content:studio"))
    _shoot(page, "studio-index")
    page.goto(reverse("content:studio_course", args=[exam_course.slug]))
    assert axe_violations(page) == []
    _shoot(page, "studio-course")

    page.locator(f"#type-{section.pk}").select_option(label="Fiche")
    page.get_by_role("button", name=f"Ajouter — {section.title}").click()
    page.wait_for_url("**/activites/nouvelle/?type=fiche")
    page.locator(".richtext[data-ready='1']").wait_for()
    _watch_csp(page)
    page.locator("#id_title").fill("Méthode de la note de synthèse")
    editor = page.locator("#id_body-editeur")
    assert editor.get_attribute("role") == "textbox"
    editor.click()
    page.keyboard.type("Lire tout le dossier. Puis problématiser.")
    for _ in "Puis problématiser.":  # select these words, make them bold
        page.keyboard.press("Shift+ArrowLeft")
    page.get_by_role("button", name="Gras").click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Liste à puces").click()
    page.keyboard.type("Introduction")
    page.keyboard.press("Enter")
    page.keyboard.type("Deux parties")
    page.get_by_label("Visible des candidats").check()
    assert axe_violations(page) == []
    _shoot(page, "studio-activity-form")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("est enregistrée").wait_for()

    activity = Activity.objects.get(title="Méthode de la note de synthèse")
    assert "<strong>Puis problématiser.</strong>" in activity.body
    # The list items (bold goes on after Enter, as in a word processor).
    assert activity.body.count("<li>") == 2 and "Deux parties" in activity.body
    assert page.evaluate("() => window.cspViolations || []") == []

    page.goto(reverse("content:studio_activity_preview", args=[exam_course.slug, activity.pk]))
    assert page.locator(".activity-body strong").first.inner_text() == "Puis problématiser."
    _shoot(page, "studio-activity-preview")
    page.goto(reverse("content:studio_activity_revisions", args=[exam_course.slug, activity.pk]))
    _shoot(page, "studio-revisions")
    assert csp == [], csp
