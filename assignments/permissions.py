"""Access rules about assignments and copies, as plain predicates. Each one
agrees with its selector in ``assignments.selectors`` (tested per role)."""

from courses.api import (
    Registration,
    coordinator_q,
    graded_registrations_q,
    grading_side_q,
    is_grader_of,
    is_trainer_of,
    is_tutor_of_registration,
    tracking_registration,
)

from .models import Assignment, Submission
from .selectors import (
    assignments_managed_by,
    assignments_visible_to,
    submissions_visible_to,
)


def can_view_assignment(user, assignment: Assignment) -> bool:
    return assignments_visible_to(user).filter(pk=assignment.pk).exists()


def can_manage_assignment(user, assignment: Assignment) -> bool:
    """Edit the assignment, read every copy, grant extensions, write the
    report: trainers of the course and administrators."""
    return assignments_managed_by(user).filter(pk=assignment.pk).exists()


def can_create_assignment_in(user, course) -> bool:
    if not user.is_authenticated:
        return False
    return is_trainer_of(user, course)


def can_view_submission(user, submission: Submission) -> bool:
    """The candidate, the trainers of the course, the candidate's tutor, the
    coordinators of the candidate's centre, administrators; never another
    candidate."""
    return submissions_visible_to(user).filter(pk=submission.pk).exists()


def can_grade_submission(user, submission: Submission) -> bool:
    """Grade and return: the graders of the copy (``courses.api.is_grader_of``:
    national trainers of the course for a Callisto candidate, the trainers of
    the candidate's centre for a regional one), the ones in charge of the
    assignment among them when some are named; administrators."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    assignment = submission.assignment
    if not is_grader_of(user, submission.registration, assignment.course_id):
        return False
    in_charge = list(assignment.trainers.filter(grading_side_q(user)).values_list("pk", flat=True))
    return not in_charge or user.pk in in_charge


def can_release_grades(user, assignment: Assignment) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if not is_trainer_of(user, assignment.course_id):
        return False
    in_charge = list(assignment.trainers.filter(grading_side_q(user)).values_list("pk", flat=True))
    return not in_charge or user.pk in in_charge


def can_submit(user, assignment: Assignment) -> bool:
    """May ``user`` upload and hand in a copy (an active candidate of the
    course, see docs/decisions/0001-withdrawn-candidates-access.md)?"""
    if not user.is_authenticated:
        return False
    return tracking_registration(user, assignment.course) is not None


def can_grant_extension(user, assignment: Assignment, candidate) -> bool:
    """The graders of the candidate's copies (trainers of the course on the
    candidate's side), coordinators of the candidate's centre (for a
    candidate of the course), administrators."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    registrations = Registration.objects.filter(
        candidate=candidate, enrolments__course_id=assignment.course_id
    )
    if is_trainer_of(user, assignment.course_id) and (
        registrations.filter(graded_registrations_q(user)).exists()
    ):
        return True
    return registrations.filter(coordinator_q(user, via="preparation__centre__")).exists()


def can_view_identity(user, submission: Submission) -> bool:
    """Under blind marking, trainers see a copy number until grades are
    released; the candidate, tutor and coordinator know who it is."""
    if not submission.assignment.hides_identity:
        return True
    if submission.candidate_id == user.pk:
        return True
    registration = submission.registration
    if is_tutor_of_registration(user, registration):
        return True
    return (
        Registration.objects.filter(pk=registration.pk)
        .filter(coordinator_q(user, via="preparation__centre__"))
        .exists()
    )


def can_view_grade_report(user, course) -> bool:
    """The grade report of ``course``: its trainers (every candidate),
    tutors (their candidates), coordinators (their centres' candidates),
    administrators (``courses.relations.followed_enrolments``)."""
    from courses.api import courses_followed_by

    return courses_followed_by(user).filter(pk=getattr(course, "pk", course)).exists()
