"""Cross-cutting records: the task outbox and the audit log."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    """A Celery task to send, written in the same transaction as the change
    that calls for it (a copy handed in, a grade returned...). Published
    after commit; if the broker is down it stays here and
    ``core.tasks.flush_outbox`` publishes it once the broker is back. Tasks
    sent this way must be idempotent (they may run twice)."""

    task_name = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list)
    kwargs = models.JSONField(_("keyword arguments"), default=dict)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(sent_at__isnull=True),
                name="core_outbox_pending_idx",
            )
        ]

    def __str__(self):
        return f"{self.task_name} #{self.pk}"


class AuditEntry(models.Model):
    """Append-only record of a sensitive action (logins, role and enrolment
    changes, grades, downloads of someone else's copy, exports, erasures)."""

    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    action = models.CharField(_("action"), max_length=64, db_index=True)
    target_type = models.CharField(_("object type"), max_length=100, blank=True)
    target_id = models.CharField(_("object id"), max_length=64, blank=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.summary}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit entries are append-only.")


class OutgoingEmail(models.Model):
    """Every email the site sends: written in the transaction that decided it
    (``core.mail.send``), sent after commit by the one task
    ``core.tasks.send_email`` on the ``emails`` queue. The row says whether it
    went out, so a redelivered task never sends twice; administrators read
    the outcome (sent, or failed after ``MAX_ATTEMPTS`` with the error)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    template = models.CharField(_("template"), max_length=200, blank=True)
    to = models.JSONField(_("recipients"))
    from_email = models.CharField(_("sender"), max_length=254, blank=True)
    subject = models.CharField(_("subject"), max_length=998)
    body = models.TextField(_("text"))
    html = models.TextField(_("HTML version"), blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    dedup_key = models.CharField(
        _("deduplication key"), max_length=200, unique=True, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="core_email_status_idx")]

    def __str__(self):
        return self.subject


class DataExport(models.Model):
    """A user's request for a copy of all their data (RGPD, right of access
    and portability), built in the background as a ZIP file."""

    class Status(models.TextChoices):
        PENDING = "pending", _("being prepared")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        related_name="data_exports",
        on_delete=models.CASCADE,
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    file = models.CharField(_("file"), max_length=300, blank=True)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    notified_at = models.DateTimeField(_("notified at"), null=True, blank=True)

    class Meta:
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")
        ordering = ["-requested_at"]

    def __str__(self):
        return f"{self.user} — {self.requested_at:%Y-%m-%d}"


class ErasureRequest(models.Model):
    """A request to erase a person (RGPD, right to erasure), handled by an
    administrator: the person is anonymised; what the exam process and the
    law require is kept without their identity."""

    class Status(models.TextChoices):
        PENDING = "pending", _("to handle")
        DONE = "done", _("anonymised")
        REFUSED = "refused", _("refused")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        related_name="erasure_requests",
        on_delete=models.PROTECT,
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    reason = models.TextField(_("request"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)

    class Meta:
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        ordering = ["status", "-requested_at"]

    def __str__(self):
        return f"{self.user} — {self.get_status_display()}"
