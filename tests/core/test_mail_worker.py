"""The one email task through real components: a Celery worker (prefork, on
Redis) sends a stored email to an SMTP server (aiosmtpd); when the worker's
process is killed in the middle of the SMTP conversation, the message goes
back to the queue and the email arrives exactly once."""

import asyncio
import email
import email.policy
import os
import signal
import socket
import subprocess
import time
import uuid

import pytest

from config.celery import app
from core import mail
from core.models import OutgoingEmail
from tests.celery_workers import start_worker, worker_environment


class Inbox:
    """aiosmtpd handler keeping what it accepts. With ``hold_first``, the
    first message is held without an answer (the client waits for the
    server's "250") until ``release`` is set, then refused."""

    def __init__(self, hold_first=False):
        self.messages = []
        self.hold_first = hold_first
        self.held = 0
        self.release = False

    async def handle_DATA(self, server, session, envelope):
        if self.hold_first and self.held == 0:
            self.held += 1
            while not self.release:
                await asyncio.sleep(0.05)
            return "451 Requested action aborted"
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 Message accepted for delivery"


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _smtp(inbox):
    from aiosmtpd.controller import Controller

    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    return controller


def _children(pid):
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True)
    return [int(line) for line in out.stdout.split()]


def _start_worker(queue, smtp_port):
    env = worker_environment(EMAIL_URL=f"smtp://127.0.0.1:{smtp_port}")
    worker, log_path = start_worker(queue, env, pool="prefork")
    # A loaded machine may take a minute to start it: wait until it listens.
    assert _wait(lambda: " ready." in log_path.read_text(), 180), "the worker did not start"
    return worker


def _stop(worker):
    worker.terminate()
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()


@pytest.fixture
def emails_to(request):
    """Route the email task to this test's own queue (the worker started by
    the test consumes only that one), published for real (not eager)."""
    queue = f"callisto-mail-{uuid.uuid4().hex[:8]}"
    saved = (app.conf.task_always_eager, app.conf.task_routes)
    app.conf.task_always_eager = False
    app.conf.task_routes = {"core.tasks.send_email": {"queue": queue}}
    app.amqp.flush_routes()
    app.amqp.__dict__.pop("router", None)
    yield queue
    app.conf.task_always_eager, app.conf.task_routes = saved
    app.amqp.flush_routes()
    app.amqp.__dict__.pop("router", None)


