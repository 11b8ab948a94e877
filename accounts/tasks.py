from celery import shared_task

from .models import User


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90)
def send_activation_email(user_id: int) -> None:
    """Queue the activation email of an active user who has an email (kept
    for callers that only have an id)."""
    from .services import user_send_activation

    user = User.objects.filter(pk=user_id, is_active=True).exclude(email=None).first()
    if user is not None:
        user_send_activation(actor=None, user=user)


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90)
def send_password_reset(email: str) -> None:
    """ "Forgot your password?" off the request path: the link to every
    active account of ``email`` (nothing when there is none)."""
    from .services import password_reset_send

    password_reset_send(email=email)
