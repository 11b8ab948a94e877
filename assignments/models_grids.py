"""Grading grids (grilles de correction) per épreuve, and the markings of
correctors against them, double marking included.

An ``ExamPaper`` is an épreuve of the concours (note de synthèse,
dissertation...). A ``GradingGrid`` belongs to an épreuve: criteria with
their maximum points. An assignment graded with a grid keeps one
``Marking`` per corrector and round: ``final`` when one trainer grades; with
double marking, ``first`` and ``second`` (blind of each other) and then the
``final`` one written by whoever reconciles. The ``final`` marking gives the
round's ``Feedback`` its grade; the candidate sees only that one."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

MAX_CRITERION_POINTS = Decimal(100)


class ExamPaper(models.Model):
    """An épreuve of the concours (e.g. « Note de synthèse »)."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("exam paper")
        verbose_name_plural = _("exam papers")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class GradingGrid(models.Model):
    """The criteria an épreuve is graded on, with their maximum points."""

    exam_paper = models.ForeignKey(
        ExamPaper, verbose_name=_("exam paper"), related_name="grids", on_delete=models.PROTECT
    )
    title = models.CharField(_("title"), max_length=200)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("grading grid")
        verbose_name_plural = _("grading grids")
        ordering = ["exam_paper", "title"]

    def __str__(self):
        return f"{self.exam_paper} — {self.title}"

    @property
    def total(self) -> Decimal:
        """Sum of the criteria's maximum points (reads ``criteria.all()``)."""
        return sum((c.max_points for c in self.criteria.all()), Decimal(0))


class GridCriterion(models.Model):
    grid = models.ForeignKey(
        GradingGrid,
        verbose_name=_("grading grid"),
        related_name="criteria",
        on_delete=models.CASCADE,
    )
    label = models.CharField(_("criterion"), max_length=200)
    description = models.TextField(_("what is expected"), blank=True)
    max_points = models.DecimalField(
        _("maximum points"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(MAX_CRITERION_POINTS)],
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["grid", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_points__gt=Decimal(0)), name="assignments_criterion_max_positive"
            )
        ]

    def __str__(self):
        return self.label


class Marking(models.Model):
    """One corrector's grading of one round of a copy against the grid."""

    class Role(models.TextChoices):
        FIRST = "first", _("first corrector")
        SECOND = "second", _("second corrector")
        FINAL = "final", pgettext_lazy("marking", "final")

    submission = models.ForeignKey(
        "assignments.Submission",
        verbose_name=_("submission"),
        related_name="markings",
        on_delete=models.PROTECT,
    )
    handin = models.PositiveSmallIntegerField(_("round"))
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    marker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("corrector"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
    )
    grid = models.ForeignKey(
        GradingGrid, verbose_name=_("grading grid"), related_name="+", on_delete=models.PROTECT
    )
    points = models.DecimalField(_("points"), max_digits=7, decimal_places=2)
    grade = models.DecimalField(_("grade"), max_digits=5, decimal_places=2)
    comment = models.TextField(_("comment"), blank=True)
    marked_at = models.DateTimeField(_("marked at"), default=timezone.now)

    class Meta:
        verbose_name = _("marking")
        verbose_name_plural = _("markings")
        ordering = ["submission", "handin", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "handin", "role"], name="assignments_marking_role_unique"
            )
        ]

    def __str__(self):
        return f"{self.submission} — {self.get_role_display()}"


class CriterionMark(models.Model):
    marking = models.ForeignKey(
        Marking, verbose_name=_("marking"), related_name="marks", on_delete=models.CASCADE
    )
    criterion = models.ForeignKey(
        GridCriterion, verbose_name=_("criterion"), related_name="+", on_delete=models.PROTECT
    )
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=2)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("criterion mark")
        verbose_name_plural = _("criterion marks")
        ordering = ["marking", "criterion__position", "criterion_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["marking", "criterion"], name="assignments_criterion_mark_unique"
            ),
            models.CheckConstraint(
                condition=Q(points__gte=Decimal(0)), name="assignments_criterion_mark_positive"
            ),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.points}"
