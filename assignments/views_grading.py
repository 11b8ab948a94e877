"""Grading with a grid (and double marking) on a copy's page. Access:
``assignments.permissions`` through ``assignments.grids``."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import grids, permissions
from .forms_grids import GridMarkingForm, initial_for


def grid_context(user, submission, feedbacks, *, can_grade: bool, form=None) -> dict:
    """What a copy's page shows of its grid: the final marking of each
    returned round (``feedback.final_marking``, for everyone who reads the
    copy), and for graders the markings they may see and their form."""
    assignment = submission.assignment
    if assignment.grid_id is None:
        return {}
    finals = grids.final_markings(feedbacks)
    for feedback in feedbacks:
        feedback.final_marking = finals.get(feedback.handin)
    if not (can_grade or permissions.can_manage_assignment(user, assignment)):
        return {"grid_used": True}
    grid = grids.grid_of(assignment)
    state = grids.marking_state(user, submission, grid, may_grade=can_grade)
    if can_grade and state.role is not None and form is None:
        form = GridMarkingForm(
            initial=initial_for(state),
            criteria=state.criteria,
            with_file=state.role == "final",
        )
    return {"grid_used": True, "grid": grid, "grid_state": state, "grid_form": form}


@require_POST
def grid_grade(request, pk):
    from .views import _files_for, _visible_submission

    submission = _visible_submission(request, pk)
    user = request.user
    if not permissions.can_grade_submission(user, submission):
        raise PermissionDenied
    assignment = submission.assignment
    grid = grids.grid_of(assignment)
    if grid is None:
        raise Http404  # graded with a single grade: no grid to post to
    state = grids.marking_state(user, submission, grid, may_grade=True)
    form = GridMarkingForm(
        request.POST,
        request.FILES,
        criteria=state.criteria,
        with_file=state.role == "final",
    )
    return_now = "return" in request.POST and state.role == "final"
    if form.is_valid():
        try:
            grids.marking_save(
                actor=user,
                submission=submission,
                points=form.points(),
                comments=form.comments(),
                comment=form.cleaned_data["comment"],
                annotated=form.cleaned_data.get("annotated"),
                return_now=return_now,
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            if state.role == "final":
                message = (
                    _("The copy is returned to the candidate.")
                    if return_now
                    else _("Grading saved.")
                )
            else:
                message = _("Your marking is saved. The other corrector does not see it.")
            messages.success(request, message)
            return redirect("assignments:submission", pk=submission.pk)
    feedbacks = list(submission.feedbacks.all())
    context = {
        "submission": submission,
        "assignment": assignment,
        "files": _files_for(user, submission),
        "feedbacks": feedbacks,
        "current_feedback": next((f for f in feedbacks if f.handin == submission.handin), None),
        "manages": True,
        "can_grade": True,
        "show_identity": permissions.can_view_identity(user, submission),
    }
    context.update(grid_context(user, submission, feedbacks, can_grade=True, form=form))
    return render(request, "assignments/submission_detail.html", context, status=400)
