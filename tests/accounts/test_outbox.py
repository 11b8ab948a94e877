import smtplib

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives

from accounts.models import OutgoingEmail
from accounts.services import email_queue
from accounts.tasks import send_outgoing_email

pytestmark = pytest.mark.django_db


def _queue(**kwargs):
    return email_queue(to=["lea@example.fr"], subject="Objet", body="Bonjour", **kwargs)


def test_an_email_is_a_row_sent_after_commit_and_only_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = _queue(html="<p>Bonjour</p>")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].alternatives[0][0] == "<p>Bonjour</p>"
    send_outgoing_email(email.pk)  # a second run (redelivery) sends nothing
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.status == "sent"
    assert email.attempts == 1


def test_nothing_is_sent_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _queue()
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_a_dedup_key_queues_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = _queue(dedup_key="k")
        second = _queue(dedup_key="k")
    assert first.pk == second.pk
    assert len(mail.outbox) == 1


def test_smtp_errors_are_retried_then_marked_failed(
    monkeypatch, django_capture_on_commit_callbacks
):
    def broken(self, fail_silently=False):
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr(EmailMultiAlternatives, "send", broken)
    with django_capture_on_commit_callbacks(execute=False):
        email = _queue()
    # The first four attempts fail and raise (Celery schedules a retry)...
    for _attempt in range(4):
        with pytest.raises(Exception, match="down"):
            send_outgoing_email.run(email.pk)
    # ...the fifth gives up and records it; later runs do nothing.
    send_outgoing_email.run(email.pk)
    send_outgoing_email.run(email.pk)
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED
    assert email.attempts == 5
    assert "down" in email.last_error
