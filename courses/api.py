"""What other apps use from ``courses``. Import from here, not from the
internals, so the app can change behind it."""

from .forms import FILE_KINDS as ACTIVITY_FILE_KINDS
from .forms import MAX_FILE_BYTES as ACTIVITY_FILE_MAX_BYTES
from .models import Activity, Completion, Course, Enrolment, Exam, Preparation, Registration
from .forms import FILE_KINDS, MAX_FILE_BYTES
from .models import (
    Activity,
    Completion,
    Course,
    Enrolment,
    Exam,
    Preparation,
    Registration,
    Section,
)
from .permissions import (
    can_edit_course,
    can_track,
    can_view_activity,
    can_view_course,
    is_trainer_of,
)
from .sanitize import clean_html
from .selectors import (
    ACTIVITY_ORDER,
    Progress,
    activities_visible_to,
    course_outline,
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
    "ACTIVITY_FILE_KINDS",
    "ACTIVITY_FILE_MAX_BYTES",
    "ACTIVITY_ORDER",
    "FILE_KINDS",
    "MAX_FILE_BYTES",
    "Activity",
    "Completion",
    "Course",
    "Enrolment",
    "Exam",
    "Preparation",
    "Progress",
    "Registration",
    "Section",
    "activities_visible_to",
    "can_edit_course",
    "can_track",
    "can_view_activity",
    "can_view_course",
    "clean_html",
    "complete_activity",
    "completion_changed",
    "course_outline",
    "courses_edited_by",
    "courses_trained_by",
    "courses_visible_to",
    "enrolments_changed",
    "is_trainer_of",
    "progress_by_course",
    "progress_for_users",
    "readable_courses",
    "registrations_visible_to",
    "render_activity_page",
    "tracking_registration",
    "trainers_of",
    "uncomplete_activity",
    "workshop_activity_create",
]


def render_activity_page(request, course, activity, **options):
    """The activity page as ``courses`` draws it (the course studio's
    preview as a candidate passes ``preview_url``); see
    ``courses.views.render_activity_page``."""
    from .views import render_activity_page as render

    return render(request, course, activity, **options)
