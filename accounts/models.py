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
