"""Notifications: one row per event a person should hear of (the top-bar
bell and the /notifications/ page), and each person's per-kind channel."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    COPY_RETURNED = "copy_returned", _("Copy returned")
    TUTOR_ANSWERED = "tutor_answered", _("Answer from your tutor")
    ANNOUNCEMENT = "announcement", _("Announcement")
    REMINDER = "reminder", _("Reminder from your tutor")
    DEADLINE = "deadline", _("Deadline in 48 hours")
    WORKSHOP = "workshop", _("Workshop starting")
    REPORT_ANSWERED = "report_answered", _("Error report answered")
    TRAINER_ASKED = "trainer_asked", _("A candidate asks the trainers")
    # Forum discussions: no bell row (the forums have their own unread
    # counts); only the email channel, applied to the discussion forums.
    FORUM = "forum", _("Forum discussions")


class Channel(models.TextChoices):
    IN_SITE = "in_site", _("On the site only")
    IMMEDIATE = "immediate", _("Email at once")
    DIGEST = "digest", _("Daily digest email")


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        related_name="notifications",
        on_delete=models.CASCADE,
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=250)
    url = models.CharField(_("link"), max_length=500)
    # What the notification is about ("assignments.submission:12"): visiting
    # it marks the notification read.
    target = models.CharField(max_length=100, blank=True, db_index=True)
    # The channel in effect when it was made: "digest" rows wait for the
    # daily digest (``digested_at``).
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.IN_SITE
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    digested_at = models.DateTimeField(_("sent in a digest at"), null=True, blank=True)
    dedup_key = models.CharField(max_length=120, unique=True, null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "-created_at"]),
            models.Index(
                fields=["user"], condition=Q(read_at__isnull=True), name="notifications_unread"
            ),
            models.Index(
                fields=["user"],
                condition=Q(channel="digest", digested_at__isnull=True),
                name="notifications_to_digest",
            ),
        ]

    def __str__(self):
        return self.title


class Preference(models.Model):
    """How one person hears of one kind of notification (default: DEFAULTS)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        related_name="notification_preferences",
        on_delete=models.CASCADE,
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notifications_preference_once")
        ]

    def __str__(self):
        return f"{self.user}, {self.kind}: {self.channel}"
