"""Background work of ``courses``: thin tasks that take ids."""

from celery import shared_task
from django.conf import settings
from django.urls import reverse

from core import mail

from .models import Registration, SupportRequest


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
    not withdrawn; a second run for the same withdrawal queues nothing more
    (one email row per address and withdrawal, by de-duplication key).
    Returns the number of emails queued."""
    registration = (
        Registration.objects.filter(pk=registration_id, status=Registration.Status.WITHDRAWN)
        .select_related("candidate", "tutor", "preparation__centre")
        .first()
    )
    if registration is None or registration.withdrawn_at is None:
        return 0
    withdrawal = f"{registration.pk}:{registration.withdrawn_at.timestamp():.0f}"
    admin_path = reverse("admin:courses_registration_change", args=[registration.pk])
    queued = 0
    for address, is_tutor in withdrawal_recipients(registration):
        context = {
            "registration": registration,
            "candidate": registration.candidate,
            "preparation": registration.preparation,
            "is_tutor": is_tutor,
            "admin_url": settings.SITE_URL + admin_path,
        }
        key = f"courses.withdrawal:{withdrawal}:{address}"[:200]
        if mail.is_queued(key):
            continue  # this run is a second one: sent already
        queued += (
            mail.send("courses/emails/withdrawal", [address], context, dedup_key=key) is not None
        )
    return queued


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90)
def send_support_request_notification(support_request_id: int) -> int:
    """Email a candidate's support request to the centre's coordinators and
    contact address and to the tutor (the withdrawal's recipients). Safe to
    run twice: one email row per address and request (de-duplication key).
    Returns the number of emails queued."""
    support_request = (
        SupportRequest.objects.filter(pk=support_request_id)
        .select_related(
            "registration__candidate", "registration__tutor", "registration__preparation__centre"
        )
        .first()
    )
    if support_request is None:
        return 0
    registration = support_request.registration
    admin_path = reverse("admin:courses_supportrequest_change", args=[support_request.pk])
    queued = 0
    for address, is_tutor in withdrawal_recipients(registration):
        key = f"courses.support:{support_request.pk}:{address}"[:200]
        if mail.is_queued(key):
            continue
        context = {
            "support_request": support_request,
            "candidate": registration.candidate,
            "preparation": registration.preparation,
            "is_tutor": is_tutor,
            "admin_url": settings.SITE_URL + admin_path,
        }
        queued += (
            mail.send("courses/emails/support_request", [address], context, dedup_key=key)
            is not None
        )
    return queued
