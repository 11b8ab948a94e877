"""Demo accounts (see DESIGN.md, "Demo"). All share one password.

Staff (``admin``, ``responsable``) must use two-factor authentication: their
TOTP authenticator uses the published secret ``DEMO_TOTP_SECRET``; add it to an
authenticator app, or print the current code with ``manage.py demo_totp``."""

import re
from html import unescape

from django.utils import timezone
from django.utils.html import strip_tags

from accounts.models import Centre, TermsAcceptance, TermsVersion, User

# Published demo secret (base32), never used outside the demo data set.
DEMO_TOTP_SECRET = "CALLISTODEMOTOTPCALLISTODEMOTOTP"  # noqa: S105
DEMO_TERMS_VERSION = "2026-09"
NOT_ACCEPTED = {"candidat-nouveau"}
CENTRE_OF = {
    "responsable": "mediadix",
    "formateur-regional": "mediat",
    "tuteur": "mediadix",
    "candidat": "mediadix",
    "candidat-regional": "mediat",
    "candidat-nouveau": "mediadix",
}

DEMO_PASSWORD = "callisto-demo"  # noqa: S105 - published demo password

CENTRES = [
    {
        "code": "mediadix",
        "name": "Médiadix (CRFCB Paris-Nanterre)",
        "region": "Île-de-France",
        "contact_email": "mediadix@callisto.example.fr",
    },
    {
        "code": "mediat",
        "name": "Médiat Rhône-Alpes (CRFCB Grenoble)",
        "region": "Auvergne-Rhône-Alpes",
        "contact_email": "mediat@callisto.example.fr",
    },
]

# username, first name, last name, role label, flags
ACCOUNTS = [
    (
        "admin",
        "Claire",
        "Administratrice",
        "administratrice nationale",
        {"is_staff": True, "is_superuser": True},
    ),
    ("responsable", "Marc", "Lefèvre", "responsable pédagogique (Médiadix)", {"is_staff": True}),
    ("formateur", "Sophie", "Martin", "formatrice nationale (préparations Callisto)", {}),
    ("formateur-regional", "Paul", "Girard", "formateur du centre Médiat (régional)", {}),
    ("tuteur", "Julien", "Moreau", "tuteur", {}),
    ("producteur", "Hélène", "Bernard", "groupe de production", {}),
    ("candidat", "Camille", "Durand", "stagiaire Callisto, avec tuteur", {}),
    ("candidat-regional", "Thomas", "Petit", "stagiaire en préparation régionale", {}),
    ("candidat-nouveau", "Léa", "Roux", "stagiaire n'ayant pas encore accepté les CGU", {}),
]


def seed(stdout) -> None:
    centres = {}
    for data in CENTRES:
        centre, _ = Centre.objects.update_or_create(code=data["code"], defaults=data)
        centres[data["code"]] = centre
    for username, first, last, _label, flags in ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@callisto.example.fr",
                **flags,
            },
        )
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        centre = centres.get(CENTRE_OF.get(username, ""))
        if user.centre_id != (centre.pk if centre else None):
            user.centre = centre
            user.save(update_fields=["centre"])
        _verified_email(user)
        if user.is_staff or user.is_superuser:
            _demo_totp(user)
    centres["mediadix"].coordinators.add(User.objects.get(username="responsable"))
    versions = _terms_versions()
    for username, *_rest in ACCOUNTS:
        if username in NOT_ACCEPTED:
            continue
        user = User.objects.get(username=username)
        for version in versions:
            TermsAcceptance.objects.get_or_create(
                user=user,
                version=version,
                defaults={
                    "accepted_at": version.published_at,
                    "language": "fr",
                    "text_sha256": version.text_sha256,
                },
            )


def _verified_email(user: User) -> None:
    from allauth.account.models import EmailAddress

    if user.email and not EmailAddress.objects.filter(user=user).exists():
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


def _demo_totp(user: User) -> None:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)


def _plain(html: str) -> str:
    text = strip_tags(html.replace("</h2>", "\n").replace("</p>", "\n\n").replace("</li>", "\n"))
    return re.sub(r"[ \t]*\n[ \t]*", "\n", re.sub(r"[ \t]+", " ", text)).strip()


def _terms_versions() -> list[TermsVersion]:
    from accounts.selectors import forget_current_terms
    from core.legal_content import LEGAL_NOTICE, TERMS
    from core.markup import markdown_to_html

    published = timezone.now().replace(month=9, day=1, hour=8, minute=0, second=0, microsecond=0)
    if published > timezone.now():
        published = published.replace(year=published.year - 1)
    versions = []
    for kind, text in ((TermsVersion.Kind.CGU, TERMS), (TermsVersion.Kind.LEGAL, LEGAL_NOTICE)):
        html = markdown_to_html(text)  # then plain text, as terms are stored
        version, _created = TermsVersion.objects.get_or_create(
            kind=kind,
            version=DEMO_TERMS_VERSION,
            defaults={"text": unescape(_plain(html)), "published_at": published},
        )
        versions.append(version)
    forget_current_terms()
    return versions


def describe_accounts() -> list[str]:
    lines = [f"{username:<18} {label}" for username, _f, _l, label, _flags in ACCOUNTS]
    lines.append(
        f"admin and responsable also need a TOTP code: secret {DEMO_TOTP_SECRET} "
        "in an authenticator app, or `manage.py demo_totp`."
    )
    return lines
