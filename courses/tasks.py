"""Background work of ``courses``: thin tasks that take ids."""

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from core.text import one_line

from .models import Registration

# How long a sent notification is remembered, so that a task run twice (late
# acknowledgement after a worker crash) does not email twice.
DEDUP_SECONDS = 14 * 24 * 3600


def withdrawal_recipients(registration: Registration) -> list[tuple[str, bool]]:
    """[(address, is_tutor)]: the centre's coordinators and contact address,
    then the tutor; each address once."""
    centre = registration.preparation.centre
    addresses = [
        user.email
        for user in centre.coordinators.filter(is_active=True).exclude(email=None).order_by("pk")
    ]
    if centre.contact_email:
        addresses.append(centre.contact_email)
    recipients = [(address, False) for address in dict.fromkeys(a.lower() for a in addresses)]
    tutor = registration.tutor
    if (
        tutor is not None
        and tutor.is_active
        and tutor.email
        and tutor.email.lower() not in dict(recipients)
    ):
        recipients.append((tutor.email.lower(), True))
    return recipients


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90)
def send_withdrawal_notification(registration_id: int) -> int:
    """Email the coordinators (and contact address) of the centre and the
    tutor that a candidate withdrew. Does nothing for a registration that is
    not withdrawn, or already notified for this withdrawal. Returns the
    number of emails sent."""
    registration = (
        Registration.objects.filter(pk=registration_id, status=Registration.Status.WITHDRAWN)
        .select_related("candidate", "tutor", "preparation__centre")
        .first()
    )
    if registration is None or registration.withdrawn_at is None:
        return 0
    key = f"courses:withdrawal-mail:{registration.pk}:{registration.withdrawn_at.timestamp()}"
    if not cache.add(key, "sent", DEDUP_SECONDS):
        return 0
    admin_path = reverse("admin:courses_registration_change", args=[registration.pk])
    messages = []
    with translation.override("fr"):
        for address, is_tutor in withdrawal_recipients(registration):
            context = {
                "registration": registration,
                "candidate": registration.candidate,
                "preparation": registration.preparation,
                "is_tutor": is_tutor,
                "admin_url": settings.SITE_URL + admin_path,
            }
            subject = render_to_string("courses/emails/withdrawal_subject.txt", context)
            body = render_to_string("courses/emails/withdrawal.txt", context)
            messages.append(EmailMessage(one_line(subject), body, None, [address]))
    try:
        return get_connection().send_messages(messages) or 0
    except Exception:
        cache.delete(key)  # let a retry send them
        raise
