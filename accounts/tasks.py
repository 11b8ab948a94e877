from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, send_mail
from django.template.loader import render_to_string
from django.utils import translation

from .models import User


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90)
def send_activation_email(user_id: int) -> None:
    """Email the activation link to an active user who has an email."""
    from .services import activation_path

    user = User.objects.filter(pk=user_id, is_active=True).exclude(email=None).first()
    if user is None:
        return
    with translation.override("fr"):
        context = {"user": user, "url": settings.SITE_URL + activation_path(user)}
        subject = render_to_string("accounts/emails/activation_subject.txt", context).strip()
        body = render_to_string("accounts/emails/activation.txt", context)
    send_mail(subject, body, None, [user.email])


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90)
def send_rendered_email(
    subject: str, body: str, from_email: str | None, to: list[str], html: str | None = None
) -> None:
    """Send an email allauth rendered in the request (reset links, address
    verification, security notices)."""
    message = EmailMultiAlternatives(subject, body, from_email, to)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
