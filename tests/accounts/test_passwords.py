import datetime as dt
import re

import pytest
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import mail
from django.core.exceptions import ValidationError

from accounts.services import activation_path, user_send_activation
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

RESET = "/compte/password/reset/"


@pytest.mark.parametrize("password", ["court-11car", "qwertyuiop123", "1234567890123"])
def test_short_or_common_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


@pytest.mark.parametrize(
    "password", ["une phrase de passe", "8462 9371 5048 2613", "sanschiffresnisymboles"]
)
def test_long_uncommon_passwords_are_accepted_without_composition_rules(password):
    validate_password(password)


def _link(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0).split("testserver", 1)[-1]


def _assert_no_password(message, *passwords):
    for password in passwords:
        assert password not in message.body
        for content, _mime in getattr(message, "alternatives", []):
            assert password not in content


def test_reset_sends_a_french_link_that_works_once(
    client, user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(RESET, {"email": "someone@example.fr"})
    assert response.status_code == 302
    # After commit: the reset task (off the request path), then the email it
    # queues through core.mail; both through the task outbox.
    assert len(callbacks) == 2
    (message,) = mail.outbox
    assert message.to == ["someone@example.fr"]
    assert "mot de passe" in message.body.lower()
    _assert_no_password(message, DEFAULT_PASSWORD)
    link = _link(message)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    assert "Choisir un nouveau mot de passe" in response.content.decode()
    new = "une autre phrase de passe"
    response = client.post(form_url, {"password1": new, "password2": new})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)
    # The same link again: a French page explaining how to get a new one.
    html = client.get(link, follow=True).content.decode()
    assert "Ce lien ne fonctionne plus" in html
    assert "Mot de passe oublié\u202f?" in html


def test_reset_page_is_the_same_for_known_and_unknown_addresses(client, user):
    known = client.post(RESET, {"email": "someone@example.fr"})
    unknown = client.post(RESET, {"email": "nobody@example.fr"})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    assert client.get(known.url).status_code == 200


@pytest.mark.parametrize("email", ["", "pas-une-adresse", "deux@@example.fr"])
def test_reset_with_bad_input_shows_the_form_again(client, email):
    response = client.post(RESET, {"email": email})
    assert response.status_code == 200
    assert "INVALID" not in response.content.decode()
    assert mail.outbox == []


def test_reset_link_expires_after_30_minutes(
    client, user, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(RESET, {"email": "someone@example.fr"})
    link = _link(mail.outbox[0])
    later = dt.datetime.now() + dt.timedelta(minutes=31)
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", lambda self: later)
    html = client.get(link, follow=True).content.decode()
    assert "Ce lien ne fonctionne plus" in html


def test_activation_link_lasts_7_days_then_explains_how_to_get_a_new_one(client, monkeypatch):
    user = UserFactory(username="lea")
    user.set_unusable_password()
    user.save()
    path = activation_path(user)
    in_six_days = dt.datetime.now() + dt.timedelta(days=6, hours=23)
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", lambda self: in_six_days)
    assert client.get(path, follow=True).context["validlink"] is True
    in_eight_days = dt.datetime.now() + dt.timedelta(days=8)
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", lambda self: in_eight_days)
    response = client.get(path, follow=True)
    assert response.context["validlink"] is False
    html = response.content.decode()
    assert "Ce lien ne fonctionne plus" in html
    assert "responsable pédagogique" in html


def test_activation_link_is_not_a_reset_link(client):
    user = UserFactory(username="lea")
    uidb36_path = activation_path(user).rstrip("/").split("/")
    token = uidb36_path[-1]
    from django.utils.http import int_to_base36

    html = client.get(
        f"/compte/password/reset/key/{int_to_base36(user.pk)}-{token}/", follow=True
    ).content.decode()
    assert "Ce lien ne fonctionne plus" in html


def test_activation_marks_the_email_verified_and_refuses_a_weak_password(client):
    from allauth.account.models import EmailAddress

    user = UserFactory(username="lea", email="lea@example.fr")
    user.set_unusable_password()
    user.save()
    response = client.get(activation_path(user), follow=True)
    url = response.redirect_chain[-1][0]
    response = client.post(url, {"new_password1": "court", "new_password2": "court"})
    assert response.status_code == 200
    assert "au minimum 12 caractères" in response.content.decode()
    user.refresh_from_db()
    assert not user.has_usable_password()
    password = "une phrase de passe solide"
    client.post(url, {"new_password1": password, "new_password2": password})
    assert EmailAddress.objects.get(user=user).verified


def test_activation_email_goes_out_on_commit_with_no_password(django_capture_on_commit_callbacks):
    user = UserFactory(username="lea", first_name="Léa", last_name="Roux", password=None)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        user_send_activation(actor=None, user=user)
    assert mail.outbox == []  # nothing before commit
    for callback in callbacks:
        callback()
    (message,) = mail.outbox
    assert "valable 7 jours" in message.body
    _assert_no_password(message, DEFAULT_PASSWORD)


def test_activation_is_refused_for_an_inactive_account():
    user = UserFactory(username="lea", is_active=False)
    with pytest.raises(ValidationError):
        user_send_activation(actor=None, user=user)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_activation_email_is_sent_by_the_real_worker(celery_worker_process):
    """Through Redis and a real ``celery worker`` process (its console email
    backend writes the message to the worker's log)."""
    from core.models import OutgoingEmail
    from core.tasks import send_email

    user = UserFactory(username="lea-worker", email="lea-worker@example.fr", password=None)
    user_send_activation(actor=None, user=user)  # queued on commit (autocommit here)
    email = OutgoingEmail.objects.get(to=["lea-worker@example.fr"])
    # The same task again, waited for: the solo worker runs them in order, and
    # the second finds the row sent and sends nothing.
    send_email.delay(email.pk).get(timeout=30)
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT, email.last_error
    assert email.attempts == 1
    log = celery_worker_process["log"].read_text()
    assert "To: lea-worker@example.fr" in log
    assert "/mot-de-passe/choisir/" in log
    assert DEFAULT_PASSWORD not in log
    assert log.count("To: lea-worker@example.fr") == 1
