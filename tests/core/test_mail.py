"""The one mail pipeline (core.mail): every email a stored row, sent after
commit by one task on the ``emails`` queue, retried with backoff, ending sent
or failed with the error, and never twice."""

import smtplib

import pytest
from celery.exceptions import Retry
from django.core import mail as django_mail
from django.core.mail import EmailMultiAlternatives

from core import mail
from core.models import OutboxMessage, OutgoingEmail
from core.tasks import send_email

pytestmark = pytest.mark.django_db


def _send(**kwargs):
    return mail.send_rendered(to=["lea@example.fr"], subject="Objet", body="Bonjour", **kwargs)


def test_an_email_is_a_row_sent_after_commit_and_only_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = _send(html="<p>Bonjour</p>", headers={"Auto-Submitted": "auto-generated"})
    assert len(django_mail.outbox) == 1
    sent = django_mail.outbox[0]
    assert sent.alternatives[0][0] == "<p>Bonjour</p>"
    assert sent.extra_headers["Auto-Submitted"] == "auto-generated"
    assert sent.extra_headers["Message-ID"] == f"<callisto.email.{email.pk}@callisto.example.fr>"
    assert send_email.run(email.pk) == "sent"  # a second run (redelivery) sends nothing
    assert len(django_mail.outbox) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == ("sent", 1, "")
    assert email.sent_at is not None


def test_a_template_is_rendered_in_french_with_its_html_when_there_is_one(
    django_capture_on_commit_callbacks, user
):
    with django_capture_on_commit_callbacks(execute=True):
        email = mail.send(
            "core/emails/export_ready",
            [user.email],
            {"user": user, "url": "https://callisto.example.fr/mes-donnees/", "days": 7},
        )
    assert email.template == "core/emails/export_ready"
    assert email.html == ""  # no .html template for this one
    (sent,) = django_mail.outbox
    assert sent.subject == email.subject
    assert "https://callisto.example.fr/mes-donnees/" in sent.body


def test_nothing_is_sent_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _send()
    assert django_mail.outbox == []
    assert len(callbacks) == 1