def _wait(condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_a_stored_email_to_the_smtp_server(emails_to):
    inbox = Inbox()
    smtp = _smtp(inbox)
    worker = _start_worker(emails_to, smtp.port)
    try:
        row = mail.send_rendered(  # autocommit: published at once
            to=["lea@example.fr"],
            subject="Votre copie est arrivée",
            body="Bonjour Léa,\nvotre copie est bien arrivée.",
            html="<p>Bonjour Léa,</p>",
            headers={"Auto-Submitted": "auto-generated"},
        )
        assert _wait(lambda: inbox.messages, 60), "no email reached the SMTP server"
        assert _wait(lambda: OutgoingEmail.objects.get(pk=row.pk).status == "sent", 30), (
            OutgoingEmail.objects.get(pk=row.pk).last_error
        )
        (received,) = inbox.messages
        assert received["To"] == "lea@example.fr"
        assert str(received["Subject"]) == "Votre copie est arrivée"
        assert received["Message-ID"] == f"<callisto.email.{row.pk}@callisto.example.fr>"
        assert received["Auto-Submitted"] == "auto-generated"
        assert "votre copie est bien arrivée" in received.get_body(("plain",)).get_content()
        assert received.get_body(("html",)) is not None
        row.refresh_from_db()
        assert row.attempts == 1 and row.sent_at is not None
        # A redelivery of the same message finds the row sent: nothing more.
        app.send_task("core.tasks.send_email", args=[row.pk]).get(timeout=30)
        time.sleep(1)
        assert len(inbox.messages) == 1
    finally:
        _stop(worker)
        smtp.stop()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_while_sending_delivers_the_email_exactly_once(emails_to):
    """The worker's process dies while the SMTP server has not yet accepted
    the message: the row's transaction is rolled back (still queued), the
    message goes back to the queue (acks_late, reject_on_worker_lost), the
    new process sends it, and the inbox holds it once."""
    inbox = Inbox(hold_first=True)
    smtp = _smtp(inbox)
    worker = _start_worker(emails_to, smtp.port)
    try:
        row = mail.send_rendered(to=["lea@example.fr"], subject="Une seule fois", body="Texte")
        assert _wait(lambda: inbox.held == 1, 60), "the worker never reached the SMTP server"
        # Meanwhile the row is locked by the sending run: still queued for
        # anyone reading it.
        assert OutgoingEmail.objects.get(pk=row.pk).status == "queued"
        children = _children(worker.pid)
        assert children, "no pool process to kill"
        for child in children:
            os.kill(child, signal.SIGKILL)  # the process sending the email dies
        inbox.release = True
        assert _wait(lambda: OutgoingEmail.objects.get(pk=row.pk).status == "sent", 90), (
            "the email was lost with its worker"
        )
        time.sleep(2)
        assert [str(m["Subject"]) for m in inbox.messages] == ["Une seule fois"]
        row.refresh_from_db()
        # The killed attempt was rolled back with its transaction.
        assert row.attempts == 1
    finally:
        _stop(worker)
        smtp.stop()


class FlakyInbox:
    """An SMTP server that holds every message without an answer while
    ``holding`` (the test kills the worker meanwhile: each held message is
    one kill in the middle of the SMTP conversation), then refuses every
    third message it is given with a transient "451"."""

    def __init__(self):
        self.messages = []
        self.holding = True
        self.held = 0
        self.released = 0
        self.given = 0

    async def handle_DATA(self, server, session, envelope):
        if self.holding:
            self.held += 1
            mine = self.held
            while self.released < mine:
                await asyncio.sleep(0.05)
            return "451 Requested action aborted"
        self.given += 1
        if self.given % 3 == 0:
            return "451 Try again later"
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 Message accepted for delivery"


KILLS = 20
EMAILS = 8


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_twenty_kills_and_a_flaky_server_deliver_each_email_exactly_once(emails_to):
    """Issue 21: a real worker killed 20 times in the middle of sending, and
    an SMTP server that fails every third message: each email arrives once,
    every row ends "sent"."""
    inbox = FlakyInbox()
    smtp = _smtp(inbox)
    env = worker_environment(EMAIL_URL=f"smtp://127.0.0.1:{smtp.port}", EMAIL_RETRY_SECONDS="1")
    worker, log_path = start_worker(emails_to, env, pool="prefork")
    assert _wait(lambda: " ready." in log_path.read_text(), 180), "the worker did not start"
    try:
        rows = [
            mail.send_rendered(to=[f"candidat{n}@example.fr"], subject=f"Reçu n° {n}", body="Texte")
            for n in range(EMAILS)
        ]
        for kill in range(KILLS):
            assert _wait(lambda k=kill: inbox.held > k, 120), f"no send to kill (kill {kill + 1})"
            children = _children(worker.pid)
            assert children, "no pool process to kill"
            for child in children:
                os.kill(child, signal.SIGKILL)  # the process sending an email dies
            inbox.released = inbox.held
        inbox.holding = False
        inbox.released = 10**6

        def all_sent():
            statuses = OutgoingEmail.objects.filter(pk__in=[r.pk for r in rows]).values_list(
                "status", flat=True
            )
            return set(statuses) == {"sent"}

        assert _wait(all_sent, 300), list(
            OutgoingEmail.objects.values_list("subject", "status", "attempts", "last_error")
        )
        time.sleep(3)  # nothing more arrives
        subjects = sorted(str(m["Subject"]) for m in inbox.messages)
        assert subjects == sorted(f"Reçu n° {n}" for n in range(EMAILS))
        assert inbox.given > EMAILS  # the server did refuse some (every third)
    finally:
        _stop(worker)
        smtp.stop()
