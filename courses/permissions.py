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


def can_request_support(user, registration) -> bool:
    """May ``user`` send a support request ("Signaler une difficulté /
    demander un entretien") about ``registration``? Only its candidate,
    while it is active (after a withdrawal, the centre's address remains)."""
    return can_withdraw(user, registration)
