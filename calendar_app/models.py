"""The training calendar: events of a preparation or of a course, workshop
(atelier) registrations and attendance, personal iCalendar feed tokens and
the generated PDF calendars.

Assignment deadlines are NOT stored here: they come live from
``assignments.api.deadlines_for`` (one source of truth)."""

import datetime
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WorkshopSeries(models.Model):
    """Workshops a trainer scheduled together, one a month (each session is
    its own ``Event``): "the rest of the series" of a session is the
    sessions of the series from it on."""

    course = models.ForeignKey(
        "courses.Course",
        verbose_name=_("course"),
        related_name="workshop_series",
        on_delete=models.CASCADE,
    )
    title = models.CharField(_("title"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("workshop series")
        verbose_name_plural = _("workshop series")

    def __str__(self):
        return self.title


class Event(models.Model):
    """Something that happens at a given time: a preparation-level event
    (réunion de rentrée, methodology class, exam dates) or a course-level one
    (the monthly workshops of "Les Ateliers")."""

    class Kind(models.TextChoices):
        WELCOME = "welcome", _("Opening meeting")
        METHODOLOGY = "methodology", _("Methodology class")
        WORKSHOP = "workshop", _("Workshop")
        DEADLINE = "deadline", _("Assignment deadline")
        WRITTEN_EXAM = "written_exam", _("Written test")
        ORAL_EXAM = "oral_exam", _("Oral test")
        OTHER = "other", _("Other")

    class Theme(models.TextChoices):
        ADMINISTRATION = "administration", _("Administration")
        GENERAL_CULTURE = "general_culture", _("General culture")
        PROFESSIONAL_CULTURE = "professional_culture", _("Professional culture")

    uid = models.UUIDField(_("unique identifier"), default=uuid.uuid4, unique=True, editable=False)
    preparation = models.ForeignKey(
        "courses.Preparation",
        verbose_name=_("preparation"),
        related_name="calendar_events",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    course = models.ForeignKey(
        "courses.Course",
        verbose_name=_("course"),
        related_name="calendar_events",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    video_url = models.URLField(
        _("videoconference link"),
        blank=True,
        help_text=_("For workshops, shown to registered candidates only, once it opens."),
    )
    activity = models.ForeignKey(
        "courses.Activity",
        verbose_name=_("linked activity"),
        related_name="calendar_events",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    # Workshops only.
    theme = models.CharField(_("theme"), max_length=30, choices=Theme.choices, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("places"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    link_opens_minutes = models.PositiveSmallIntegerField(
        _("link opens (minutes before)"), default=15
    )
    recording_url = models.URLField(_("recording"), blank=True)
    recording = models.FileField(_("recording file"), upload_to="calendar/recordings/", blank=True)
    recording_content_type = models.CharField(_("recording type"), max_length=100, blank=True)
    slides = models.FileField(_("slides"), upload_to="calendar/slides/%Y/", blank=True)
    series = models.ForeignKey(
        WorkshopSeries,
        verbose_name=_("series"),
        related_name="events",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    activity_is_own = models.BooleanField(
        _("activity created for this session"),
        default=False,
        help_text=_(
            "The linked activity was created with the session: it follows its title and "
            "date and goes when the session is cancelled."
        ),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")),
                name="calendar_event_dates_ordered",
                violation_error_message=_("The end must not be before the start."),
            ),
            models.CheckConstraint(
                condition=Q(preparation__isnull=False) | Q(course__isnull=False),
                name="calendar_event_has_audience",
                violation_error_message=_("An event belongs to a preparation or to a course."),
            ),
        ]
        indexes = [models.Index(fields=["starts_at"]), models.Index(fields=["ends_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("calendar_app:event", kwargs={"pk": self.pk})

    @property
    def is_workshop(self) -> bool:
        return self.kind == self.Kind.WORKSHOP

    @property
    def link_opens_at(self) -> datetime.datetime:
        return self.starts_at - datetime.timedelta(minutes=self.link_opens_minutes)

    def link_is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.link_opens_at <= now <= self.ends_at

    def has_ended(self, now=None) -> bool:
        return (now or timezone.now()) > self.ends_at

    def has_started(self, now=None) -> bool:
        return self.starts_at <= (now or timezone.now())


class WorkshopRegistrationQuerySet(models.QuerySet):
    def active(self):
        """Registrations that hold a place (not cancelled)."""
        return self.filter(cancelled_at=None)


class WorkshopRegistration(models.Model):
    """A candidate registered to a workshop session; the trainer records
    attendance afterwards. A cancelled registration is kept (``cancelled_at``)
    for the trainer's list and frees its place; registering again revives
    it."""

    event = models.ForeignKey(
        Event, verbose_name=_("workshop"), related_name="registrations", on_delete=models.CASCADE
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("candidate"),
        related_name="workshop_registrations",
        on_delete=models.CASCADE,
    )
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    attendance_recorded_at = models.DateTimeField(_("attendance recorded at"), null=True)
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attendance recorded by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )

    objects = WorkshopRegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("workshop registration")
        verbose_name_plural = _("workshop registrations")
        ordering = ["event", "user__last_name", "user__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                name="calendar_workshopregistration_unique",
                violation_error_message=_("Already registered to this workshop."),
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.event}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class FeedToken(models.Model):
    """The secret of a user's personal iCalendar feed URL. Regenerating it
    revokes the old URL; deleting it revokes the feed."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        related_name="calendar_feed_token",
        on_delete=models.CASCADE,
    )
    token = models.CharField(_("secret"), max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.user)


class CalendarPdf(models.Model):
    """A generated PDF calendar of a preparation: the printable group version
    (``candidate`` empty) or a candidate's own ("Mon calendrier", with their
    ticks). ``inputs_hash`` identifies what it was built from, so that a
    rebuild with unchanged inputs is skipped; ``stale`` asks for a rebuild."""

    preparation = models.ForeignKey(
        "courses.Preparation",
        verbose_name=_("preparation"),
        related_name="calendar_pdfs",
        on_delete=models.CASCADE,
    )
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("candidate"),
        related_name="calendar_pdfs",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    file = models.FileField(_("file"), upload_to="calendar/pdf/", blank=True)
    inputs_hash = models.CharField(_("inputs hash"), max_length=64, blank=True)
    generated_at = models.DateTimeField(_("generated at"), null=True, blank=True)
    stale = models.BooleanField(_("to rebuild"), default=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("PDF calendar")
        verbose_name_plural = _("PDF calendars")
        constraints = [
            models.UniqueConstraint(
                fields=["preparation", "candidate"],
                nulls_distinct=False,
                name="calendar_calendarpdf_unique",
            )
        ]

    def __str__(self):
        return f"{self.preparation} — {self.candidate or '*'}"


class Reminder(models.Model):
    """A reminder email to one person about one thing (an event the next
    day, an assignment deadline in three days). The row is written first,
    with a unique key, then sent after commit: running the beat task twice
    sends nothing more."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        related_name="calendar_reminders",
        on_delete=models.CASCADE,
    )
    key = models.CharField(_("key"), max_length=200)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="calendar_reminder_unique")
        ]

    def __str__(self):
        return f"{self.user} — {self.key}"
