import pytest

from tests.e2e.conftest import PHONE, axe_violations, log_in
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_in_french_without_accessibility_violation(page):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("heading", level=1).inner_text().startswith("Préparez les concours")
    assert (
        page.get_by_role("contentinfo")
        .get_by_role("link", name="Accessibilité\xa0: partiellement conforme")
        .is_visible()
    )
    assert axe_violations(page) == []


def test_skip_link_is_the_first_tab_stop(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Aller au contenu principal"


def test_login_page_then_dashboard_without_accessibility_violation(page):
    UserFactory(username="camille", first_name="Camille", last_name="Durand")
    page.goto("/connexion/")
    assert axe_violations(page) == []
    log_in(page, "camille", DEFAULT_PASSWORD)
    page.wait_for_url("**/tableau-de-bord/")
    assert "Bienvenue, Camille Durand." in page.content()
    assert axe_violations(page) == []


def test_phone_menu_opens_from_the_toggler(page):
    UserFactory(username="camille")
    page.set_viewport_size(PHONE)
    log_in(page, "camille", DEFAULT_PASSWORD)
    page.wait_for_url("**/tableau-de-bord/")
    nav_link = page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Tableau de bord"
    )
    assert not nav_link.is_visible()
    page.get_by_role("button", name="Ouvrir le menu").click()
    nav_link.wait_for(state="visible")
    assert axe_violations(page) == []


@pytest.mark.parametrize("path", ["/accessibilite/", "/mentions-legales/", "/plan-du-site/"])
def test_legal_pages_without_accessibility_violation(page, path):
    page.goto(path)
    assert axe_violations(page) == []
