"""Tutoring: question threads with the two-exchange rule, reminders
(relances) and the first interview.

Everything hangs on a ``courses.Registration`` of a Callisto preparation:
its ``tutor`` is who answers, who sends reminders and who holds the
interview. Nothing here is deleted when a candidate withdraws."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# An exchange is a candidate message and the tutor's answer; after this many
# exchanges a theme is closed for new candidate messages.
EXCHANGES_PER_THEME = 2


class Thread(models.Model):
    """A question theme opened by a candidate for their tutor."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    registration = models.ForeignKey(
        "courses.Registration",
        verbose_name=_("registration"),
        related_name="tutoring_threads",
        on_delete=models.PROTECT,
    )
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("candidate"),
        related_name="tutoring_threads",
        on_delete=models.PROTECT,
    )
    title = models.CharField(_("theme"), max_length=200)
    course = models.ForeignKey(
        "courses.Course",
        verbose_name=_("course"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    activity = models.ForeignKey(
        "courses.Activity",
        verbose_name=_("activity"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    exchanges = models.PositiveSmallIntegerField(_("exchanges"), default=0)
    # Set while a candidate message waits for the tutor's answer.
    awaiting_since = models.DateTimeField(_("waiting since"), null=True, blank=True)
    due_on = models.DateField(_("answer due on"), null=True, blank=True)
    overdue_notified_on = models.DateField(_("tutor told it is overdue on"), null=True, blank=True)
    created_at = models.DateTimeField(_("opened at"), default=timezone.now)
    updated_at = models.DateTimeField(_("last message at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("trainer asked at"), null=True, blank=True)
    escalation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("question theme")
        verbose_name_plural = _("question themes")
        ordering = ["-updated_at", "-pk"]
        indexes = [
            models.Index(fields=["registration", "status"]),
            models.Index(
                fields=["due_on"], condition=Q(due_on__isnull=False), name="tutoring_thread_due"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def awaits_tutor(self) -> bool:
        return self.awaiting_since is not None

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.due_on is not None and self.due_on < today


class Message(models.Model):
    thread = models.ForeignKey(
        Thread, verbose_name=_("theme"), related_name="messages", on_delete=models.CASCADE
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        related_name="tutoring_messages",
        on_delete=models.PROTECT,
    )
    from_tutor = models.BooleanField(_("from the tutor"), default=False)
    # Plain text, cleaned by the service; rendered escaped (never as HTML).
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    # Set once the other party has been emailed about this message.
    notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.thread} — {self.author}"


class Attachment(models.Model):
    """A file joined to a message; served only through an access-checked view."""

    message = models.ForeignKey(
        Message, verbose_name=_("message"), related_name="attachments", on_delete=models.CASCADE
    )
    file = models.FileField(_("file"), upload_to="tutoring/%Y/%m/")
    name = models.CharField(_("file name"), max_length=120)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.name


class Reminder(models.Model):
    """A reminder (relance) to a candidate: sent by the tutor or by the
    automatic daily check. The row is the email: it is sent after commit by a
    task that locks it and skips it once sent."""

    class Kind(models.TextChoices):
        MANUAL = "manual", _("sent by the tutor")
        AUTOMATIC = "automatic", _("automatic")

    class Template(models.TextChoices):
        MISSING_COPY = "missing_copy", _("Copy not handed in")
        INACTIVE = "inactive", _("Not seen for a while")
        UNREAD_FEEDBACK = "unread_feedback", _("Feedback not opened yet")
        FREE = "free", _("Free text")

    class Status(models.TextChoices):
        PENDING = "pending", _("to send")
        SENT = "sent", _("sent")
        NOT_EMAILED = "not_emailed", _("recorded, not emailed (candidate's choice)")

    registration = models.ForeignKey(
        "courses.Registration",
        verbose_name=_("registration"),
        related_name="tutoring_reminders",
        on_delete=models.PROTECT,
    )
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("candidate"),
        related_name="tutoring_reminders",
        on_delete=models.PROTECT,
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    template = models.CharField(_("template"), max_length=20, choices=Template.choices)
    reasons = models.TextField(_("reasons"), blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    # "auto:<candidate id>:<ISO year>-W<week>" for automatic ones: at most one a week.
    dedup_key = models.CharField(max_length=60, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["candidate", "-created_at"])]

    def __str__(self):
        return self.subject


class Interview(models.Model):
    """The first interview of a tutor with a candidate, with the contact
    channels agreed and the candidate's goals. ``notes`` are for staff only
    (see docs/tutoring.md)."""

    registration = models.OneToOneField(
        "courses.Registration",
        verbose_name=_("registration"),
        related_name="tutoring_interview",
        on_delete=models.PROTECT,
    )
    tutor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tutor"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
    )
    held_on = models.DateField(_("held on"))
    by_phone = models.BooleanField(_("phone"), default=False)
    by_email = models.BooleanField(_("email"), default=False)
    by_video = models.BooleanField(_("videoconference"), default=False)
    goals = models.TextField(_("candidate's goals"), blank=True)
    notes = models.TextField(_("interview notes"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("first interview")
        verbose_name_plural = _("first interviews")

    def __str__(self):
        return str(self.registration)

    @property
    def channels(self) -> list[str]:
        return [
            str(label)
            for flag, label in (
                (self.by_phone, _("phone")),
                (self.by_email, _("email")),
                (self.by_video, _("videoconference")),
            )
            if flag
        ]


class TrainerRequest(models.Model):
    """ "Solliciter un formateur": a candidate asks the trainers of a course
    about a closed theme, with a message; the course's trainers are asked,
    the centre's coordinators are in copy, an answer is due like a tutor's
    (business days). One per theme."""

    thread = models.OneToOneField(
        Thread, verbose_name=_("theme"), related_name="trainer_request", on_delete=models.PROTECT
    )
    course = models.ForeignKey(
        "courses.Course", verbose_name=_("course"), related_name="+", on_delete=models.PROTECT
    )
    message = models.TextField(_("message"))
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("trainers asked"), related_name="+"
    )
    copied = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinators in copy"),
        related_name="+",
        blank=True,
    )
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)
    due_on = models.DateField(_("answer due on"))
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("request to the trainers")
        verbose_name_plural = _("requests to the trainers")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return str(self.thread)

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.answered_at is None and self.due_on < today
