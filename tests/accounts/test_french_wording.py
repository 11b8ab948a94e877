"""The account pages speak the site's French: a greeting with the person's
name at login, allauth's pages in the site's words (« adresse
électronique », « identifiant », « Mot de passe oublié ? »)."""

import re

import pytest
from django.contrib.messages import get_messages
from django.utils import translation

from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _login(client, user):
    return client.post(
        "/connexion/", {"login": user.username, "password": DEFAULT_PASSWORD}, follow=True
    )


def test_login_greets_the_person_by_first_name(client):
    user = UserFactory(username="marie", first_name="Marie", last_name="Curie")
    response = _login(client, user)
    assert response.redirect_chain[-1][0] == "/tableau-de-bord/"
    assert [str(m) for m in response.context["messages"]] == [
        "Bonjour Marie, bienvenue sur Callisto."
    ]
    assert "Bonjour Marie, bienvenue sur Callisto." in response.content.decode()


def test_login_greets_by_display_name_when_there_is_no_first_name(client):
    user = UserFactory(username="x42", first_name="", last_name="", display_name="Dr Lenoir")
    response = _login(client, user)
    assert "Bonjour Dr Lenoir, bienvenue sur Callisto." in response.content.decode()
    assert all("x42" not in str(m) for m in response.context["messages"])


def test_logout_says_goodbye_in_french(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post("/compte/logout/")
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Vous avez quitté Callisto. À bientôt\u202f!"
    ]


def test_email_page_in_the_site_words(client):
    user = UserFactory()
    client.force_login(user)
    html = client.get("/compte/email/").content.decode()
    assert re.search(r"<h1[^>]*>\s*Adresse électronique\s*</h1>", html)
    assert "Adresse électronique actuelle" in html
    assert "Nouvelle adresse électronique" in html
    assert "e-mail" not in html.lower()
    assert "actuelle:" not in html and "électronique:" not in html


def test_password_reset_page_says_forgotten_password(client):
    html = client.get("/compte/password/reset/").content.decode()
    assert "e-mail" not in html.lower()
    login = client.get("/connexion/").content.decode()
    assert "Mot de passe oublié\u202f?" in login


@pytest.mark.parametrize(
    ("msgid", "french"),
    [
        ("Email Addresses", "Adresses électroniques"),
        ("Username", "Identifiant"),
        ("Forgot your password?", "Mot de passe oublié\u202f?"),
        ("Sign In", "Se connecter"),
        ("Your email has been confirmed.", "Votre adresse électronique est confirmée."),
        ("Are you sure?", "Voulez-vous continuer\u202f?"),
        ("Authenticator App", "Application d’authentification"),
    ],
)
def test_allauth_strings_are_overridden_in_the_site_words(msgid, french):
    with translation.override("fr"):
        assert translation.gettext(msgid) == french
