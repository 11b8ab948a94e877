import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.core import mail

from accounts.models import Preferences
from notifications.models import Preference as NotificationPreference
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/mon-compte/"

VALID = {
    "profile-first_name": "Camille",
    "profile-last_name": "Durand",
    "profile-display_name": "Camille D.",
    "prefs-contact_by_email": "on",
    "prefs-contact_by_phone": "on",
    "prefs-phone": "01 23 45 67 89",
    "prefs-videoconference": "",
    # The forum emails' default is now a notification channel (notifications app).
    "notif-forum": "immediate",
}


def test_anonymous_is_sent_to_the_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith("/connexion/")


def test_account_page_in_french_with_every_section(client, user):
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Mon compte",
        "Comment votre tuteur peut vous contacter",
        "Résumé quotidien",
        "Changer mon adresse électronique",
        "Changer mon mot de passe",
        "Authentification à deux facteurs",
        "se déconnecter partout",
        "Comptes connectés (Sygefor, Sésame)",
    ):
        assert text in html, text
    assert 'href="/mon-compte/"' in html  # the account menu entry


def test_saving_name_and_preferences(client, user):
    client.force_login(user)
    response = client.post(URL, VALID)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.display_name == "Camille D."
    prefs = Preferences.objects.get(user=user)
    assert NotificationPreference.objects.get(user=user, kind="forum").channel == "immediate"
    assert prefs.contact_by_phone and prefs.phone == "01 23 45 67 89"
    assert prefs.reminders_enabled is False  # unticked box


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("notif-forum", "hourly", "Sélectionnez un choix valide"),
        ("prefs-phone", "", "Indiquez un numéro de téléphone"),
        ("profile-first_name", "x" * 200, "au plus 150 caractères"),
    ],
)
def test_bad_input_changes_nothing_and_says_why(client, user, field, value, error):
    client.force_login(user)
    first_name = user.first_name
    response = client.post(URL, {**VALID, field: value})
    assert response.status_code == 200
    assert error in response.content.decode()
    user.refresh_from_db()
    assert user.first_name == first_name
    assert not Preferences.objects.filter(user=user).exists()
    assert not NotificationPreference.objects.filter(user=user).exists()


def test_email_change_is_verified_before_use(client, user, django_capture_on_commit_callbacks):
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/compte/email/", {"action_add": "", "email": "nouvelle@example.fr"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == "someone@example.fr"  # unchanged until confirmed
    (message,) = mail.outbox
    assert message.to == ["nouvelle@example.fr"]
    assert "/compte/confirm-email/" in message.body


@pytest.mark.parametrize("size", [1, 20])
def test_account_page_query_budget_does_not_grow(client, django_assert_num_queries, size):
    user = UserFactory(username="camille")
    for i in range(size):
        EmailAddress.objects.create(user=user, email=f"c{i}@example.fr", verified=bool(i % 2))
        SocialAccount.objects.create(user=user, provider="sesame", uid=f"uid-{i}")
    other = UserFactory.create_batch(size)
    assert other
    client.force_login(user)
    # 1 user, 2 preferences, 3 the notification channels, 4 email addresses,
    # 5 social accounts, 6 session count (the session itself comes from the
    # cache: cached_db sessions)
    with django_assert_num_queries(6):
        assert client.get(URL).status_code == 200


def test_log_out_everywhere_else_ends_the_other_sessions(user):
    from django.test import Client

    from tests.factories import DEFAULT_PASSWORD

    laptop, phone = Client(), Client()
    for device in (laptop, phone):
        response = device.post("/connexion/", {"login": "someone", "password": DEFAULT_PASSWORD})
        assert response.status_code == 302
    html = laptop.get("/compte/sessions/").content.decode()
    assert "Se déconnecter partout ailleurs" in html
    assert "INVALID" not in html
    assert laptop.post("/compte/sessions/").status_code == 302
    assert laptop.get("/mon-compte/").status_code == 200
    assert phone.get("/mon-compte/").status_code == 302  # back to the login page


def test_deactivating_an_account_ends_its_sessions(user, coordinator, centre):
    from django.test import Client

    from accounts.services import user_set_active
    from tests.factories import DEFAULT_PASSWORD

    user.centre = centre
    user.save()
    device = Client()
    device.post("/connexion/", {"login": "someone", "password": DEFAULT_PASSWORD})
    assert device.get("/mon-compte/").status_code == 200
    user_set_active(actor=coordinator, user=user, active=False)
    assert device.get("/mon-compte/").status_code == 302
