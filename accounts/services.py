"""Writes about accounts. Services are keyword-only, atomic, and queue their
emails with ``transaction.on_commit``."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from core import audit, mail

from . import selectors
from .models import Preferences, TermsAcceptance, TermsVersion, User
from .permissions import can_manage_user
from .tokens import activation_token_generator


def activation_path(user: User) -> str:
    """Path of the one-time "choose your password" page for ``user`` (valid
    7 days, unusable once a password is chosen)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = activation_token_generator.make_token(user)
    return reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})


def _record(actor: User | None, user: User, event: str):
    """The account's history, in the site's one audit log (admin, "Audit
    log", filtered on ``accounts.*``)."""
    return audit.record(
        actor=actor, action=f"accounts.{event}", target=user, summary=user.get_username()
    )


def _check_manages(actor: User | None, user: User) -> None:
    if actor is not None and not can_manage_user(actor, user):
        raise PermissionDenied


def render_activation_email(user: User) -> tuple[str, str]:
    """Subject and body (French) of the activation email of ``user``."""
    with translation.override("fr"):
        context = {"user": user, "url": settings.SITE_URL + activation_path(user)}
        subject = render_to_string("accounts/emails/activation_subject.txt", context).strip()
        body = render_to_string("accounts/emails/activation.txt", context)
    return subject, body


@transaction.atomic
def user_send_activation(*, actor: User | None, user: User) -> None:
    """Queue the activation email of ``user`` (a one-time link to choose a
    password, valid 7 days; never a password). Access: ``actor`` (None for
    the system) must manage ``user``."""
    _check_manages(actor, user)
    if not user.is_active or not user.email:
        raise ValidationError(_("This account is inactive or has no email address."))
    entry = _record(actor, user, "activation_sent")
    subject, body = render_activation_email(user)
    mail.send_rendered(
        to=[user.email],
        subject=subject,
        body=body,
        template="accounts/emails/activation",
        dedup_key=f"accounts.activation:{entry.pk}",
    )


@transaction.atomic
def user_create(*, actor: User | None, user: User, send_activation: bool = True) -> User:
    """Save the new account ``user`` (built by a form, unsaved) without a
    usable password: the person chooses it through the activation link. A
    coordinator may only create accounts of a centre they coordinate, and
    never staff or admin accounts."""
    if actor is not None and not actor.is_superuser:
        centre = user.centre
        if centre is None or not selectors.centres_coordinated_by(actor).filter(pk=centre.pk):
            raise PermissionDenied
        user.is_staff = user.is_superuser = False
    user.set_unusable_password()
    user.save()
    _record(actor, user, "created")
    if send_activation and user.email:
        user_send_activation(actor=actor, user=user)
    return user


@transaction.atomic
def user_set_active(*, actor: User, user: User, active: bool) -> bool:
    """Deactivate (or reactivate) an account, with an audit row; nothing is
    deleted. Returns whether anything changed."""
    _check_manages(actor, user)
    if actor.pk == user.pk and not active:
        raise ValidationError(_("You cannot deactivate your own account."))
    if user.is_active == active:
        return False
    user.is_active = active
    user.save(update_fields=["is_active"])
    _record(actor, user, "reactivated" if active else "deactivated")
    if not active:
        from allauth.usersessions.models import UserSession

        for session in UserSession.objects.filter(user=user):
            session.end()
    return True


@transaction.atomic
def user_activate_with_password(*, user: User, password: str) -> None:
    """The person chose a password through the activation link: the link
    proved they read that mailbox, so their address counts as verified."""
    from allauth.account.models import EmailAddress

    user.set_password(password)
    user.save(update_fields=["password"])
    if user.email:
        EmailAddress.objects.update_or_create(
            user=user,
            email__iexact=user.email,
            defaults={"email": user.email, "verified": True, "primary": True},
        )


@transaction.atomic
def terms_version_publish(*, actor: User, version: TermsVersion) -> None:
    """Publish ``version`` now: every user is asked to accept it."""
    if not actor.is_superuser:
        raise PermissionDenied
    version.published_at = timezone.now()
    version.save(update_fields=["published_at"])
    selectors.forget_current_terms()
    # Again after commit, in case a request cached the old state meanwhile.
    transaction.on_commit(selectors.forget_current_terms)


@transaction.atomic
def terms_accept(
    *, user: User, versions: list[TermsVersion], language: str, ip_address: str | None
) -> None:
    """Record that ``user`` accepted ``versions`` (idempotent)."""
    now = timezone.now()
    for version in versions:
        TermsAcceptance.objects.get_or_create(
            user=user,
            version=version,
            defaults={"accepted_at": now, "language": language[:10], "ip_address": ip_address},
        )


@transaction.atomic
def terms_decline(*, user: User) -> None:
    """Record that ``user`` declined the terms (the view logs them out)."""
    _record(user, user, "terms_declined")


@transaction.atomic
def preferences_update(*, user: User, profile: dict, preferences: dict) -> Preferences:
    """Save the name fields of ``user`` and their preferences."""
    for field, value in profile.items():
        setattr(user, field, value)
    if profile:
        user.save(update_fields=list(profile))
    prefs, _created = Preferences.objects.get_or_create(user=user)
    for field, value in preferences.items():
        setattr(prefs, field, value)
    prefs.save()
    return prefs


def user_record_login_route(*, user: User, route: str) -> None:
    """Remember how ``user`` last logged in (local, Sygefor or Sésame)."""
    if user.last_login_route != route:
        user.last_login_route = route
        User.objects.filter(pk=user.pk).update(last_login_route=route)


@transaction.atomic
def centre_coordinator_set(*, centre_id: int, user: User, coordinator: bool) -> None:
    """Add ``user`` to (or remove them from) the coordinators of the centre.
    A coordinator opens the administration (``is_staff``); one who no longer
    coordinates any centre loses it unless they are an administrator. Called
    by ``courses.services.role_grant``/``role_withdraw``, which check the
    actor's right and write the audit entry."""
    from .models import Centre

    centre = Centre.objects.get(pk=centre_id)
    if coordinator:
        centre.coordinators.add(user)
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        return
    centre.coordinators.remove(user)
    if user.is_staff and not user.is_superuser and not user.coordinated_centres.exists():
        user.is_staff = False
        user.save(update_fields=["is_staff"])
