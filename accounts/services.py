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
from django.utils.translation import gettext_lazy

from core import audit, mail

from . import selectors
from .models import Preferences, TermsAcceptance, TermsVersion, User
from .permissions import can_manage_user
from .tokens import activation_token_generator

# What the account holder is told, by kind (allauth's notification names).
SECURITY_NOTICES = {
    "password_changed": (
        gettext_lazy("Your Callisto password was changed"),
        gettext_lazy("The password of your Callisto account was changed."),
    ),
    "password_set": (
        gettext_lazy("A password was set on your Callisto account"),
        gettext_lazy("A password was set on your Callisto account."),
    ),
    "password_reset": (
        gettext_lazy("Your Callisto password was reset"),
        gettext_lazy(
            "The password of your Callisto account was reset through the "
            "“Forgot your password?” link."
        ),
    ),
    "email_changed": (
        gettext_lazy("The email address of your Callisto account was changed"),
        gettext_lazy("The email address of your Callisto account was changed."),
    ),
    "email_change_requested": (
        gettext_lazy("A change of your Callisto email address was requested"),
        gettext_lazy(
            "Staff of your training centre asked to change the email address of your "
            "Callisto account. The new address will only be used once its owner "
            "confirms it."
        ),
    ),
    "email_deleted": (
        gettext_lazy("An email address was removed from your Callisto account"),
        gettext_lazy("An email address was removed from your Callisto account."),
    ),
    "totp_activated": (
        gettext_lazy("Two-factor authentication was set up on your Callisto account"),
        gettext_lazy(
            "An authenticator app was added to your Callisto account: its codes "
            "are now asked at login."
        ),
    ),
    "totp_deactivated": (
        gettext_lazy("Two-factor authentication was turned off on your Callisto account"),
        gettext_lazy("The authenticator app of your Callisto account was removed."),
    ),
    "recovery_codes_generated": (
        gettext_lazy("New recovery codes for your Callisto account"),
        gettext_lazy("New two-factor recovery codes were generated for your Callisto account."),
    ),
    "webauthn_added": (
        gettext_lazy("A security key was added to your Callisto account"),
        gettext_lazy("A security key was added to your Callisto account."),
    ),
    "webauthn_removed": (
        gettext_lazy("A security key was removed from your Callisto account"),
        gettext_lazy("A security key was removed from your Callisto account."),
    ),
    "account_connected": (
        gettext_lazy("A login service was linked to your Callisto account"),
        gettext_lazy("A login service (Sygefor or Sésame) was linked to your Callisto account."),
    ),
    "account_disconnected": (
        gettext_lazy("A login service was unlinked from your Callisto account"),
        gettext_lazy(
            "A login service (Sygefor or Sésame) was unlinked from your Callisto account."
        ),
    ),
}


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
    if user.has_usable_password():
        raise ValidationError(
            _(
                "This account already has a password: its owner uses “Forgot your "
                "password?” on the login page."
            )
        )
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
    user.set_password(password)
    user.save(update_fields=["password"])
    if user.email:
        _make_primary_address(user)


