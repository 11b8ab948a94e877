"""The menus in a browser, under the site's CSP (no inline script): the
burger opens on a phone, "Mon travail" opens and is walked with the
keyboard, the page reached is marked current."""

import pytest

from tests.e2e.conftest import PHONE, axe_violations, log_in
from tests.factories import DEFAULT_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_trainer_reaches_the_grading_queue_from_the_phone_menu_by_keyboard(page, trainer):
    page.set_viewport_size(PHONE)
    log_in(page, trainer.username, DEFAULT_PASSWORD)
    page.wait_for_url("**/tableau-de-bord/")
    nav = page.get_by_role("navigation", name="Navigation principale")
    work = nav.get_by_role("button", name="Mon travail")
    assert not work.is_visible()
    nav.get_by_role("button", name="Ouvrir le menu").click()
    work.wait_for(state="visible")
    work.focus()
    page.keyboard.press("Enter")
    grading = nav.get_by_role("link", name="Copies à corriger")
    grading.wait_for(state="visible")
    assert work.get_attribute("aria-expanded") == "true"
    assert axe_violations(page) == []
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.textContent").strip() == "Copies à corriger"
    page.keyboard.press("Enter")
    page.wait_for_url("**/devoirs/a-corriger/")
    current = page.locator('nav [aria-current="page"]')
    assert current.count() == 1
    assert current.inner_text().strip() == "Copies à corriger"


def test_escape_closes_my_work_on_a_desktop(page, producer):
    log_in(page, producer.username, DEFAULT_PASSWORD)
    page.wait_for_url("**/tableau-de-bord/")
    work = page.get_by_role("button", name="Mon travail")
    work.click()
    studio = page.get_by_role("link", name="Atelier de contenu").first
    assert page.locator("#menu-travail + .dropdown-menu").is_visible()
    page.keyboard.press("Escape")
    assert work.get_attribute("aria-expanded") == "false"
    assert studio.count() == 1
