import pytest
from allauth.mfa.models import Authenticator

from tests.factories import DEFAULT_PASSWORD, TOTP_SECRET, UserFactory, totp_code

pytestmark = pytest.mark.django_db


def test_staff_without_authenticator_are_sent_to_the_totp_setup(client, coordinator):
    Authenticator.objects.filter(user=coordinator).delete()
    client.force_login(coordinator)
    for path in ("/tableau-de-bord/", "/admin/", "/mon-compte/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.url == "/compte/2fa/totp/activate/"


def test_candidates_are_only_offered_two_factor(client, user):
    client.force_login(user)
    assert client.get("/tableau-de-bord/").status_code == 200
    assert client.get("/compte/2fa/").status_code == 200


def test_staff_with_totp_log_in_with_a_code(client):
    staff = UserFactory(username="resp", staff=True)
    assert Authenticator.objects.filter(user=staff).exists()
    response = client.post("/connexion/", {"login": "resp", "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert response.url == "/compte/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    response = client.post("/compte/2fa/authenticate/", {"code": "000000"})
    assert "_auth_user_id" not in client.session
    response = client.post("/compte/2fa/authenticate/", {"code": totp_code(TOTP_SECRET)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)
    assert client.get("/admin/").status_code == 200


def test_new_staff_member_sets_up_totp_at_first_login(client, coordinator):
    from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY

    Authenticator.objects.filter(user=coordinator).delete()
    response = client.post("/connexion/", {"login": "coordinator-a", "password": DEFAULT_PASSWORD})
    response = client.get(response.url, follow=True)
    # allauth asks for the password again before adding an authenticator.
    assert response.redirect_chain[-1][0].startswith("/compte/reauthenticate/")
    response = client.post(
        response.redirect_chain[-1][0], {"password": DEFAULT_PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/compte/2fa/totp/activate/"
    html = response.content.decode()
    assert "INVALID" not in html
    assert "authentification à deux facteurs" in html
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post("/compte/2fa/totp/activate/", {"code": "123456"})
    assert response.status_code == 200  # wrong code: nothing created
    assert not Authenticator.objects.filter(user=coordinator).exists()
    response = client.post("/compte/2fa/totp/activate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=coordinator, type="totp").exists()
    # Recovery codes are generated too, and the site opens.
    assert Authenticator.objects.filter(user=coordinator, type="recovery_codes").exists()
    assert client.get("/admin/").status_code == 200
