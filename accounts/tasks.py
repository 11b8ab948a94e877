import smtplib

from celery import shared_task
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from .models import OutgoingEmail, User

MAX_ATTEMPTS = 5


@shared_task(
    acks_late=True,
    soft_time_limit=60,
    time_limit=90,
    autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError),
    retry_backoff=30,
    max_retries=MAX_ATTEMPTS - 1,
)
def send_outgoing_email(email_id: int) -> None:
    """Send one queued ``OutgoingEmail``; a second run finds it sent and does
    nothing. Transient SMTP errors are retried."""
    error = None
    with transaction.atomic():
        email = (
            OutgoingEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id, status=OutgoingEmail.Status.QUEUED)
            .first()
        )
        if email is None:
            return
        email.attempts += 1
        message = EmailMultiAlternatives(
            email.subject, email.body, email.from_email or None, email.to
        )
        if email.html:
            message.attach_alternative(email.html, "text/html")
        try:
            message.send()
        except Exception as exc:
            error = exc
            email.last_error = repr(exc)[:2000]
            if email.attempts >= MAX_ATTEMPTS:
                email.status = OutgoingEmail.Status.FAILED
        else:
            email.status = OutgoingEmail.Status.SENT
            email.sent_at = timezone.now()
        email.save(update_fields=["attempts", "status", "sent_at", "last_error"])
    if error is not None and email.status == OutgoingEmail.Status.QUEUED:
        raise error


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90)
def send_activation_email(user_id: int) -> None:
    """Queue the activation email of an active user who has an email (kept
    for callers that only have an id)."""
    from .services import user_send_activation

    user = User.objects.filter(pk=user_id, is_active=True).exclude(email=None).first()
    if user is not None:
        user_send_activation(actor=None, user=user)
