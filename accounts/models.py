from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class CallistoUserManager(UserManager):
    def get_by_natural_key(self, username):
        # Log in with the username or the email, whatever its case.
        return self.get(models.Q(username=username) | models.Q(email__iexact=username))


class User(AbstractUser):
    """A person using Callisto. Roles come from elsewhere: course roles from
    ``courses.Enrolment``, centre rights from ``Centre.coordinators``, tutor
    rights from ``courses.Registration.tutor``; ``is_superuser`` is the
    national administrator."""

    # NULL, not "", for accounts without email: NULLs never collide in the index.
    email = models.EmailField(_("email address"), blank=True, null=True)  # noqa: DJ001
    display_name = models.CharField(
        _("display name"),
        max_length=150,
        blank=True,
        help_text=_("Name shown to other users; first and last name when empty."),
    )

    centre = models.ForeignKey(
        "accounts.Centre",
        verbose_name=_("centre"),
        related_name="members",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Training centre that manages this account; empty for national staff."),
    )

    # An address staff gave that its owner has not confirmed yet: never used
    # to log in or to reset the password until confirmed
    # (services.user_change_email).
    pending_email = models.EmailField(  # noqa: DJ001
        _("email address awaiting confirmation"), blank=True, null=True
    )

    class LoginRoute(models.TextChoices):
        LOCAL = "local", _("Username and password")
        SYGEFOR = "sygefor", "Sygefor"
        SESAME = "sesame", "Sésame"

    last_login_route = models.CharField(
        _("last login route"),
        max_length=20,
        choices=LoginRoute.choices,
        blank=True,
    )
    # The top bar's bell: the person's unread notifications, kept by the
    # notifications app's services in the same transaction as the rows, so
    # that the layout reads it with the user and costs no query of its own.
    unread_notifications = models.PositiveIntegerField(
        _("unread notifications"), default=0, editable=False
    )

    objects = CallistoUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="accounts_user_email_ci_unique",
                violation_error_message=_("A user with this email address already exists."),
            )
        ]

    def __str__(self):
        return self.get_display_name()

    def clean(self):
        super().clean()
        # Store no empty string: NULLs do not collide in the unique index.
        self.email = self.email.strip() or None if self.email else None

    def save(self, *args, **kwargs):
        if not self.email:
            self.email = None
        super().save(*args, **kwargs)

    def get_display_name(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    def _get_session_auth_hash(self, secret=None):
        """Sessions die when the password changes (Django's rule) and also
        when the account gains or loses staff or administrator rights: the
        person logs in again and gets a new session."""
        from django.utils.crypto import salted_hmac

        return salted_hmac(
            "accounts.User.get_session_auth_hash",
            f"{self.password}|staff={self.is_staff}|admin={self.is_superuser}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()


class Centre(models.Model):
    """A regional training centre (CRFCB) that registers candidates."""

    name = models.CharField(_("name"), max_length=200)
    code = models.SlugField(_("code"), max_length=30, unique=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    coordinators = models.ManyToManyField(
        User,
        verbose_name=_("coordinators"),
        related_name="coordinated_centres",
        blank=True,
    )

    class Meta:
        verbose_name = _("centre")
        verbose_name_plural = _("centres")
        ordering = ["name"]

    def __str__(self):
        return self.name


class TermsVersion(models.Model):
    """One published version of the CGU or of the mentions légales. The
    current version of a kind is the latest one whose ``published_at`` has
    passed; every user must accept the current versions before anything else."""

    class Kind(models.TextChoices):
        CGU = "cgu", _("General terms of use")
        LEGAL = "legal", _("Legal notice")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    version = models.CharField(_("version"), max_length=30)
    text = models.TextField(_("text"), help_text=_("Plain text; blank lines separate paragraphs."))
    published_at = models.DateTimeField(
        _("published at"),
        null=True,
        blank=True,
        help_text=_("Users are asked to accept it from this time on; empty means draft."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("terms version")
        verbose_name_plural = _("terms versions")
        ordering = ["kind", "-published_at"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="accounts_terms_kind_version")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.version}"

    def save(self, *args, **kwargs):
        """An accepted version is a record: changing it would rewrite what
        people agreed to. A change is a new version."""
        if self.pk is not None:
            from django.core.exceptions import ValidationError

            stored = type(self).objects.filter(pk=self.pk).values(*self.FROZEN_FIELDS).first() or {}
            changed = [
                f for f in self.FROZEN_FIELDS if f in stored and stored[f] != getattr(self, f)
            ]
            if changed and self.is_accepted():
                raise ValidationError(
                    _(
                        "This version has been accepted: it can no longer be changed. "
                        "Create a new version instead."
                    )
                )
        super().save(*args, **kwargs)

    @property
    def text_sha256(self) -> str:
        """SHA-256 (hex) of the text exactly as stored, hence as shown."""
        import hashlib

        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    # What nobody may change once someone accepted the version.
    FROZEN_FIELDS = ("kind", "version", "text", "published_at")

    def is_accepted(self) -> bool:
        return self.pk is not None and self.acceptances.exists()


class TermsAcceptance(models.Model):
    """A user accepted one terms version (evidence: time, language shown, IP)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="terms_acceptances",
    )
    version = models.ForeignKey(
        TermsVersion,
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="acceptances",
    )
    accepted_at = models.DateTimeField(_("accepted at"))
    language = models.CharField(_("language"), max_length=10)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    text_sha256 = models.CharField(
        _("SHA-256 of the text shown"),
        max_length=64,
        blank=True,
        help_text=_("Fingerprint of the exact text the person read and accepted."),
    )

    class Meta:
        verbose_name = _("terms acceptance")
        verbose_name_plural = _("terms acceptances")
        constraints = [
            models.UniqueConstraint(fields=["user", "version"], name="accounts_terms_accepted_once")
        ]

    def __str__(self):
        return f"{self.user}, {self.version}"


class Preferences(models.Model):
    """How a person wants to be contacted (read by tutors) and notified."""

    class ForumMode(models.TextChoices):
        IMMEDIATE = "immediate", _("One email per message")
        DIGEST = "digest", _("Daily digest")
        NONE = "none", _("No email")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="preferences",
    )
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    contact_by_phone = models.BooleanField(_("by phone"), default=False)
    contact_by_email = models.BooleanField(_("by email"), default=True)
    contact_by_video = models.BooleanField(_("by videoconference"), default=False)
    videoconference = models.CharField(
        _("videoconference address"),
        max_length=200,
        blank=True,
        help_text=_("Link or identifier your tutor can use to call you."),
    )
    forum_mode = models.CharField(
        _("forum emails by default"),
        max_length=10,
        choices=ForumMode.choices,
        default=ForumMode.IMMEDIATE,
    )
    reminders_enabled = models.BooleanField(
        _("reminder emails"),
        default=True,
        help_text=_("Deadlines and replies awaited from you."),
    )

    class Meta:
        verbose_name = _("preferences")
        verbose_name_plural = _("preferences")

    def __str__(self):
        return str(self.user)
