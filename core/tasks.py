from celery import shared_task
from django.core.cache import cache
from django.utils import timezone


@shared_task(name="core.tasks.ping", acks_late=True, soft_time_limit=20, time_limit=30)
def ping(token: str = "beat") -> str:  # noqa: S107 - not a secret
    """Health ping: records in the cache when a worker last answered, so the
    round trip web → broker → worker → cache can be observed. Safe to run
    twice (it only overwrites the same key)."""
    cache.set(f"health:ping:{token}", timezone.now().isoformat(), timeout=3600)
    return "pong"


@shared_task(
    bind=True,
    name="core.tasks.heartbeat",
    ignore_result=True,
    acks_late=False,
    soft_time_limit=20,
    time_limit=30,
)
def heartbeat(self, queue: str) -> None:
    """Worker heartbeat: beat sends one to each queue every
    ``HEALTH_HEARTBEAT_SECONDS``; the worker that runs it records the time for
    ``/sante/`` (core/health.py). Safe to run twice (it overwrites one key)."""
    from .health import record_heartbeat

    delivered = (self.request.delivery_info or {}).get("routing_key") or queue
    record_heartbeat(f"queue:{delivered}")


@shared_task(name="core.tasks.flush_outbox", acks_late=True, soft_time_limit=50, time_limit=60)
def flush_outbox() -> int:
    """Publish the outbox messages the broker missed (beat, every minute)."""
    from .outbox import flush

    return flush()


@shared_task(name="core.tasks.selftest_mark", acks_late=True, soft_time_limit=60, time_limit=90)
def selftest_mark(key: str, seconds: float = 0.0) -> bool:
    """Operations self-test: counts each run, sleeps, then records its effect
    once whatever the number of runs (used to prove that a task interrupted
    by a lost worker is run again and takes effect exactly once)."""
    import time

    runs = f"selftest:runs:{key}"
    cache.add(runs, 0, timeout=3600)
    cache.incr(runs)
    time.sleep(seconds)
    if cache.add(f"selftest:done:{key}", timezone.now().isoformat(), timeout=3600):
        cache.add(f"selftest:effects:{key}", 0, timeout=3600)
        cache.incr(f"selftest:effects:{key}")
        return True
    return False


@shared_task(name="core.tasks.build_data_export", acks_late=True, time_limit=600)
def build_data_export(export_id: int) -> None:
    """Build a user's RGPD export ZIP, then email them (idempotent)."""
    from .privacy import build_export
    from .services import notify_export_ready

    export = build_export(export_id)
    notify_export_ready(export)


@shared_task(name="core.tasks.apply_retention", acks_late=True, time_limit=1800)
def apply_retention() -> dict:
    """Daily: delete personal data past its retention period."""
    from .privacy import apply_retention as run

    return run()


def _message_id(email_id: int) -> str:
    """One Message-ID per row: were an email ever handed to the SMTP server
    twice (a worker killed between the server's "250" and the commit), the
    receiving servers see the same message."""
    from email.utils import parseaddr
    from urllib.parse import urlsplit

    from django.conf import settings

    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2]
    domain = domain or urlsplit(settings.SITE_URL).hostname or "callisto.invalid"
    return f"<callisto.email.{email_id}@{domain}>"


def _same_queue(task) -> dict:
    """Retry options keeping the message on the queue it was consumed from."""
    routing_key = (task.request.delivery_info or {}).get("routing_key")
    return {"queue": routing_key} if routing_key else {}


def _is_transient(exc: Exception) -> bool:
    """A network problem or a 4xx answer: worth trying again later. A 5xx
    answer (address refused, message refused) is final."""
    import smtplib

    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        return bool(codes) and all(400 <= code < 500 for code in codes)
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    return isinstance(exc, smtplib.SMTPException | OSError)


@shared_task(
    bind=True,
    name="core.tasks.send_email",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=60,
    time_limit=90,
    max_retries=None,
)
def send_email(self, email_id: int) -> str:
    """Send one ``OutgoingEmail`` (core.mail), exactly once.

    The row is locked (``select_for_update(skip_locked)``) while it is sent
    and marked sent in the same transaction: a worker killed mid-way rolls
    the transaction back, the message goes back to the queue (``acks_late``,
    ``reject_on_worker_lost``) and the next run sends it; a run that finds it
    sent does nothing; a run that finds it locked by another comes back
    later. Transient errors are retried with exponential backoff (30 s,
    1 min, 2 min, 4 min); after ``MAX_ATTEMPTS`` tries, or on a final refusal,
    the row is "failed" with the error. Returns the row's status."""
    from django.conf import settings
    from django.core.mail import EmailMultiAlternatives
    from django.db import transaction

    from .mail import MAX_ATTEMPTS
    from .models import OutgoingEmail

    retry_in = None
    with transaction.atomic():
        email = (
            OutgoingEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id, status=OutgoingEmail.Status.QUEUED)
            .first()
        )
        if email is None:
            current = OutgoingEmail.objects.filter(pk=email_id).values_list("status", flat=True)
            status = current.first()
            if status == OutgoingEmail.Status.QUEUED:
                # Locked: another run is sending it (or a killed one whose
                # transaction the database has not yet rolled back). Come back
                # to see how it went, on the queue this message came from.
                raise self.retry(countdown=15, **_same_queue(self))
            return status or "missing"
        email.attempts += 1
        message = EmailMultiAlternatives(
            email.subject,
            email.body,
            email.from_email or None,
            email.to,
            headers={"Message-ID": _message_id(email.pk), **(email.headers or {})},
        )
        if email.html:
            message.attach_alternative(email.html, "text/html")
        try:
            message.send()
        except Exception as exc:
            email.last_error = f"{timezone.now():%Y-%m-%d %H:%M:%S} {exc!r}"[:2000]
            if _is_transient(exc) and email.attempts < MAX_ATTEMPTS:
                retry_in = min(settings.EMAIL_RETRY_SECONDS * 2 ** (email.attempts - 1), 3600)
            else:
                email.status = OutgoingEmail.Status.FAILED
        else:
            email.status = OutgoingEmail.Status.SENT
            email.sent_at = timezone.now()
            email.last_error = ""
        email.save(update_fields=["attempts", "status", "sent_at", "last_error"])
    if retry_in is not None:
        if self.request.is_eager:  # embedded demo: no worker to come back later
            return self.apply(args=[email_id]).get()
        raise self.retry(countdown=retry_in, **_same_queue(self))
    return email.status
