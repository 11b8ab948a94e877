"""Reads about people and centres, limited to what the asking user may see."""

from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone

from .models import Centre, Preferences, TermsAcceptance, TermsVersion, User

CURRENT_TERMS_CACHE_KEY = "accounts:current-terms"
CURRENT_TERMS_CACHE_SECONDS = 60


def centres_coordinated_by(user: User) -> QuerySet[Centre]:
    """Centres whose coordinator ``user`` is (all centres for an admin)."""
    if not user.is_authenticated:
        return Centre.objects.none()
    if user.is_superuser:
        return Centre.objects.all()
    return Centre.objects.filter(coordinators=user)


def is_coordinator(user: User) -> bool:
    """True when ``user`` coordinates at least one centre."""
    return user.is_authenticated and Centre.objects.filter(coordinators=user).exists()


def users_managed_by(user: User) -> QuerySet[User]:
    """Accounts ``user`` may manage in admin: all for an admin, the
    non-staff members of their centres for a coordinator, none otherwise."""
    if not user.is_authenticated or not user.is_active:
        return User.objects.none()
    if user.is_superuser:
        return User.objects.all()
    # Staff accounts (coordinators, admins) are managed by admins only.
    return User.objects.filter(
        centre__in=centres_coordinated_by(user), is_staff=False, is_superuser=False
    )


def current_terms_ids() -> list[int]:
    """Ids of the current (latest published) version of each kind of terms,
    cached briefly: the terms gate asks on every request."""
    ids = cache.get(CURRENT_TERMS_CACHE_KEY)
    if ids is None:
        ids = [v.pk for v in current_terms_versions()]
        cache.set(CURRENT_TERMS_CACHE_KEY, ids, CURRENT_TERMS_CACHE_SECONDS)
    return ids


def forget_current_terms() -> None:
    cache.delete(CURRENT_TERMS_CACHE_KEY)


def current_terms_versions() -> list[TermsVersion]:
    """The current version of each kind (CGU, mentions légales)."""
    from django.db.models import OuterRef, Subquery

    # One query on every database (the embedded demo runs on SQLite, which
    # has no DISTINCT ON): each row that is the newest published of its kind.
    newest = (
        TermsVersion.objects.filter(kind=OuterRef("kind"), published_at__lte=timezone.now())
        .order_by("-published_at", "-pk")
        .values("pk")[:1]
    )
    return list(TermsVersion.objects.filter(pk=Subquery(newest)).order_by("kind"))


def accepted_terms_ids(user: User, ids: list[int]) -> set[int]:
    """Which of the terms versions ``ids`` ``user`` has accepted."""
    if not ids:
        return set()
    return set(
        TermsAcceptance.objects.filter(user=user, version_id__in=ids).values_list(
            "version_id", flat=True
        )
    )


def pending_terms_for(user: User) -> list[TermsVersion]:
    """Current terms versions ``user`` has not accepted yet."""
    current = current_terms_versions()
    accepted = accepted_terms_ids(user, [v.pk for v in current])
    return [v for v in current if v.pk not in accepted]


def preferences_for(user: User) -> Preferences:
    """``user``'s preferences, unsaved defaults when they never chose."""
    return Preferences.objects.filter(user=user).first() or Preferences(user=user)


def staff_needs_mfa(user: User) -> bool:
    """Staff (coordinators and admins reach the Django admin) must have an
    authenticator before using the site."""
    return user.is_authenticated and (user.is_staff or user.is_superuser)


def has_authenticator(user: User) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def account_key_for_login(login: str) -> str:
    """The throttling key of what someone typed in the login field: the
    account it names (username or email address, any case), so that every
    name of one account shares one counter; the typed text otherwise."""
    from allauth.account.models import EmailAddress
    from django.db.models import Q

    login = login.strip()
    if login:
        # Every address allauth's backend accepts for the account counts.
        others = EmailAddress.objects.filter(email__iexact=login).values("user_id")
        pk = (
            User.objects.filter(
                Q(username__iexact=login) | Q(email__iexact=login) | Q(pk__in=others)
            )
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
        if pk is not None:
            return f"account:{pk}"
    return f"login:{login.lower()}"


def users_by_login_email(email: str) -> list[User]:
    """Active accounts whose address is ``email`` (any case): their own
    address or a verified one; never an address awaiting confirmation."""
    from allauth.account.models import EmailAddress
    from django.db.models import Q

    email = email.strip()
    if not email:
        return []
    verified = EmailAddress.objects.filter(email__iexact=email, verified=True).values("user_id")
    return list(
        User.objects.filter(Q(email__iexact=email) | Q(pk__in=verified), is_active=True).order_by(
            "pk"
        )
    )


def user_with_pending_email(user_id: int, email: str) -> User | None:
    """The active account ``user_id`` if ``email`` is still its pending address."""
    return User.objects.filter(pk=user_id, is_active=True, pending_email__iexact=email).first()


def terms_fingerprint(versions: list[TermsVersion]) -> str:
    """What the terms form carries (hidden): each version shown and the
    SHA-256 of its text, so the server knows the exact text that was read."""
    return ",".join(f"{v.pk}:{v.text_sha256}" for v in sorted(versions, key=lambda v: v.pk))
