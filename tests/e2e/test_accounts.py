import pytest

from accounts.models import TermsAcceptance, TermsVersion
from accounts.selectors import forget_current_terms
from tests.accounts.factories import TermsVersionFactory
from tests.e2e.conftest import axe_violations, log_in
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _publish(kind, version):
    TermsVersionFactory(kind=kind, version=version)
    forget_current_terms()


def test_first_login_lands_on_the_terms_and_a_new_version_asks_again(page):
    user = UserFactory(username="camille", first_name="Camille", last_name="Durand")
    _publish(TermsVersion.Kind.CGU, "2026-1")
    _publish(TermsVersion.Kind.LEGAL, "2026-1")
    log_in(page, "camille", DEFAULT_PASSWORD)
    page.wait_for_url("**/conditions/**")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Conditions générales d’utilisation et mentions légales"
    )
    assert axe_violations(page) == []
    # Accepting without ticking the box is refused, in French, next to the box.
    page.get_by_role("button", name="Accepter et continuer").click()
    assert page.get_by_text("Ce champ est obligatoire").is_visible()
    page.get_by_label("J’ai lu et j’accepte").check()
    page.get_by_role("button", name="Accepter et continuer").click()
    page.wait_for_url("**/tableau-de-bord/")
    assert TermsAcceptance.objects.filter(user=user).count() == 2
    # A new CGU version: asked again on the next page, in the same session.
    _publish(TermsVersion.Kind.CGU, "2026-2")
    page.goto("/mon-compte/")
    page.wait_for_url("**/conditions/**")
    assert "version 2026-2" in page.content()
    page.get_by_label("J’ai lu et j’accepte").check()
    page.get_by_role("button", name="Accepter et continuer").click()
    page.wait_for_url("**/mon-compte/")
    assert TermsAcceptance.objects.filter(user=user).count() == 3


def test_declining_the_terms_logs_out(page):
    UserFactory(username="camille")
    _publish(TermsVersion.Kind.CGU, "2026-1")
    log_in(page, "camille", DEFAULT_PASSWORD)
    page.wait_for_url("**/conditions/**")
    page.get_by_role("button", name="Refuser et se déconnecter").click()
    page.wait_for_url("**/connexion/")
    assert "Vous avez refusé les conditions" in page.content()


@pytest.mark.parametrize("path", ["/connexion/", "/compte/password/reset/"])
def test_public_account_pages_without_accessibility_violation(page, path):
    page.goto(path)
    assert axe_violations(page) == []


def test_reset_done_and_account_pages_without_accessibility_violation(page):
    UserFactory(username="camille")
    page.goto("/compte/password/reset/")
    page.get_by_label("Adresse électronique").fill("camille@example.fr")
    page.get_by_role("button", name="Recevoir le lien").click()
    page.wait_for_url("**/compte/password/reset/done/")
    assert axe_violations(page) == []
    log_in(page, "camille", DEFAULT_PASSWORD)
    page.wait_for_url("**/tableau-de-bord/")
    page.goto("/mon-compte/")
    assert page.get_by_role("heading", level=1).inner_text() == "Mon compte"
    assert axe_violations(page) == []
    page.goto("/compte/2fa/")
    assert axe_violations(page) == []


def test_activation_and_expired_link_pages_without_accessibility_violation(page):
    from accounts.services import activation_path

    user = UserFactory(username="lea")
    user.set_unusable_password()
    user.save()
    path = activation_path(user)
    page.goto(path)
    assert page.get_by_role("heading", level=1).inner_text() == "Choisissez votre mot de passe"
    assert axe_violations(page) == []
    page.locator("#id_new_password1").fill("une phrase de passe solide")
    page.locator("#id_new_password2").fill("une phrase de passe solide")
    page.get_by_role("button", name="Enregistrer mon mot de passe").click()
    page.wait_for_url("**/mot-de-passe/choisi/")
    page.goto(path)
    assert page.get_by_role("heading", level=1).inner_text() == "Ce lien ne fonctionne plus"
    assert axe_violations(page) == []


def test_staff_two_factor_setup_without_accessibility_violation(page):
    from allauth.mfa.models import Authenticator

    staff = UserFactory(username="responsable-a", staff=True)
    Authenticator.objects.filter(user=staff).delete()
    log_in(page, "responsable-a", DEFAULT_PASSWORD)
    page.wait_for_url("**/compte/reauthenticate/**")
    assert axe_violations(page) == []
    page.get_by_label("Mot de passe").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Confirmer").click()
    page.wait_for_url("**/compte/2fa/totp/activate/")
    assert axe_violations(page) == []


def test_login_page_with_both_sso_buttons_without_accessibility_violation(page, settings):
    from tests.accounts.test_login import SSO_SETTINGS

    settings.SOCIALACCOUNT_PROVIDERS = SSO_SETTINGS
    page.goto("/connexion/")
    assert page.get_by_role("button", name="Se connecter avec Sygefor").is_visible()
    assert page.get_by_role("button", name="Se connecter avec Sésame").is_visible()
    assert page.get_by_role("link", name="Mot de passe oublié\u202f?").is_visible()
    assert axe_violations(page) == []
