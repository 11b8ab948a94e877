"""Both SSO routes against a real OpenID Connect / OAuth 2.0 server on
loopback (oidc-provider-mock): the full redirect, consent, code exchange and
userinfo round trip, through HTTP."""

from urllib.parse import parse_qs, urlencode, urlparse, urlunparse

import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from django.test import override_settings

from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NOT_CREATED = "votre responsable pédagogique n’a pas encore créé votre compte"
FAILED = "n’a pas abouti"

ROUTES = {
    # route: (login path, provider settings builder)
    "sesame": "/compte/oidc/sesame/login/",
    "sygefor": "/compte/sygefor/login/",
    "sygefor_oidc": "/compte/oidc/sygefor_oidc/login/",
}


def _providers(idp):
    oidc_app = {
        "client_id": idp["client_id"],
        "secret": idp["secret"],
        "settings": {"server_url": idp["base"], "scope": ["openid", "email", "profile"]},
    }
    return {
        "openid_connect": {
            "APPS": [
                {**oidc_app, "provider_id": "sesame", "name": "Sésame"},
                {**oidc_app, "provider_id": "sygefor_oidc", "name": "Sygefor"},
            ]
        },
        "sygefor": {
            "APPS": [
                {
                    "client_id": idp["client_id"],
                    "secret": idp["secret"],
                    "settings": {
                        "base_url": idp["base"],
                        "profile_url": f"{idp['base']}/api/profile",
                        "scope": ["openid", "email", "profile"],
                        "trust_email": False,
                    },
                }
            ]
        },
    }


@pytest.fixture
def sso(idp):
    with override_settings(SOCIALACCOUNT_PROVIDERS=_providers(idp)):
        yield idp


@pytest.fixture(params=list(ROUTES))
def route(request):
    return request.param


def _set_identity(idp, sub, **claims):
    response = requests.put(f"{idp['base']}/users/{sub}", json=claims, timeout=10)
    response.raise_for_status()


def _start(client, route):
    """Click "Se connecter avec …": returns the IdP's authorization URL."""
    response = client.post(ROUTES[route] + "?process=login")
    assert response.status_code == 302
    assert response.url.startswith("http://127.0.0.1:")
    return response.url


def _consent(authorize_url, sub, action="allow"):
    """The person logs in at the IdP: returns the callback path + query."""
    data = {"sub": sub} if action == "allow" else {"action": "deny"}
    response = requests.post(authorize_url, data=data, allow_redirects=False, timeout=10)
    assert response.status_code == 302, response.text
    parsed = urlparse(response.headers["Location"])
    assert parsed.netloc == "testserver"
    return urlunparse(("", "", parsed.path, "", parsed.query, ""))


def _callback(client, callback):
    return client.get(callback, follow=True)


def _logged_in_user(client):
    return client.session.get("_auth_user_id")


def test_login_attaches_to_the_account_with_that_verified_email(client, sso, route):
    user = UserFactory(username="camille", email="camille.durand@example.fr")
    _set_identity(sso, f"{route}-camille", email="Camille.Durand@example.fr", email_verified=True)
    response = _callback(client, _consent(_start(client, route), f"{route}-camille"))
    assert response.redirect_chain[-1][0] == "/tableau-de-bord/"
    assert _logged_in_user(client) == str(user.pk)
    account = SocialAccount.objects.get(user=user)
    assert account.uid == f"{route}-camille"
    user.refresh_from_db()
    assert user.last_login_route == ("sesame" if route == "sesame" else "sygefor")
    # A second login uses the link; still one account for the person.
    client.post("/deconnexion/")
    _callback(client, _consent(_start(client, route), f"{route}-camille"))
    assert _logged_in_user(client) == str(user.pk)
    assert User.objects.filter(email__iexact="camille.durand@example.fr").count() == 1
    assert SocialAccount.objects.count() == 1


def test_unknown_person_is_refused_with_a_french_explanation(client, sso, route):
    _set_identity(sso, f"{route}-inconnu", email="inconnu@example.fr", email_verified=True)
    response = _callback(client, _consent(_start(client, route), f"{route}-inconnu"))
    assert response.redirect_chain[-1][0] == "/connexion/"
    assert NOT_CREATED in response.content.decode()
    assert _logged_in_user(client) is None
    assert not User.objects.filter(email="inconnu@example.fr").exists()


def test_unverified_email_never_links_an_account(client, sso, route):
    UserFactory(username="camille", email="camille@example.fr")
    _set_identity(sso, f"{route}-pirate", email="camille@example.fr", email_verified=False)
    response = _callback(client, _consent(_start(client, route), f"{route}-pirate"))
    assert NOT_CREATED in response.content.decode()
    assert _logged_in_user(client) is None
    assert not SocialAccount.objects.exists()


def test_inactive_account_is_refused(client, sso, route):
    UserFactory(username="camille", email="camille@example.fr", is_active=False)
    _set_identity(sso, f"{route}-camille", email="camille@example.fr", email_verified=True)
    response = _callback(client, _consent(_start(client, route), f"{route}-camille"))
    assert response.redirect_chain[-1][0] == "/connexion/"
    assert "désactivé" in response.content.decode()
    assert _logged_in_user(client) is None