def _make_primary_address(user: User) -> None:
    """``user.email`` becomes their one verified, primary allauth address
    (their other addresses are dropped: one primary per account)."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.filter(user=user).exclude(email__iexact=user.email).delete()
    EmailAddress.objects.update_or_create(
        user=user,
        email__iexact=user.email,
        defaults={"email": user.email, "verified": True, "primary": True},
    )


def _email_taken(email: str, user: User) -> bool:
    from allauth.account.models import EmailAddress

    return (
        User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists()
        or EmailAddress.objects.filter(email__iexact=email).exclude(user=user).exists()
    )


def email_confirm_path(user: User, email: str) -> str:
    from .tokens import make_email_change_token

    return reverse("accounts:email_confirm", kwargs={"token": make_email_change_token(user, email)})


@transaction.atomic
def user_change_email(*, actor: User | None, user: User, email: str) -> bool:
    """Staff (or a system task, ``actor`` None) give ``user`` a new address.
    An account never used (no password, never logged in) takes it at once (a
    typo fixed before activation). Any other account keeps its address until
    the new one is confirmed: the new address gets a link (7 days), the old
    one is told; the new one is stored as pending and used for nothing
    meanwhile. Returns whether the address changed now."""
    _check_manages(actor, user)
    email = (email or "").strip()
    current = user.email or ""
    if email.lower() == current.lower():
        if user.pending_email:
            user.pending_email = None
            user.save(update_fields=["pending_email"])
        return False
    if email and _email_taken(email, user):
        raise ValidationError(_("A user with this email address already exists."))
    if not email or (not user.has_usable_password() and user.last_login is None):
        user.email = email or None
        user.pending_email = None
        user.save(update_fields=["email", "pending_email"])
        from allauth.account.models import EmailAddress

        EmailAddress.objects.filter(user=user).delete()
        _record(actor, user, "email_changed")
        return True
    user.pending_email = email
    user.save(update_fields=["pending_email"])
    entry = _record(actor, user, "email_change_requested")
    mail.send(
        "accounts/emails/email_confirm",
        [email],
        {"user": user, "url": settings.SITE_URL + email_confirm_path(user, email)},
        dedup_key=f"accounts.email_confirm:{entry.pk}",
    )
    security_notice(
        user=user,
        kind="email_change_requested",
        to=current or None,
        context={"from_email": current, "to_email": email},
    )
    return False


@transaction.atomic
def user_confirm_email(*, user_id: int, email: str) -> User | None:
    """The owner of the pending address of ``user_id`` followed its link: it
    becomes the account's address (verified). None when the link no longer
    matches (address changed again, already confirmed, account inactive)."""
    user = User.objects.select_for_update().filter(pk=user_id, is_active=True).first()
    if user is None or not user.pending_email or user.pending_email.lower() != email.lower():
        return None
    if _email_taken(user.pending_email, user):
        return None
    previous = user.email or ""
    user.email, user.pending_email = user.pending_email, None
    user.save(update_fields=["email", "pending_email"])
    _make_primary_address(user)
    _record(user, user, "email_changed")
    details = {"from_email": previous, "to_email": user.email}
    if previous:
        security_notice(user=user, kind="email_changed", to=previous, context=details)
    security_notice(user=user, kind="email_changed", to=user.email, context=details)
    return user


@transaction.atomic
def terms_version_publish(*, actor: User, version: TermsVersion) -> None:
    """Publish ``version`` now: every user is asked to accept it."""
    if not actor.is_superuser:
        raise PermissionDenied
    if version.is_accepted():
        raise ValidationError(
            _(
                "This version has been accepted: it can no longer be changed. "
                "Create a new version instead."
            )
        )
    version.published_at = timezone.now()
    version.save(update_fields=["published_at"])
    selectors.forget_current_terms()
    # Again after commit, in case a request cached the old state meanwhile.
    transaction.on_commit(selectors.forget_current_terms)


@transaction.atomic
def terms_accept(
    *, user: User, versions: list[TermsVersion], language: str, ip_address: str | None
) -> None:
    """Record that ``user`` accepted ``versions`` (idempotent), each with the
    SHA-256 of the text shown (the caller checked the form's fingerprint)."""
    now = timezone.now()
    for version in versions:
        TermsAcceptance.objects.get_or_create(
            user=user,
            version=version,
            defaults={
                "accepted_at": now,
                "language": language[:10],
                "ip_address": ip_address,
                "text_sha256": version.text_sha256,
            },
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


def password_reset_request(*, email: str) -> None:
    """Queue the reset task for ``email`` through the task outbox (published
    after commit): the request does the same whatever the address."""
    from core import outbox

    with transaction.atomic():
        outbox.enqueue("accounts.tasks.send_password_reset", email)


def password_reset_send(*, email: str) -> int:
    """Send the reset link (30 minutes, single use) to each active account
    whose address is ``email``; returns how many. Run by the Celery task."""
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    users = selectors.users_by_login_email(email)
    for user in users:
        uid = user_pk_to_url_str(user)
        token = default_token_generator.make_token(user)
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": uid, "key": token})
        mail.send(
            "accounts/emails/password_reset",
            [email],
            {"user": user, "url": settings.SITE_URL + path},
            dedup_key=f"accounts.password_reset:{user.pk}:{token}",
        )
    return len(users)


def security_notice(*, user: User, kind: str, to: str | None = None, context=None) -> None:
    """Tell the account holder that something changed on their account
    (``kind``: one of ``SECURITY_NOTICES``), at ``to`` or their address."""
    address = to or user.email
    if not address or kind not in SECURITY_NOTICES:
        return
    with translation.override("fr"):
        subject, message = (str(text) for text in SECURITY_NOTICES[kind])
    mail.send(
        "accounts/emails/security_notice",
        [address],
        {
            "user": user,
            "subject": subject,
            "message": message,
            "timestamp": timezone.now(),
            **(context or {}),
        },
    )


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
