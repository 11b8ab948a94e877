"""Forums: discussion per preparation and per course, announcements and
reports, with subscriptions, email deliveries, read marks and a moderation
audit trail.

A forum belongs to exactly one preparation (a centre's group of candidates)
or one course (national content shared by every centre)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.markup import RichTextField


class Forum(models.Model):
    class Kind(models.TextChoices):
        GENERAL = "general", _("general discussion")
        ANNOUNCEMENTS = "announcements", _("announcements")
        REPORTS = "reports", _("reports (errors and malfunctions)")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    preparation = models.ForeignKey(
        "courses.Preparation",
        verbose_name=_("preparation"),
        related_name="forums",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    course = models.ForeignKey(
        "courses.Course",
        verbose_name=_("course"),
        related_name="forums",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    activity = models.OneToOneField(
        "courses.Activity",
        verbose_name=_("activity"),
        related_name="forum",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        limit_choices_to={"kind": "forum"},
        help_text=_("The course activity of kind “forum” that opens this forum."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("forum")
        verbose_name_plural = _("forums")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(preparation__isnull=False, course=None)
                | Q(preparation=None, course__isnull=False),
                name="forums_forum_one_owner",
                violation_error_message=_("A forum belongs to a preparation or to a course."),
            ),
            models.UniqueConstraint(
                fields=["preparation", "kind"],
                condition=Q(preparation__isnull=False),
                name="forums_forum_one_kind_per_preparation",
            ),
            models.UniqueConstraint(
                fields=["course", "kind"],
                condition=Q(course__isnull=False, activity=None),
                name="forums_forum_one_kind_per_course",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("forums:forum", kwargs={"forum_id": self.pk})

    @property
    def is_announcements(self) -> bool:
        return self.kind == self.Kind.ANNOUNCEMENTS

    @property
    def is_reports(self) -> bool:
        return self.kind == self.Kind.REPORTS


class Thread(models.Model):
    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), related_name="threads", on_delete=models.CASCADE
    )
    title = models.CharField(_("subject"), max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        related_name="forum_threads",
        on_delete=models.PROTECT,
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_post_at = models.DateTimeField(_("last message at"), default=timezone.now)
    post_count = models.PositiveIntegerField(_("messages"), default=0)
    is_pinned = models.BooleanField(_("pinned"), default=False)
    is_locked = models.BooleanField(_("locked"), default=False)

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        ordering = ["-is_pinned", "-last_post_at", "-pk"]
        indexes = [models.Index(fields=["forum", "-is_pinned", "-last_post_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("forums:thread", kwargs={"thread_id": self.pk})


def attachment_path(instance, filename):
    # The stored name never comes from the user.
    import uuid

    return f"forums/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class Post(models.Model):
    thread = models.ForeignKey(
        Thread, verbose_name=_("thread"), related_name="posts", on_delete=models.CASCADE
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        related_name="forum_posts",
        on_delete=models.PROTECT,
    )
    body = RichTextField(_("message"), policy="forum", help_text=_("Sanitised HTML."))
    body_text = models.TextField(_("plain text"), blank=True, editable=False)
    quoted = models.ForeignKey(
        "self",
        verbose_name=_("quoted message"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("edited by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    is_hidden = models.BooleanField(_("hidden by moderation"), default=False)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["thread", "created_at", "id"])]

    def __str__(self):
        return f"{self.thread} — {self.author}"

    def get_absolute_url(self):
        return reverse("forums:post", kwargs={"post_id": self.pk})


class Attachment(models.Model):
    post = models.ForeignKey(
        Post, verbose_name=_("message"), related_name="attachments", on_delete=models.CASCADE
    )
    file = models.FileField(_("file"), upload_to=attachment_path)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("forums:attachment", kwargs={"attachment_id": self.pk})


class Subscription(models.Model):
    class Mode(models.TextChoices):
        IMMEDIATE = "immediate", _("each message by email")
        DIGEST = "digest", _("daily digest")
        NONE = "none", _("no email")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        related_name="forum_subscriptions",
        on_delete=models.CASCADE,
    )
    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), related_name="subscriptions", on_delete=models.CASCADE
    )
    mode = models.CharField(_("email"), max_length=20, choices=Mode.choices, default=Mode.IMMEDIATE)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["user", "forum"], name="forums_subscription_unique")
        ]
        indexes = [models.Index(fields=["forum", "mode"])]

    def __str__(self):
        return f"{self.user} — {self.forum} ({self.get_mode_display()})"


class Delivery(models.Model):
    """One post emailed (alone or in a digest) to one recipient: the unique
    constraint makes each (post, recipient) go out at most once."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENDING = "sending", _("sending")
        SENT = "sent", pgettext_lazy("forum email status", "sent")
        FAILED = "failed", _("failed")

    class Kind(models.TextChoices):
        IMMEDIATE = "immediate", _("immediate")
        DIGEST = "digest", _("daily digest")

    post = models.ForeignKey(
        Post, verbose_name=_("message"), related_name="deliveries", on_delete=models.CASCADE
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        related_name="forum_deliveries",
        on_delete=models.CASCADE,
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["post", "recipient"], name="forums_delivery_unique")
        ]
        indexes = [models.Index(fields=["status", "kind"])]

    def __str__(self):
        return f"{self.post_id} → {self.recipient_id} ({self.status})"


class ThreadRead(models.Model):
    """Up to when ``user`` has read ``thread``."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="+", on_delete=models.CASCADE)
    thread = models.ForeignKey(Thread, related_name="reads", on_delete=models.CASCADE)
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "thread"], name="forums_threadread_unique")
        ]

    def __str__(self):
        return f"{self.user_id} read {self.thread_id} at {self.read_at}"


class ForumRead(models.Model):
    """ "Mark all read": every post of ``forum`` up to ``read_at`` is read."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="+", on_delete=models.CASCADE)
    forum = models.ForeignKey(Forum, related_name="reads", on_delete=models.CASCADE)
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "forum"], name="forums_forumread_unique")
        ]

    def __str__(self):
        return f"{self.user_id} read {self.forum_id} at {self.read_at}"


class ModerationAction(models.Model):
    """Audit trail: who moderated what, when."""

    class Action(models.TextChoices):
        EDIT = "edit", _("edited a message")
        HIDE = "hide", _("hid a message")
        UNHIDE = "unhide", _("showed a message again")
        MOVE = "move", _("moved a thread")
        LOCK = "lock", _("locked a thread")
        UNLOCK = "unlock", _("unlocked a thread")
        PIN = "pin", _("pinned a thread")
        UNPIN = "unpin", _("unpinned a thread")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderator"),
        related_name="+",
        on_delete=models.PROTECT,
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    thread = models.ForeignKey(
        Thread, verbose_name=_("thread"), related_name="moderation", on_delete=models.CASCADE
    )
    post = models.ForeignKey(
        Post,
        verbose_name=_("message"),
        related_name="+",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    details = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("moderation action")
        verbose_name_plural = _("moderation actions")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.actor} {self.get_action_display()} ({self.created_at:%Y-%m-%d %H:%M})"
