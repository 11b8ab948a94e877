"""Grading with a grid, and double marking (writes and the reads that go
with them).

- One corrector (no double marking): their grid marking is the ``final``
  one; its total, scaled to the assignment's scale, is the round's grade
  (``services.feedback_save``: status, return, audit, email as before).
- Double marking: the first two trainers in charge who grade write the
  ``first`` and ``second`` markings, each blind of the other (a corrector
  sees only their own until both are done; then neither can change theirs).
  Then a third trainer in charge, or the first corrector, writes the
  ``final`` marking (the form starts from the mean of the two), which gives
  the grade. The candidate, their tutor and coordinator only ever see the
  ``final`` marking, once the copy is returned.
Bad input (points above the maximum, negative, not a number, empty) is a
French message and nothing is written."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import CriterionMark, GradingGrid, GridCriterion, Marking, Submission
from .permissions import can_grade_submission, can_manage_assignment

CENT = Decimal("0.01")
Role = Marking.Role
_MARKS = Prefetch(
    "marks",
    queryset=CriterionMark.objects.select_related("criterion").order_by(
        "criterion__position", "criterion_id"
    ),
)


def parse_points(raw, criterion: GridCriterion) -> Decimal:
    """Points typed for one criterion ("3,5" or "3.5"), between 0 and its
    maximum, at most two decimals. Empty is refused: every criterion is
    graded."""
    text = "" if raw is None else str(raw).strip().replace(",", ".").replace("\u00a0", "")
    names = {"criterion": criterion.label, "max": _number(criterion.max_points)}
    if text == "":
        raise ValidationError(_("Give the points for “%(criterion)s”.") % names, code="required")
    try:
        points = Decimal(text)
    except InvalidOperation:
        raise ValidationError(
            _("The points for “%(criterion)s” must be a number, for example 3,5.") % names,
            code="invalid",
        ) from None
    if not points.is_finite() or points < 0 or points > criterion.max_points:
        raise ValidationError(
            _("The points for “%(criterion)s” must be between 0 and %(max)s.") % names,
            code="range",
        )
    if points != points.quantize(CENT):
        raise ValidationError(
            _("Use at most two decimals for “%(criterion)s”.") % names, code="decimals"
        )
    return points.quantize(CENT)


def _number(value: Decimal) -> str:
    value = Decimal(value)
    text = f"{value.normalize():f}" if value != value.to_integral_value() else f"{int(value)}"
    return text.replace(".", ",")


def grid_total(criteria) -> Decimal:
    return sum((c.max_points for c in criteria), Decimal(0))


def scaled_grade(points: Decimal, total: Decimal, scale: int) -> Decimal:
    """The grade out of ``scale`` for ``points`` out of ``total`` (the grid's
    own total when it is the scale, a rule of three otherwise), to the
    hundredth."""
    if total == scale:
        return points.quantize(CENT)
    return (points * scale / total).quantize(CENT, rounding=ROUND_HALF_UP)


# --- reads ----------------------------------------------------------------------


@dataclass
class MarkingState:
    """The markings of a copy's current round, and what ``user`` may see and
    do with them."""

    criteria: list[GridCriterion]
    total: Decimal
    first: Marking | None = None
    second: Marking | None = None
    final: Marking | None = None
    own: Marking | None = None  # the user's first or second marking
    visible: list[Marking] = field(default_factory=list)  # markings shown to ``user``
    role: str | None = None  # the marking ``user`` would write now (None: may not)
    refusal: str = ""  # why ``user`` may not grade now

    @property
    def both_done(self) -> bool:
        return self.first is not None and self.second is not None


def grid_of(assignment) -> GradingGrid | None:
    if assignment.grid_id is None:
        return None
    return GradingGrid.objects.prefetch_related("criteria").get(pk=assignment.grid_id)


def marking_state(
    user, submission: Submission, grid: GradingGrid, *, may_grade=None
) -> MarkingState:
    """Two queries (the round's markings with their marks; the grid's
    criteria come with ``grid``)."""
    criteria = list(grid.criteria.all())
    state = MarkingState(criteria=criteria, total=grid_total(criteria))
    markings = (
        Marking.objects.filter(submission=submission, handin=submission.handin)
        .select_related("marker")
        .prefetch_related(_MARKS)
    )
    for marking in markings:
        setattr(state, marking.role, marking)
    assignment = submission.assignment
    if may_grade is None:
        may_grade = can_grade_submission(user, submission)
    for marking in (state.first, state.second):
        if marking is not None and marking.marker_id == user.pk:
            state.own = marking
    if assignment.double_marking:
        if state.both_done and (may_grade or can_manage_assignment(user, assignment)):
            state.visible = [state.first, state.second]  # type: ignore[list-item]
        elif state.own is not None:
            state.visible = [state.own]
    if state.final is not None and (may_grade or can_manage_assignment(user, assignment)):
        state.visible.append(state.final)
    if may_grade and submission.is_handed_in:
        state.role, state.refusal = _role_for(user, assignment, state)
    return state


def _role_for(user, assignment, state: MarkingState) -> tuple[str | None, str]:
    if not assignment.double_marking:
        return Role.FINAL, ""
    if not state.both_done:
        if state.own is not None:
            return state.own.role, ""
        return (Role.FIRST if state.first is None else Role.SECOND), ""
    if state.second is not None and state.second.marker_id == user.pk and not user.is_superuser:
        return None, _(
            "Both correctors have graded. The final grade is reconciled by the first "
            "corrector or a third trainer."
        )
    return Role.FINAL, ""


def final_markings(feedbacks) -> dict[int, Marking]:
    """{handin: final marking} of the returned rounds among ``feedbacks``
    (one copy's), what the candidate sees; one query."""
    returned = [f.handin for f in feedbacks if f.returned_at]
    if not feedbacks or not returned:
        return {}
    submission_id = feedbacks[0].submission_id
    return {
        m.handin: m
        for m in Marking.objects.filter(
            submission_id=submission_id, handin__in=returned, role=Role.FINAL
        ).prefetch_related(_MARKS)
    }


# --- writes ---------------------------------------------------------------------


def marking_save(
    *, actor, submission: Submission, points: dict, comments: dict | None = None,
    comment: str = "", annotated=None, return_now: bool = False,
) -> Marking:  # fmt: skip
    """Write ``actor``'s marking of the current round: ``points`` and
    ``comments`` are keyed by criterion id. The ``final`` marking sets the
    round's grade (and returns it with ``return_now``)."""
    from . import services

    if not can_grade_submission(actor, submission):
        raise PermissionDenied(_("You are not in charge of grading this assignment."))
    assignment = submission.assignment
    grid = grid_of(assignment)
    if grid is None:
        raise ValidationError(_("This assignment has no grading grid."), code="no_grid")
    comments = comments or {}
    errors: list[str] = []
    values: dict[int, Decimal] = {}
    criteria = list(grid.criteria.all())
    if not criteria:
        raise ValidationError(_("This grading grid has no criterion yet."), code="empty_grid")
    for criterion in criteria:
        try:
            values[criterion.pk] = parse_points(points.get(criterion.pk), criterion)
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Submission.objects.select_for_update(of=("self",)).get(pk=submission.pk)
        if not locked.is_handed_in:
            raise ValidationError(_("This copy has not been handed in."), code="not_handed_in")
        submission.handin = locked.handin
        state = marking_state(actor, submission, grid, may_grade=True)
        if state.role is None:
            raise ValidationError(state.refusal, code="reconcile")
        role = state.role
        if assignment.double_marking and role == Role.FINAL and not state.both_done:
            raise ValidationError(_("Both correctors must grade first."), code="not_both")
        total_points = sum(values.values(), Decimal(0))
        grade = scaled_grade(total_points, state.total, assignment.scale)
        marking = getattr(state, role)
        if marking is None:
            marking = Marking(submission=submission, handin=locked.handin, role=role)
        marking.marker = actor
        marking.grid = grid
        marking.points = total_points
        marking.grade = grade
        marking.comment = comment or ""
        marking.marked_at = timezone.now()
        marking.save()
        marking.marks.all().delete()
        CriterionMark.objects.bulk_create(
            CriterionMark(
                marking=marking,
                criterion=criterion,
                points=values[criterion.pk],
                comment=(comments.get(criterion.pk) or "").strip(),
            )
            for criterion in criteria
        )
        if role == Role.FINAL:
            services.feedback_save(
                actor=actor,
                submission=submission,
                grade=grade,
                comment=comment,
                annotated=annotated,
                return_now=return_now,
                via_grid=True,
            )
        else:
            services._audit(actor, assignment, "marked", submission, role=role, grade=grade)
    return marking


def check_assignment_grid(assignment) -> None:
    """An assignment's grid belongs to its épreuve; double marking needs a
    grid; a grid already used to grade copies stays (``Assignment.clean``,
    so the admin form says it)."""
    errors = {}
    if assignment.grid_id is not None:
        grid = GradingGrid.objects.filter(pk=assignment.grid_id).only("exam_paper_id").first()
        if grid is not None and assignment.exam_paper_id not in (None, grid.exam_paper_id):
            errors["grid"] = _("Choose a grid of the assignment's exam paper.")
    if assignment.double_marking and assignment.grid_id is None:
        errors["double_marking"] = _("Double marking needs a grading grid.")
    if assignment.pk is not None:
        used = (
            Marking.objects.filter(submission__assignment_id=assignment.pk)
            .exclude(grid_id=assignment.grid_id)
            .exists()
        )
        if used:
            errors["grid"] = _("Copies are already graded with another grid: it cannot change.")
    if errors:
        raise ValidationError(errors)


def refuse_direct_grade(submission: Submission) -> None:
    """A copy graded with a grid takes its grade from the final marking."""
    if submission.assignment.grid_id is not None:
        raise ValidationError(
            _("This assignment is graded with its grid: fill in every criterion."),
            code="grid",
        )
