"""Staff change the address of an account: an account in use keeps its
address until the new one is confirmed (link to the new address, notice to
the old one); the pending address opens nothing meanwhile."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts import services
from accounts.services import activation_path
from core.models import AuditEntry, OutgoingEmail
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

USERS = "/admin/accounts/user/"
OLD = "candidate-a@example.fr"
NEW = "nouvelle@example.fr"
BAD_CREDENTIALS = "Connexion refusée"


@pytest.fixture
def candidate(centre):
    """An account in use: a password, a login, its verified address."""
    user = UserFactory(username="candidate-a", centre=centre, last_login=timezone.now())
    EmailAddress.objects.create(user=user, email=OLD, verified=True, primary=True)
    return user


def _post_change(client, user, email):
    return client.post(
        f"{USERS}{user.pk}/change/",
        {
            "username": user.username,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "display_name": "",
            "email": email,
            "centre": user.centre_id,
        },
        follow=True,
    )


def _confirm_path(email: OutgoingEmail) -> str:
    url = re.search(r"https?://\S+", email.body).group(0)
    path = "/" + url.split("://", 1)[1].split("/", 1)[1]
    assert path.startswith("/mon-compte/adresse/confirmer/")
    return path


def test_a_coordinator_change_waits_for_the_new_address_and_tells_the_old(
    client, coordinator, candidate
):
    client.force_login(coordinator)
    response = _post_change(client, candidate, NEW)
    assert response.status_code == 200
    assert "Un lien de confirmation a été envoyé à nouvelle@example.fr" in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.email == OLD
    assert candidate.pending_email == NEW
    (confirm,) = OutgoingEmail.objects.filter(template="accounts/emails/email_confirm")
    assert confirm.to == [NEW]
    assert confirm.subject == "Confirmez votre nouvelle adresse électronique Callisto"
    assert "valable 7 jours" in confirm.body
    (notice,) = OutgoingEmail.objects.filter(template="accounts/emails/security_notice")
    assert notice.to == [OLD]
    assert notice.subject == "Un changement de votre adresse électronique Callisto a été demandé"
    assert f"Nouvelle adresse\u00a0: {NEW}" in notice.body
    assert AuditEntry.objects.filter(
        action="accounts.email_change_requested", actor=coordinator, target_id=str(candidate.pk)
    ).exists()


def test_the_pending_address_opens_nothing_until_confirmed(client, coordinator, candidate):
    services.user_change_email(actor=coordinator, user=candidate, email=NEW)
    # No login with it...
    response = client.post("/connexion/", {"login": NEW, "password": DEFAULT_PASSWORD})
    assert BAD_CREDENTIALS in response.content.decode()
    # ... and no reset link to it; the confirmed address still gets one.
    assert services.password_reset_send(email=NEW) == 0
    assert services.password_reset_send(email=OLD) == 1


def test_confirming_makes_it_the_address_and_tells_both(client, coordinator, candidate):
    services.user_change_email(actor=coordinator, user=candidate, email=NEW)
    path = _confirm_path(OutgoingEmail.objects.get(template="accounts/emails/email_confirm"))
    # Opening the link changes nothing (a mail scanner may open it).
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Confirmez votre adresse électronique" in html
    assert NEW in html and "INVALID" not in html
    candidate.refresh_from_db()
    assert candidate.email == OLD
    response = client.post(path)
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.email == NEW and candidate.pending_email is None
    assert list(EmailAddress.objects.filter(user=candidate).values_list("email", "verified")) == [
        (NEW, True)
    ]
    changed = OutgoingEmail.objects.filter(
        subject="L’adresse électronique de votre compte Callisto a été modifiée"
    )
    assert sorted(address for email in changed for address in email.to) == sorted([OLD, NEW])
    # The new address now logs in, the old one no longer.
    response = client.post("/connexion/", {"login": OLD, "password": DEFAULT_PASSWORD})
    assert BAD_CREDENTIALS in response.content.decode()
    response = client.post("/connexion/", {"login": NEW, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    # The link works once.
    client.logout()
    html = client.get(path).content.decode()
    assert "Ce lien ne fonctionne plus" in html


@pytest.mark.parametrize("token", ["x", "a" * 300, "eyJ1IjoxfQ:1abc:forged"])
def test_a_bad_confirmation_link_answers_a_french_page(client, token):
    response = client.get(f"/mon-compte/adresse/confirmer/{token}/")
    assert response.status_code == 200
    assert "Ce lien ne fonctionne plus" in response.content.decode()
    assert client.post(f"/mon-compte/adresse/confirmer/{token}/").status_code == 200


def test_a_link_for_an_address_replaced_since_no_longer_works(client, coordinator, candidate):
    services.user_change_email(actor=coordinator, user=candidate, email=NEW)
    first = _confirm_path(OutgoingEmail.objects.get(to=[NEW]))
    services.user_change_email(actor=coordinator, user=candidate, email="autre@example.fr")
    assert "Ce lien ne fonctionne plus" in client.post(first).content.decode()
    candidate.refresh_from_db()
    assert candidate.email == OLD


def test_an_address_of_another_account_is_refused_and_nothing_changes(
    client, coordinator, candidate, centre
):
    UserFactory(username="autre", email=NEW, centre=centre)
    with pytest.raises(ValidationError):
        services.user_change_email(actor=coordinator, user=candidate, email=NEW.upper())
    candidate.refresh_from_db()
    assert candidate.email == OLD and candidate.pending_email is None


def test_another_centres_coordinator_cannot_change_it(other_coordinator, candidate):
    with pytest.raises(PermissionDenied):
        services.user_change_email(actor=other_coordinator, user=candidate, email=NEW)
    candidate.refresh_from_db()
    assert candidate.pending_email is None


def test_an_account_never_used_takes_a_corrected_address_at_once(
    client, coordinator, centre, django_capture_on_commit_callbacks
):
    user = UserFactory(username="nouveau", centre=centre, password=None, email="typo@exmaple.fr")
    old_link = activation_path(user)
    client.force_login(coordinator)
    _post_change(client, user, "nouveau@example.fr")
    user.refresh_from_db()
    assert user.email == "nouveau@example.fr" and user.pending_email is None
    client.logout()
    # The link sent to the mistyped address no longer works: a French page.
    response = client.get(old_link, follow=True)
    assert response.status_code == 200
    assert "Ce lien ne fonctionne plus" in response.content.decode()
    # Activation sent again goes to the corrected address and works.
    with django_capture_on_commit_callbacks(execute=True):
        services.user_send_activation(actor=coordinator, user=user)
    email = OutgoingEmail.objects.get(template="accounts/emails/activation")
    assert email.to == ["nouveau@example.fr"]


def test_activation_is_only_for_accounts_without_a_password(client, coordinator, candidate):
    client.force_login(coordinator)
    response = client.post(
        USERS, {"action": "send_activation", "_selected_action": [candidate.pk]}, follow=True
    )
    assert "Ce compte a déjà un mot de passe" in response.content.decode()
    assert not OutgoingEmail.objects.filter(template="accounts/emails/activation").exists()
    # A link made for it anyway opens nothing.
    client.logout()
    response = client.get(activation_path(candidate), follow=True)
    assert "Ce lien ne fonctionne plus" in response.content.decode()


def test_activation_after_an_address_change_is_not_a_server_error(client, centre):
    """An account without a password whose verified address was replaced
    (the 500 of the issue: two primary addresses)."""
    user = UserFactory(username="sso", centre=centre, password=None, email="ancienne@example.fr")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    user.email = NEW
    user.save()
    response = client.get(activation_path(user), follow=True)
    password = "une phrase de passe solide"
    response = client.post(
        response.redirect_chain[-1][0], {"new_password1": password, "new_password2": password}
    )
    assert response.status_code == 302
    assert list(EmailAddress.objects.filter(user=user).values_list("email", "primary")) == [
        (NEW, True)
    ]


@pytest.mark.parametrize("size", [1, 30])
def test_confirmation_page_query_budget_does_not_grow(
    client, coordinator, centre, django_assert_num_queries, size
):
    people = [
        UserFactory(username=f"p{i}", centre=centre, last_login=timezone.now()) for i in range(size)
    ]
    for person in people:
        services.user_change_email(actor=coordinator, user=person, email=f"n{person.pk}@example.fr")
    path = services.email_confirm_path(people[-1], f"n{people[-1].pk}@example.fr")
    with django_assert_num_queries(1):  # the account with this pending address
        assert client.get(path).status_code == 200


def test_a_password_set_by_an_administrator_is_told_to_the_holder(client, admin_user, candidate):
    client.force_login(admin_user)
    new = "une phrase choisie par l'administrateur"
    response = client.post(f"{USERS}{candidate.pk}/password/", {"password1": new, "password2": new})
    assert response.status_code == 302
    (notice,) = OutgoingEmail.objects.filter(template="accounts/emails/security_notice")
    assert notice.to == [OLD]
    assert notice.subject == "Votre mot de passe Callisto a été modifié"
