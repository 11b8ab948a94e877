"""Writes about accounts. Services are keyword-only, atomic, and queue their
emails with ``transaction.on_commit``."""

from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .models import User


def activation_path(user: User) -> str:
    """Path of the one-time "choose your password" page for ``user``."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})


@transaction.atomic
def user_send_activation(*, actor: User | None, user: User) -> None:
    """Queue the activation email of ``user`` (a one-time link to choose a
    password; never a password). Access: the caller checked that ``actor``
    may manage ``user``."""
    from .tasks import send_activation_email

    transaction.on_commit(lambda: send_activation_email.delay(user.pk))
