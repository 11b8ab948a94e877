import pytest
from django.test import override_settings
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/connexion/"
BAD_CREDENTIALS = (
    "Connexion refusée\xa0: l’identifiant, l’adresse électronique ou le mot de passe est incorrect"
)

SSO_SETTINGS = {
    "openid_connect": {
        "APPS": [
            {
                "provider_id": "sesame",
                "name": "Sésame",
                "client_id": "callisto",
                "secret": "s",
                "settings": {"server_url": "http://127.0.0.1:9/"},
            }
        ]
    },
    "sygefor": {
        "APPS": [
            {
                "client_id": "callisto",
                "secret": "s",
                "settings": {
                    "base_url": "http://127.0.0.1:9",
                    "profile_url": "http://127.0.0.1:9/profile",
                },
            }
        ]
    },
}


def test_login_page_is_french_and_offers_local_login_and_lost_password(client):
    html = client.get(LOGIN).content.decode()
    assert "Se connecter à Callisto" in html
    assert "Identifiant ou adresse électronique" in html
    assert "Mot de passe oublié\u202f?" in html
    assert 'href="/compte/password/reset/"' in html
    # SSO buttons only when configured, and never a sign-up link.
    assert "Se connecter avec" not in html
    assert "signup" not in html
    assert "INVALID" not in html


@override_settings(SOCIALACCOUNT_PROVIDERS=SSO_SETTINGS)
def test_login_page_shows_the_sso_buttons_that_are_configured(client):
    html = client.get(LOGIN).content.decode()
    assert "Se connecter avec Sygefor" in html
    assert "Se connecter avec Sésame" in html
    assert 'action="/compte/sygefor/login/?process=login"' in html
    assert 'action="/compte/oidc/sesame/login/?process=login"' in html


def test_login_by_username_or_email_rotates_the_session(client, user):
    client.get(LOGIN)
    before = client.session.session_key
    response = client.post(LOGIN, {"login": "SOMEONE@example.fr", "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("dashboard")
    assert client.session.session_key != before
    user.refresh_from_db()
    assert user.last_login_route == "local"


@pytest.mark.parametrize(
    ("login", "password"),
    [
        ("someone", "mauvais-mot-de-passe"),
        ("personne", DEFAULT_PASSWORD),
        ("inactive", DEFAULT_PASSWORD),
    ],
    ids=["wrong-password", "unknown-user", "inactive-user"],
)
def test_failed_logins_all_give_the_same_message(client, user, login, password):
    UserFactory(username="inactive", is_active=False)
    response = client.post(LOGIN, {"login": login, "password": password})
    assert response.status_code == 200
    assert BAD_CREDENTIALS in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "data", [{}, {"login": "", "password": ""}, {"login": "x" * 5000, "password": "y"}]
)
def test_malformed_login_posts_are_refused_without_error(client, data):
    response = client.post(LOGIN, data)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_sixth_failure_in_15_minutes_is_refused_even_with_the_right_password(client, user):
    for _ in range(5):
        response = client.post(LOGIN, {"login": "someone", "password": "mauvais"})
        assert BAD_CREDENTIALS in response.content.decode()
    response = client.post(LOGIN, {"login": "someone", "password": DEFAULT_PASSWORD})
    assert response.status_code == 200
    assert "Trop de tentatives" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Each failure and the refusal are in the audit log.
    from core.models import AuditEntry

    assert AuditEntry.objects.filter(action="login.failed", summary="someone").count() == 5
    assert AuditEntry.objects.filter(action="login.throttled", summary="someone").exists()


def test_logout_only_by_post(client, user):
    client.force_login(user)
    assert client.get("/compte/logout/").status_code == 200  # a confirmation form
    assert client.get(reverse("dashboard")).status_code == 200
    assert client.get(reverse("logout")).status_code == 405
    assert client.post("/compte/logout/").status_code == 302
    assert client.get(reverse("dashboard")).status_code == 302


@pytest.mark.parametrize("path", ["/compte/signup/", "/compte/3rdparty/signup/"])
def test_there_is_no_sign_up(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.url == LOGIN
    response = client.post(
        path,
        {"username": "x", "email": "x@example.fr", "password1": "a" * 20, "password2": "a" * 20},
    )
    assert response.status_code == 302
    from accounts.models import User

    assert not User.objects.filter(username="x").exists()


def test_admin_login_goes_through_the_site_login(client, coordinator):
    response = client.get("/admin/")
    assert response.status_code == 302
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url == "/connexion/?next=%2Fadmin%2F"
    # The admin's own form is never shown, even when posted to.
    response = client.post(
        "/admin/login/", {"username": "coordinator-a", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_admin_login_with_an_external_next_goes_to_the_admin(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/admin/login/?next=https://evil.example.com/")
    assert response.url == "/admin/"


ACCOUNT_PAGES = [
    "/compte/email/",
    "/compte/password/change/",
    "/compte/2fa/",
    "/compte/2fa/totp/activate/",
    "/compte/sessions/",
    "/compte/3rdparty/",
    "/compte/logout/",
    "/compte/reauthenticate/",
]


@pytest.mark.parametrize("path", ACCOUNT_PAGES)
def test_allauth_pages_use_the_site_layout_without_invalid_variables(client, user, path):
    client.force_login(user)
    response = client.get(path, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "INVALID" not in html
    assert 'class="navbar' in html
    assert "bootstrap.min.css" in html


@pytest.mark.parametrize("path", ["/compte/password/reset/", "/compte/password/reset/done/", LOGIN])
def test_public_account_pages_have_no_invalid_variables(client, path):
    html = client.get(path).content.decode()
    assert "INVALID" not in html
    assert '<html lang="fr">' in html


def test_sixth_reset_request_for_one_address_is_refused_in_french(client, user):
    for _ in range(5):
        assert (
            client.post("/compte/password/reset/", {"email": "someone@example.fr"}).status_code
            == 302
        )
    response = client.post("/compte/password/reset/", {"email": "someone@example.fr"})
    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()


@pytest.mark.parametrize("size", [1, 30])
def test_login_page_query_budget_does_not_grow(client, django_assert_num_queries, size):
    UserFactory.create_batch(size)
    # 1 current site, 2 SSO apps stored in the database (besides the settings)
    with override_settings(SOCIALACCOUNT_PROVIDERS=SSO_SETTINGS), django_assert_num_queries(2):
        assert client.get(LOGIN).status_code == 200
