"""A candidate ticks an activity: the course progress bar moves without a
reload, the dashboard shows the new percentage; no axe violation on the
course pages, on a phone and on a desktop."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE, axe_violations, log_in
from tests.factories import DEFAULT_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_ticking_moves_the_progress_bars(page, candidate, exam_course, viewport):
    page.set_viewport_size(viewport)
    log_in(page, candidate.username, DEFAULT_PASSWORD)
    page.wait_for_url("**/tableau-de-bord/")
    assert axe_violations(page) == []

    page.goto(exam_course.get_absolute_url())
    assert axe_violations(page) == []
    box = page.locator(f'[data-progress-course="{exam_course.pk}"]')
    bar = box.get_by_role("progressbar")
    assert bar.get_attribute("aria-valuenow") == "0"
    page.evaluate("window.sameDocument = true")

    page.get_by_role("button", name="Marquer comme terminé : Bienvenue").click()
    expect(box.locator("[data-progress-text]")).to_have_text("50 % — 1 activité terminée sur 2")
    expect(bar).to_have_attribute("aria-valuenow", "50")
    expect(page.locator("#courses-live")).to_contain_text("est marquée comme terminée")
    expect(page.get_by_role("button", name="Marquer comme non terminé : Bienvenue")).to_be_visible()
    assert page.evaluate("window.sameDocument") is True  # no reload happened

    page.goto("/tableau-de-bord/")
    card = page.locator(f'[data-progress-course="{exam_course.pk}"]')
    expect(card.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "50")
    expect(card).to_contain_text("50 %")


def test_untick_and_refusal_show_up_without_reload(page, candidate, exam_course):
    from courses.models import Activity

    automatic = exam_course.activities.order_by("pk").last()
    log_in(page, candidate.username, DEFAULT_PASSWORD)
    page.wait_for_url("**/tableau-de-bord/")
    page.goto(exam_course.get_absolute_url())
    page.get_by_role("button", name="Marquer comme terminé : Bienvenue").click()
    page.get_by_role("button", name="Marquer comme non terminé : Bienvenue").click()
    expect(page.locator("[data-progress-text]")).to_have_text(re.compile(r"^0 %"))

    # The rule changed behind the page's back: the server refuses, the page says why.
    Activity.objects.filter(pk=automatic.pk).update(completion_rule="submission")
    page.locator(f"#activite-{automatic.pk}").get_by_role("button").click()
    expect(page.get_by_role("alert")).to_contain_text("ne peut pas être cochée à la main")
    # Chromium logs the expected 400 answer as a console error.
    assert all("400" in error for error in page.console_errors)
    page.console_errors.clear()


def test_my_courses_and_activity_pages_without_accessibility_violation(
    page, candidate, exam_course
):
    log_in(page, candidate.username, DEFAULT_PASSWORD)
    page.wait_for_url("**/tableau-de-bord/")
    page.goto("/mes-cours/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes cours")
    assert axe_violations(page) == []
    activity = exam_course.activities.order_by("pk").first()
    page.goto(activity.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(activity.title)
    assert axe_violations(page) == []
    page.get_by_role("button", name="Marquer comme terminé").click()
    expect(page.locator("[data-state]")).to_have_text("Terminé")
    assert axe_violations(page) == []
