"""Assignments (devoirs), copies and their grading.

A copy is never deleted nor overwritten: every upload is a ``SubmissionFile``
row pointing to a file stored under a random name; handing in marks the
current files with the round (``handin``) they belong to. Grades live in
``Feedback`` rows, one per handed-in round, so a resubmission keeps the
previous grade and comments."""

import datetime
import statistics
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core import uploads
from core.markup import RichTextField

# Accepted kinds of files: codes of core.uploads.KINDS (typed by content there).
FILE_KINDS = uploads.DOCUMENTS
DEFAULT_FILE_KINDS = list(uploads.DOCUMENTS)


def default_file_kinds():
    return list(DEFAULT_FILE_KINDS)


class Assignment(models.Model):
    """A devoir put online by the trainers of a course."""

    course = models.ForeignKey(
        "courses.Course",
        verbose_name=_("course"),
        related_name="assignments",
        on_delete=models.PROTECT,
    )
    activity = models.OneToOneField(
        "courses.Activity",
        verbose_name=_("activity"),
        related_name="assignment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text=_("The course activity (of kind assignment) that leads to this assignment."),
    )
    title = models.CharField(_("title"), max_length=200)
    instructions = RichTextField(
        _("instructions"), blank=True, help_text=_("Rich text (sanitised HTML).")
    )
    opens_at = models.DateTimeField(_("opens at"), default=timezone.now)
    due_at = models.DateTimeField(_("due at"))
    cutoff_at = models.DateTimeField(
        _("cut-off at"),
        null=True,
        blank=True,
        help_text=_("Late copies are accepted until then and marked late. Empty: none."),
    )
    max_files = models.PositiveSmallIntegerField(
        _("maximum number of files"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    max_size_mb = models.PositiveSmallIntegerField(
        _("maximum size per file (MB)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    accepted_kinds = models.JSONField(_("accepted file types"), default=default_file_kinds)
    scale = models.PositiveSmallIntegerField(
        _("graded out of"), default=20, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainers in charge"),
        related_name="assignments_in_charge",
        blank=True,
        help_text=_("Empty: every trainer of the course."),
    )
    blind_marking = models.BooleanField(
        _("blind marking"),
        default=False,
        help_text=_("Trainers see “Copie n° 17” instead of names until grades are released."),
    )
    allow_resubmission = models.BooleanField(_("resubmission allowed after return"), default=False)
    exam_paper = models.ForeignKey(
        "assignments.ExamPaper",
        verbose_name=_("exam paper"),
        related_name="assignments",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("The épreuve of the concours this assignment trains for."),
    )
    grid = models.ForeignKey(
        "assignments.GradingGrid",
        verbose_name=_("grading grid"),
        related_name="assignments",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Copies are graded criterion by criterion. Empty: a single grade."),
    )
    double_marking = models.BooleanField(
        _("double marking"),
        default=False,
        help_text=_(
            "Two trainers grade each copy with the grid, blind of each other; "
            "a third one or the first reconciles the final grade."
        ),
    )
    grades_released = models.BooleanField(_("grades released"), default=False)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
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
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["due_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_at__gte=models.F("opens_at")),
                name="assignments_due_after_open",
                violation_error_message=_("The due date must follow the opening date."),
            ),
            models.CheckConstraint(
                condition=Q(cutoff_at__isnull=True) | Q(cutoff_at__gte=models.F("due_at")),
                name="assignments_cutoff_after_due",
                violation_error_message=_("The cut-off date must follow the due date."),
            ),
        ]
        indexes = [models.Index(fields=["course", "due_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("assignments:detail", kwargs={"pk": self.pk})

    def clean(self):
        from .grids import check_assignment_grid

        super().clean()
        check_assignment_grid(self)

    @property
    def max_size(self) -> int:
        return self.max_size_mb * 1024 * 1024

    @property
    def accepted_extensions(self) -> list[str]:
        return [ext for kind in self.accepted_kinds for ext in uploads.KINDS[kind].extensions]

    @property
    def accepted_labels(self) -> str:
        return uploads.labels(k for k in self.accepted_kinds if k in uploads.KINDS)

    @property
    def hides_identity(self) -> bool:
        return self.blind_marking and not self.grades_released

    def due_for(self, extension: "Extension | None") -> datetime.datetime:
        return extension.due_at if extension is not None else self.due_at

    def cutoff_for(self, extension: "Extension | None") -> datetime.datetime:
        """Last moment a copy is accepted: the cut-off, never before the
        (extended) due date."""
        due = self.due_for(extension)
        return max(self.cutoff_at or due, due)


def subject_upload_to(instance, filename):
    return f"assignments/{instance.assignment_id}/subject/{filename}"


class SubjectFile(models.Model):
    """A file of the subject (sujet, documents) attached by a trainer."""

    assignment = models.ForeignKey(
        Assignment,
        verbose_name=_("assignment"),
        related_name="subject_files",
        on_delete=models.CASCADE,
    )
    file = models.FileField(_("file"), upload_to=subject_upload_to, max_length=300)
    original_name = models.CharField(_("name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("subject file")
        verbose_name_plural = _("subject files")
        ordering = ["assignment", "pk"]

    def __str__(self):
        return self.original_name


class Extension(models.Model):
    """A new due date granted to one candidate."""

    assignment = models.ForeignKey(
        Assignment,
        verbose_name=_("assignment"),
        related_name="extensions",
        on_delete=models.CASCADE,
    )
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("candidate"),
        related_name="assignment_extensions",
        on_delete=models.CASCADE,
    )
    due_at = models.DateTimeField(_("new due date"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
    )
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)

    class Meta:
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "candidate"], name="assignments_extension_unique"
            )
        ]

    def __str__(self):
        return f"{self.assignment} — {self.candidate}"


class Submission(models.Model):
    """A candidate's copy for an assignment (all its rounds and files)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("handed in")
        LATE = "late", _("handed in late")
        GRADED = "graded", pgettext_lazy("copy status", "graded")
        RETURNED = "returned", _("returned")

    HANDED_IN = (Status.SUBMITTED, Status.LATE, Status.GRADED, Status.RETURNED)

    assignment = models.ForeignKey(
        Assignment,
        verbose_name=_("assignment"),
        related_name="submissions",
        on_delete=models.PROTECT,
    )
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("candidate"),
        related_name="submissions",
        on_delete=models.PROTECT,
    )
    registration = models.ForeignKey(
        "courses.Registration",
        verbose_name=_("registration"),
        related_name="submissions",
        on_delete=models.PROTECT,
        help_text=_("The registration through which the candidate works (tutor, centre)."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    is_late = models.BooleanField(_("late"), default=False)
    blind_number = models.PositiveIntegerField(_("copy number"))
    handin = models.PositiveSmallIntegerField(
        _("rounds handed in"), default=0, help_text=_("Incremented at each hand-in.")
    )
    submitted_at = models.DateTimeField(_("handed in at"), null=True, blank=True)
    authorship_statement = models.TextField(_("statement of authorship"), blank=True)
    receipt_sent_for = models.PositiveSmallIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["assignment", "blind_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "candidate"], name="assignments_submission_unique"
            ),
            models.UniqueConstraint(
                fields=["assignment", "blind_number"], name="assignments_submission_blind_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["assignment", "status"]),
            models.Index(fields=["status", "submitted_at"]),
        ]

    def __str__(self):
        return f"{self.assignment} — {self.candidate}"

    def get_absolute_url(self):
        return reverse("assignments:submission", kwargs={"pk": self.pk})

    @property
    def is_handed_in(self) -> bool:
        return self.status in self.HANDED_IN

    @property
    def blind_label(self) -> str:
        from django.utils.translation import gettext

        return gettext("Copy no. %(number)s") % {"number": self.blind_number}


def submission_upload_to(instance, filename):
    # The caller passes a random name; the original one is only in the row.
    return f"assignments/{instance.submission.assignment_id}/{filename}"


class SubmissionFile(models.Model):
    """One uploaded file (a version). Never deleted by the application."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), related_name="files", on_delete=models.PROTECT
    )
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=submission_upload_to, max_length=300)
    original_name = models.CharField(_("original name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True
    )
    is_current = models.BooleanField(
        _("in the copy"), default=True, help_text=_("Part of the copy being prepared.")
    )
    handin = models.PositiveSmallIntegerField(_("handed in with round"), null=True, blank=True)

    class Meta:
        verbose_name = _("submitted file")
        verbose_name_plural = _("submitted files")
        ordering = ["submission", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "number"], name="assignments_file_number_unique"
            )
        ]

    def __str__(self):
        return f"{self.original_name} (v{self.number})"


def feedback_upload_to(instance, filename):
    return f"assignments/{instance.submission.assignment_id}/feedback/{filename}"


class Feedback(models.Model):
    """The grade and comments of one handed-in round of a submission."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), related_name="feedbacks", on_delete=models.PROTECT
    )
    handin = models.PositiveSmallIntegerField(_("round"))
    grade = models.DecimalField(_("grade"), max_digits=5, decimal_places=2, null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    annotated_file = models.FileField(
        _("annotated copy"), upload_to=feedback_upload_to, max_length=300, blank=True
    )
    annotated_name = models.CharField(_("annotated copy name"), max_length=200, blank=True)
    annotated_sha256 = models.CharField(max_length=64, blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("graded by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
    )
    graded_at = models.DateTimeField(_("graded at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    # The first time the candidate opened this returned feedback (read
    # receipt for the tutor and the trainers); staff visits do not count.
    read_at = models.DateTimeField(_("read by the candidate at"), null=True, blank=True)
    return_email_sent = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["submission", "-handin"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "handin"], name="assignments_feedback_round_unique"
            ),
            models.CheckConstraint(
                condition=Q(grade__isnull=True) | Q(grade__gte=Decimal(0)),
                name="assignments_feedback_grade_positive",
            ),
        ]

    def __str__(self):
        return f"{self.submission} — {self.grade}"


class Report(models.Model):
    """The general report (compte rendu) of an assignment, shown to the
    group when grades are released."""

    assignment = models.OneToOneField(
        Assignment, verbose_name=_("assignment"), related_name="report", on_delete=models.CASCADE
    )
    body = RichTextField(_("report"), help_text=_("Rich text (sanitised HTML)."))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True
    )
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self):
        return str(self.assignment)


def grade_distribution(grades, scale: int) -> dict:
    """min, median, max and a five-bin histogram of ``grades``."""
    grades = sorted(Decimal(g) for g in grades)
    if not grades:
        return {"count": 0}
    width = Decimal(scale) / 5
    bins = [0] * 5
    for grade in grades:
        bins[min(int(grade / width), 4)] += 1
    total = len(grades)
    return {
        "count": total,
        "min": grades[0],
        "median": statistics.median(grades),
        "max": grades[-1],
        "bins": [
            {
                "low": width * i,
                "high": width * (i + 1),
                "count": count,
                "percent": round(100 * count / total),
            }
            for i, count in enumerate(bins)
        ],
    }


def archive_upload_to(instance, filename):
    return f"assignments/{instance.assignment_id}/archives/{filename}"


class CopiesArchive(models.Model):
    """A ZIP of every handed-in copy of an assignment, built by a Celery task
    for big sets. Names are anonymous when built under blind marking."""

    class Status(models.TextChoices):
        PENDING = "pending", _("being prepared")
        READY = "ready", pgettext_lazy("copies archive status", "ready")
        FAILED = "failed", _("failed")

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("assignment"), related_name="archives", on_delete=models.CASCADE
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True
    )
    anonymous = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    file = models.FileField(upload_to=archive_upload_to, max_length=300, blank=True)
    file_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    built_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("archive of copies")
        verbose_name_plural = _("archives of copies")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.assignment} ({self.created_at:%Y-%m-%d %H:%M})"


from .models_grids import (  # noqa: E402, F401 - the grids' models, in their own module
    CriterionMark,
    ExamPaper,
    GradingGrid,
    GridCriterion,
    Marking,
)