def test_the_send_is_queued_by_name_in_the_task_outbox(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        email = _send()
    message = OutboxMessage.objects.get()
    assert (message.task_name, message.args) == ("core.tasks.send_email", [email.pk])


def test_a_dedup_key_queues_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = _send(dedup_key="k")
        second = _send(dedup_key="k")
    assert first.pk == second.pk
    assert OutgoingEmail.objects.count() == 1
    assert len(django_mail.outbox) == 1


def test_no_address_no_row():
    assert mail.send_rendered(to=[], subject="Objet", body="Texte") is None
    assert mail.send_rendered(to=[None, ""], subject="Objet", body="Texte") is None
    assert not OutgoingEmail.objects.exists()


def test_transient_errors_are_retried_with_backoff_then_marked_failed(
    monkeypatch, django_capture_on_commit_callbacks
):
    def broken(self, fail_silently=False):
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr(EmailMultiAlternatives, "send", broken)
    with django_capture_on_commit_callbacks(execute=False):
        email = _send()
    delays = []
    real_retry = send_email.retry

    def retry(*args, countdown=None, **kwargs):
        delays.append(countdown)
        return real_retry(*args, countdown=countdown, **kwargs)

    monkeypatch.setattr(send_email, "retry", retry)
    # The first four attempts fail and ask Celery for a later retry...
    for _attempt in range(4):
        with pytest.raises((Retry, smtplib.SMTPServerDisconnected)):
            send_email.run(email.pk)
        email.refresh_from_db()
        assert email.status == "queued"
    assert delays == [30, 60, 120, 240]
    # ...the fifth gives up and records it; later runs do nothing.
    assert send_email.run(email.pk) == "failed"
    assert send_email.run(email.pk) == "failed"
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED
    assert email.attempts == mail.MAX_ATTEMPTS == 5
    assert "down" in email.last_error


def test_a_refused_address_fails_at_once(monkeypatch, django_capture_on_commit_callbacks):
    def refused(self, fail_silently=False):
        raise smtplib.SMTPRecipientsRefused({"lea@example.fr": (550, b"No such user")})

    monkeypatch.setattr(EmailMultiAlternatives, "send", refused)
    with django_capture_on_commit_callbacks(execute=False):
        email = _send()
    assert send_email.run(email.pk) == "failed"
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("failed", 1)
    assert "No such user" in email.last_error


def test_eager_retries_end_in_a_final_state(monkeypatch, django_capture_on_commit_callbacks):
    """The embedded demo runs tasks eagerly: the retries run at once and the
    row still ends failed, the page that queued it unaffected."""

    def broken(self, fail_silently=False):
        raise ConnectionRefusedError("no SMTP server")

    monkeypatch.setattr(EmailMultiAlternatives, "send", broken)
    with django_capture_on_commit_callbacks(execute=True):
        email = _send()
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("failed", 5)


def test_the_send_task_is_routed_to_the_emails_queue_by_its_exact_name():
    """Routes name tasks exactly (no pattern): the one email task on
    ``emails``, and a task whose name merely contains "email" on default."""
    from config.celery import app

    assert send_email.acks_late is True
    assert send_email.reject_on_worker_lost is True
    routes = app.conf.task_routes
    assert routes["core.tasks.send_email"] == {"queue": "emails"}
    app.loader.import_default_modules()
    assert set(routes) <= set(app.tasks), "every route names a registered task"
    assert all("*" not in name for name in routes)
    route = app.amqp.router.route({}, "core.tasks.send_email", args=(), kwargs={})
    assert route["queue"].name == "emails"
    route = app.amqp.router.route({}, "tutoring.tasks.send_reminder_email", args=(), kwargs={})
    assert route["queue"].name == "default"


def test_the_email_admin_is_read_only_and_for_administrators(client, admin_user, coordinator):
    from django.urls import reverse

    email = _send()
    email.status = "failed"
    email.last_error = "SMTPRecipientsRefused(550)"
    email.save()
    changelist = reverse("admin:core_outgoingemail_changelist")
    client.force_login(coordinator)
    assert client.get(changelist).status_code == 403
    client.force_login(admin_user)
    page = client.get(changelist)
    assert page.status_code == 200
    assert "Objet" in page.content.decode()
    detail = client.get(reverse("admin:core_outgoingemail_change", args=[email.pk]))
    assert "SMTPRecipientsRefused(550)" in detail.content.decode()
    assert client.get(reverse("admin:core_outgoingemail_add")).status_code == 403
    response = client.post(
        reverse("admin:core_outgoingemail_change", args=[email.pk]), {"subject": "changé"}
    )
    assert response.status_code == 403
    assert (
        client.post(reverse("admin:core_outgoingemail_delete", args=[email.pk])).status_code == 403
    )
    email.refresh_from_db()
    assert email.subject == "Objet"


def test_one_email_path_and_no_services_tasks_cycle():
    """What the code says, read as a newcomer would: only core.tasks builds
    and sends email messages; every other module writes core.mail rows; no
    services module imports its app's tasks (they enqueue by name)."""
    import re
    from pathlib import Path

    from django.conf import settings

    root = Path(settings.BASE_DIR)
    apps = ["accounts", "assignments", "calendar_app", "content", "core", "courses"]
    apps += ["forums", "tutoring"]
    senders = re.compile(
        r"\b(send_mail\(|send_mass_mail|mail_admins|mail_managers|EmailMessage\("
        r"|EmailMultiAlternatives\(|get_connection\(|send_messages\()"
    )
    found = []
    for app in apps:
        for path in (root / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            text = path.read_text()
            relative = path.relative_to(root).as_posix()
            if relative != "core/tasks.py" and senders.search(text.replace("def send_mail(", "")):
                found.append(relative)
            if path.name == "services.py" and re.search(
                r"from \.tasks import|from \. import tasks", text
            ):
                found.append(f"{relative} imports tasks")
    assert found == []


@pytest.mark.parametrize(
    ("sender", "template"),
    [
        ("core", "core/emails/export_ready"),
        ("courses.withdrawal", "courses/emails/withdrawal"),
    ],
)
def test_former_senders_write_a_row(sender, template, django_capture_on_commit_callbacks, request):
    """A few of the former direct senders, through their real entry point:
    each leaves an OutgoingEmail row with its template, sent after commit."""
    if sender == "core":
        from core.models import DataExport
        from core.services import notify_export_ready

        user = request.getfixturevalue("user")
        with django_capture_on_commit_callbacks(execute=True):
            assert notify_export_ready(DataExport.objects.create(user=user))
    else:
        from courses.services import withdraw_registration

        candidate = request.getfixturevalue("candidate")
        request.getfixturevalue("coordinator")
        registration = candidate.registrations.get()
        with django_capture_on_commit_callbacks(execute=True):
            withdraw_registration(actor=candidate, registration=registration, reason="Départ")
    row = OutgoingEmail.objects.filter(template=template).first()
    assert row is not None and row.status == "sent"
    assert [m.subject for m in django_mail.outbox].count(row.subject) >= 1
