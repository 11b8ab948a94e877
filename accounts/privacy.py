"""Personal data held by accounts (see core/privacy.py and docs/privacy.md).

The export holds the identity, the contact preferences (phone number,
videoconference, channels, email settings), the terms accepted, the email
addresses and single-sign-on links known to the login, the kinds of second
factor set up (never their secrets) and the open sessions (address, browser).

Erasure: the identity itself is removed by ``core.privacy.anonymise_user``;
here the phone number and videoconference link are blanked, the email
addresses, single-sign-on links, second factors and sessions are deleted
(every session is ended), and the terms acceptances lose their IP address
(the acceptance itself is kept: the law asks to prove it)."""


def _preferences(user):
    from .models import Preferences

    return Preferences.objects.filter(user=user).first()


def identifiers(user) -> list[str]:
    """What else names the person in free text (core.privacy scrubs it from
    the audit log on erasure): their phone number and other addresses."""
    from allauth.account.models import EmailAddress

    found = list(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    preferences = _preferences(user)
    if preferences is not None:
        found += [preferences.phone, preferences.videoconference]
    return [value for value in found if value]


def export_data(user) -> dict:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.socialaccount.models import SocialAccount
    from allauth.usersessions.models import UserSession

    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "display_name": user.display_name,
        "email": user.email,
        "centre": str(user.centre) if user.centre_id else None,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
    }
    preferences = _preferences(user)
    if preferences is not None:
        data["preferences"] = {
            "phone": preferences.phone,
            "contact_by_phone": preferences.contact_by_phone,
            "contact_by_email": preferences.contact_by_email,
            "contact_by_video": preferences.contact_by_video,
            "videoconference": preferences.videoconference,
            "forum_emails": preferences.forum_mode,
            "reminder_emails": preferences.reminders_enabled,
        }
    acceptances = getattr(user, "terms_acceptances", None)
    if acceptances is not None:
        data["terms_acceptances"] = [
            {"version": str(a.version), "accepted_at": a.accepted_at, "ip_address": a.ip_address}
            for a in acceptances.select_related("version")
        ]
    data["email_addresses"] = [
        {"email": e.email, "verified": e.verified, "primary": e.primary}
        for e in EmailAddress.objects.filter(user=user).order_by("pk")
    ]
    data["single_sign_on"] = [
        {"provider": s.provider, "identifier": s.uid, "last_login": s.last_login}
        for s in SocialAccount.objects.filter(user=user).order_by("pk")
    ]
    data["second_factors"] = [
        {"kind": a.type, "created_at": a.created_at, "last_used_at": a.last_used_at}
        for a in Authenticator.objects.filter(user=user).order_by("pk")
    ]
    data["sessions"] = [
        {"ip": s.ip, "browser": s.user_agent, "since": s.created_at, "last_seen": s.last_seen_at}
        for s in UserSession.objects.filter(user=user).order_by("pk")
    ]
    return data


def anonymise(user) -> None:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.socialaccount.models import SocialAccount
    from allauth.usersessions.models import UserSession

    from .models import Preferences, TermsAcceptance

    Preferences.objects.filter(user=user).update(
        phone="", videoconference="", contact_by_phone=False, contact_by_video=False
    )
    TermsAcceptance.objects.filter(user=user).update(ip_address=None)
    EmailAddress.objects.filter(user=user).delete()
    SocialAccount.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    for session in UserSession.objects.filter(user=user):
        session.end()