def test_denied_consent_comes_back_to_the_login_page(client, sso, route):
    UserFactory(username="camille", email="camille@example.fr")
    response = _callback(client, _consent(_start(client, route), "x", action="deny"))
    assert response.redirect_chain[-1][0] == "/connexion/"
    assert FAILED in response.content.decode()
    assert _logged_in_user(client) is None


def _with(callback, **changes):
    parsed = urlparse(callback)
    query = {k: v[0] for k, v in parse_qs(parsed.query).items()}
    query.update(changes)
    return urlunparse(("", "", parsed.path, "", urlencode(query), ""))


def test_tampered_state_is_refused(client, sso, route):
    UserFactory(username="camille", email="camille@example.fr")
    _set_identity(sso, f"{route}-camille", email="camille@example.fr", email_verified=True)
    callback = _consent(_start(client, route), f"{route}-camille")
    response = _callback(client, _with(callback, state="etat-falsifie"))
    assert response.redirect_chain[-1][0] == "/connexion/"
    assert FAILED in response.content.decode()
    assert _logged_in_user(client) is None


def test_replayed_code_is_refused(client, sso, route):
    UserFactory(username="camille", email="camille@example.fr")
    _set_identity(sso, f"{route}-camille", email="camille@example.fr", email_verified=True)
    callback = _consent(_start(client, route), f"{route}-camille")
    _callback(client, callback)
    assert _logged_in_user(client) is not None
    client.post("/deconnexion/")
    # Same callback again: its state is spent.
    response = _callback(client, callback)
    assert FAILED in response.content.decode()
    assert _logged_in_user(client) is None
    # A fresh login (new state) with the old code: the IdP refuses the code.
    fresh = _consent(_start(client, route), f"{route}-camille")
    old_code = parse_qs(urlparse(callback).query)["code"][0]
    response = _callback(client, _with(fresh, code=old_code))
    assert FAILED in response.content.decode()
    assert _logged_in_user(client) is None


def test_callback_without_code_is_refused(client, sso, route):
    callback = _consent(_start(client, route), f"{route}-x")
    parsed = urlparse(callback)
    response = _callback(client, parsed.path)
    assert response.redirect_chain[-1][0] == "/connexion/"
    assert FAILED in response.content.decode()
    assert _logged_in_user(client) is None


def test_sso_can_create_accounts_when_the_setting_allows(client, sso, settings):
    settings.ACCOUNTS_SSO_CREATE_USERS = True
    _set_identity(
        sso, "sesame-nouveau", email="nouveau@example.fr", email_verified=True, name="Noé Nouveau"
    )
    _callback(client, _consent(_start(client, "sesame"), "sesame-nouveau"))
    user = User.objects.get(email="nouveau@example.fr")
    assert _logged_in_user(client) == str(user.pk)
    assert not user.has_usable_password()


def test_sygefor_profile_url_failing_is_a_failed_login_not_an_error(client, idp):
    providers = _providers(idp)
    providers["sygefor"]["APPS"][0]["settings"]["profile_url"] = f"{idp['base']}/introuvable"
    UserFactory(username="camille", email="camille@example.fr")
    _set_identity(idp, "sygefor-camille", email="camille@example.fr", email_verified=True)
    with override_settings(SOCIALACCOUNT_PROVIDERS=providers):
        response = _callback(client, _consent(_start(client, "sygefor"), "sygefor-camille"))
    assert response.redirect_chain[-1][0] == "/connexion/"
    assert FAILED in response.content.decode()
    assert _logged_in_user(client) is None


@pytest.mark.parametrize(
    "profile",
    [{}, {"email": "a@example.fr"}, {"id": ""}, ["not", "an", "object"], {"user": {"name": "x"}}],
)
def test_sygefor_profiles_without_identifier_are_refused(profile):
    from allauth.socialaccount.providers.base import ProviderException

    from accounts.sygefor.provider import SygeforProvider

    provider = SygeforProvider.__new__(SygeforProvider)
    with pytest.raises(ProviderException):
        provider.extract_uid(profile)


def test_sygefor_profile_fields_are_read_wrapped_or_not():
    from accounts.sygefor.provider import SygeforProvider

    provider = SygeforProvider.__new__(SygeforProvider)
    provider.app = None
    data = {"user": {"id": 42, "email": "a@example.fr", "firstName": "Ada", "lastName": "L"}}
    assert provider.extract_uid(data) == "42"
    assert provider.extract_common_fields(data)["first_name"] == "Ada"
    (address,) = provider.extract_email_addresses(data)
    assert not address.verified  # no flag, no trust setting: unverified
    (address,) = provider.extract_email_addresses(
        {"id": 1, "email": "a@x.fr", "email_verified": True}
    )
    assert address.verified


@pytest.mark.parametrize("route", ["sesame", "sygefor_oidc"])
def test_unreachable_identity_provider_is_a_french_error_not_a_crash(client, route, caplog):
    from tests.accounts.test_login import SSO_SETTINGS

    providers = {
        **SSO_SETTINGS,
        "openid_connect": {
            "APPS": [
                *SSO_SETTINGS["openid_connect"]["APPS"],
                {**SSO_SETTINGS["openid_connect"]["APPS"][0], "provider_id": "sygefor_oidc"},
            ]
        },
    }
    with override_settings(SOCIALACCOUNT_PROVIDERS=providers):
        response = client.post(ROUTES[route] + "?process=login", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/connexion/"
    assert "ne répond pas pour le moment" in response.content.decode()
    assert _logged_in_user(client) is None
