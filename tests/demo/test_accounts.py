from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import TermsAcceptance, User
from demo.accounts import DEMO_PASSWORD, DEMO_TOTP_SECRET
from tests.factories import totp_code

pytestmark = pytest.mark.django_db


def _login(client, username):
    return client.post("/connexion/", {"login": username, "password": DEMO_PASSWORD})


def test_demo_accounts_accepted_the_terms_except_candidat_nouveau(client, demo):
    assert TermsAcceptance.objects.filter(user__username="candidat").count() == 2
    assert not TermsAcceptance.objects.filter(user__username="candidat-nouveau").exists()
    response = _login(client, "candidat")
    assert client.get(response.url).status_code == 200
    client.post("/deconnexion/")
    response = _login(client, "candidat-nouveau")
    assert client.get(response.url).url.startswith("/conditions/")


def test_demo_staff_log_in_with_the_published_totp_secret(client, demo):
    assert DEMO_TOTP_SECRET in demo
    response = _login(client, "responsable")
    assert response.url == "/compte/2fa/authenticate/"
    response = client.post("/compte/2fa/authenticate/", {"code": totp_code(DEMO_TOTP_SECRET)})
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert client.get("/admin/").status_code == 200
    assert User.objects.get(username="candidat").centre.code == "mediadix"
    assert User.objects.get(username="candidat-regional").centre.code == "mediat"


def test_demo_totp_command_prints_the_current_code(demo):
    out = StringIO()
    call_command("demo_totp", stdout=out)
    assert totp_code(DEMO_TOTP_SECRET) in out.getvalue()
