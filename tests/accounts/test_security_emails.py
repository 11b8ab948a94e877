"""The account holder is told, in French and through core.mail, when their
password is changed or reset, or a two-factor device is added."""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail as django_mail

from core.models import OutgoingEmail
from tests.factories import DEFAULT_PASSWORD, totp_code

pytestmark = pytest.mark.django_db

NOTICE = "accounts/emails/security_notice"
NEW = "une toute nouvelle phrase"


def _notices(**filters):
    return list(OutgoingEmail.objects.filter(template=NOTICE, **filters).order_by("pk"))


def test_a_password_change_is_told_to_the_account_holder(client, user):
    client.force_login(user)
    response = client.post(
        "/compte/password/change/",
        {"oldpassword": DEFAULT_PASSWORD, "password1": NEW, "password2": NEW},
    )
    assert response.status_code == 302
    (notice,) = _notices()
    assert notice.to == ["someone@example.fr"]
    assert notice.subject == "Votre mot de passe Callisto a été modifié"
    assert "Le mot de passe de votre compte Callisto a été modifié." in notice.body
    assert "Mot de passe oublié\u202f?" in notice.body
    assert "Quand\u00a0:" in notice.body
    assert NEW not in notice.body and "INVALID" not in notice.body


def test_a_wrong_old_password_changes_nothing_and_sends_nothing(client, user):
    client.force_login(user)
    response = client.post(
        "/compte/password/change/", {"oldpassword": "faux", "password1": NEW, "password2": NEW}
    )
    assert response.status_code == 200
    assert _notices() == []


def test_a_finished_password_reset_is_told_to_the_account_holder(
    client, user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/compte/password/reset/", {"email": "someone@example.fr"})
    link = re.search(r"https?://\S+", django_mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    form_url = response.redirect_chain[-1][0]
    assert _notices() == []
    response = client.post(form_url, {"password1": NEW, "password2": NEW})
    assert response.status_code == 302
    (notice,) = _notices()
    assert notice.to == ["someone@example.fr"]
    assert notice.subject == "Votre mot de passe Callisto a été réinitialisé"
    assert "«\u00a0Mot de passe oublié\u202f?\u00a0»" in notice.body


def test_a_new_authenticator_is_told_to_the_account_holder(
    client, coordinator, django_capture_on_commit_callbacks
):
    from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY

    Authenticator.objects.filter(user=coordinator).delete()
    client.post("/connexion/", {"login": "coordinator-a", "password": DEFAULT_PASSWORD})
    client.post("/compte/reauthenticate/", {"password": DEFAULT_PASSWORD})
    client.get("/compte/2fa/totp/activate/")
    secret = client.session[SECRET_SESSION_KEY]
    with django_capture_on_commit_callbacks(execute=True):  # allauth tells after commit
        response = client.post("/compte/2fa/totp/activate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    notices = _notices(subject__startswith="La double authentification a été activée")
    assert [n.to for n in notices] == [["coordinator-a@example.fr"]]
    assert "Une application d’authentification a été ajoutée" in notices[0].body


def test_a_change_of_address_by_the_holder_is_told_to_the_old_and_new_addresses(
    client, user, django_capture_on_commit_callbacks
):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.post("/connexion/", {"login": "someone", "password": DEFAULT_PASSWORD})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/compte/email/", {"action_add": "", "email": "neuve@example.fr"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == "someone@example.fr"  # until confirmed
    link = re.search(r"https?://\S+/compte/confirm-email/\S+", django_mail.outbox[-1].body)
    path = "/" + link.group(0).split("://", 1)[1].split("/", 1)[1]
    assert _notices() == []
    response = client.post(path)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == "neuve@example.fr"
    notices = _notices(subject="L’adresse électronique de votre compte Callisto a été modifiée")
    assert sorted(n.to[0] for n in notices) == ["neuve@example.fr", "someone@example.fr"]
    assert "Ancienne adresse\u00a0: someone@example.fr" in notices[0].body
