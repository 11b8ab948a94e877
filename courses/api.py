"""What other apps use from ``courses``. Import from here, not from the
internals, so the app can change behind it."""

from .models import Activity, Completion, Course, Enrolment, Exam, Preparation, Registration
from .permissions import (
    can_edit_course,
    can_track,
    can_view_activity,
    can_view_course,
    is_trainer_of,
)
from .selectors import (
    Progress,
    activities_visible_to,
    courses_edited_by,
    courses_trained_by,
    courses_visible_to,
    progress_by_course,
    progress_for_users,
    readable_courses,
    registrations_visible_to,
    tracking_registration,
    trainers_of,
)
from .services import complete_activity, uncomplete_activity, workshop_activity_create
from .signals import completion_changed, enrolments_changed

__all__ = [
    "Activity",
    "Completion",
    "Course",
    "Enrolment",
    "Exam",
    "Preparation",
    "Progress",
    "Registration",
    "activities_visible_to",
    "can_edit_course",
    "can_track",
    "can_view_activity",
    "can_view_course",
    "complete_activity",
    "completion_changed",
    "courses_edited_by",
    "courses_trained_by",
    "courses_visible_to",
    "enrolments_changed",
    "is_trainer_of",
    "progress_by_course",
    "progress_for_users",
    "readable_courses",
    "registrations_visible_to",
    "tracking_registration",
    "trainers_of",
    "uncomplete_activity",
    "workshop_activity_create",
]
