"""Access rules about courses, as plain predicates."""

from . import relations
from .models import Activity, Course
from .selectors import (
    activities_visible_to,
    courses_edited_by,
    courses_visible_to,
)


def can_view_course(user, course: Course) -> bool:
    return courses_visible_to(user).filter(pk=course.pk).exists()


def can_edit_course(user, course: Course) -> bool:
    return courses_edited_by(user).filter(pk=course.pk).exists()


def can_view_activity(user, activity: Activity) -> bool:
    return activities_visible_to(user).filter(pk=activity.pk).exists()


def is_trainer_of(user, course: Course) -> bool:
    """Does ``user`` teach ``course`` (``relations.is_trainer_of``)?
    Administrators teach every course."""
    return relations.is_trainer_of(user, course)


def can_track(user, activity: Activity) -> bool:
    """May ``user`` complete ``activity`` (as an active candidate)?"""
    from .selectors import tracking_registration

    return (
        activity.is_tracked
        and activity.is_available()
        and tracking_registration(user, activity.course) is not None
    )


def can_tick(user, activity: Activity) -> bool:
    """May ``user`` tick or untick ``activity`` by hand?"""
    return activity.completion_rule == Activity.CompletionRule.MANUAL and can_track(user, activity)


def can_withdraw(user, registration) -> bool:
    """May ``user`` declare a withdrawal from ``registration``? Only its
    candidate, while it is active."""
    return user.is_authenticated and registration.candidate_id == user.pk and registration.is_active


# --- Staff roles (decision 0017) -------------------------------------------------


def can_grant_role(actor, *, user, role: str, centre, course=None) -> bool:
    """May ``actor`` grant ``role`` to ``user`` in ``centre`` (for
    ``course``)? Administrators: anywhere. A coordinator: in a centre they
    coordinate, to a person of that centre, for one of the centre's courses
    (``relations.courses_of_centre``); never in another centre. Whether the
    person may hold the role is ``relations.staff_role_refusal``."""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return False
    if actor.is_superuser:
        return True
    centre_id = getattr(centre, "pk", centre)
    if not actor.is_staff or not relations.is_coordinator_of(actor, centre_id):
        return False
    if user.centre_id != centre_id:
        return False
    if course is not None:
        return relations.courses_of_centre(centre_id).filter(pk=course.pk).exists()
    return True


def can_withdraw_role(actor, grant) -> bool:
    """May ``actor`` withdraw ``grant``? Administrators: any. A coordinator:
    a grant of a centre they coordinate, whoever holds it (a tutor of no
    centre named by an administrator included), except their own
    coordinator role (another coordinator or an administrator withdraws
    it)."""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return False
    if actor.is_superuser:
        return True
    if grant.role == grant.Role.COORDINATOR and grant.user_id == actor.pk:
        return False
    return actor.is_staff and relations.is_coordinator_of(actor, grant.centre_id)


def staff_roles_visible_to(actor):
    """The grants ``actor`` may list: every one for administrators, those of
    the centres a coordinator coordinates, none for anyone else."""
    from .models import StaffRole

    if actor is None or not actor.is_authenticated:
        return StaffRole.objects.none()
    if actor.is_superuser:
        return StaffRole.objects.all()
    if not actor.is_staff:
        return StaffRole.objects.none()
    return StaffRole.objects.filter(centre__in=relations.centres_of_coordinator(actor))


def can_request_support(user, registration) -> bool:
    """May ``user`` send a support request ("Signaler une difficulté /
    demander un entretien") about ``registration``? Only its candidate,
    while it is active (after a withdrawal, the centre's address remains)."""
    return can_withdraw(user, registration)
