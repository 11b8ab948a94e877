"""Through the real components: an SMTP server (aiosmtpd) receiving the
forum emails, and a real Celery worker running the delivery tasks."""

import email
import email.policy
import socket

import pytest
from django.test import Client

from forums import tasks
from forums.models import Delivery, Post
from tests.forums.factories import subscribe
from tests.mail_helpers import outbox


class Inbox:
    """aiosmtpd handler keeping what it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(settings):
    from aiosmtpd.controller import Controller

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.mark.django_db
def test_forum_email_through_a_real_smtp_server(
    smtp_server, candidate, other_candidate, general, thread
):
    subscribe(other_candidate, general)
    post = Post.objects.create(
        thread=thread,
        author=candidate,
        body="<p>Rendez-vous à la médiathèque à 18 h.</p>",
        body_text="Rendez-vous à la médiathèque à 18 h.",
    )
    tasks.fan_out_post.delay(post.pk)
    outbox()  # the commit: the email row is sent by core.tasks.send_email
    assert len(smtp_server.messages) == 1
    received = smtp_server.messages[0]
    assert received["To"] == other_candidate.email
    assert str(received["Subject"]).strip() == f"[{general.title}] {thread.title}"
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = received["List-Unsubscribe"].strip("<>")
    assert "/forums/desabonnement/" in unsubscribe
    text = received.get_body(("plain",)).get_content()
    assert "Rendez-vous à la médiathèque à 18 h." in text
    assert received.get_body(("html",)) is not None

    # The one-click POST a mail client sends (RFC 8058), no session, no token.
    path = unsubscribe.split("127.0.0.1:8000", 1)[1]
    response = Client(enforce_csrf_checks=True).post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert other_candidate.forum_subscriptions.get(forum=general).mode == "none"


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_delivery_on_a_real_worker_is_exactly_once(
    celery_worker_process, candidate, other_candidate, trainer, general, thread
):
    subscribe(other_candidate, general)
    subscribe(trainer, general)
    post = Post.objects.create(
        thread=thread, author=candidate, body="<p>Bonjour</p>", body_text="Bonjour"
    )
    assert tasks.fan_out_post.delay(post.pk).get(timeout=60) == 1
    # Run twice: the worker takes tasks in order, the first batch is sent
    # already, nothing is left pending.
    assert tasks.fan_out_post.delay(post.pk).get(timeout=60) == 0
    ids = list(Delivery.objects.filter(post=post).values_list("pk", flat=True))
    # The worker runs one task at a time, in order: the batches queued by the
    # fan-outs have run when this one does, and it finds nothing left to send.
    assert tasks.send_deliveries.delay(ids).get(timeout=60) == 0
    assert sorted(Delivery.objects.filter(post=post).values_list("status", "attempts")) == [
        ("sent", 1),
        ("sent", 1),
    ]
