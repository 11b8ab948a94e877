"""What other apps use from ``courses``. Import from here, not from the
internals, so the app can change behind it."""

from .forms import FILE_KINDS, MAX_FILE_BYTES
from .forms import FILE_KINDS as ACTIVITY_FILE_KINDS
from .forms import MAX_FILE_BYTES as ACTIVITY_FILE_MAX_BYTES
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
from .relations import (
    STAFF_ROLES,
    active_roles_of,
    candidate_enrolments_q,
    candidates_of_tutor,
    centres_of_coordinator,
    coordinator_q,
    course_people_ids,
    courses_acted_in_by,
    courses_followed_by,
    courses_of_producer,
    courses_of_trainer,
    courses_of_tutor,
    followed_enrolments,
    has_tutor,
    is_active_candidate_in,
    is_candidate_of,
    is_coordinator_of,
    is_producer_of,
    is_tutor,
    is_tutor_of,
    is_tutor_of_record,
    is_tutor_of_registration,
    may_tutor_in,
    menu_roles,
    preparation_member_ids,
    preparation_trainer_ids,
    preparations_acted_in_by,
    preparations_coordinated_or_taught_by,
    preparations_of_member,
    preparations_of_member_or_coordinator,
    preparations_of_trainer,
    produced_course_ids,
    producer_enrolments,
    producers_of,
    registration_in,
    registrations_of_coordinator,
    registrations_of_tutor,
    staff_enrolments,
    trained_course_ids,
    trainer_enrolments,
    tutor_of_record_q,
    tutor_q,
    tutored_enrolments,
    tutors_of_centres,
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
from .services import (
    complete_activity,
    enrol_staff,
    register_candidate,
    uncomplete_activity,
    workshop_activity_create,
)
from .signals import completion_changed, enrolments_changed

__all__ = [
    "ACTIVITY_FILE_KINDS",
    "ACTIVITY_FILE_MAX_BYTES",
    "ACTIVITY_ORDER",
    "FILE_KINDS",
    "MAX_FILE_BYTES",
    "STAFF_ROLES",
    "Activity",
    "Completion",
    "Course",
    "Enrolment",
    "Exam",
    "Preparation",
    "Progress",
    "Registration",
    "Section",
    "active_roles_of",
    "activities_visible_to",
    "can_edit_course",
    "can_track",
    "can_view_activity",
    "can_view_course",
    "candidate_enrolments_q",
    "candidates_of_tutor",
    "centres_of_coordinator",
    "clean_html",
    "complete_activity",
    "completion_changed",
    "coordinator_q",
    "course_outline",
    "course_people_ids",
    "courses_acted_in_by",
    "courses_edited_by",
    "courses_followed_by",
    "courses_of_producer",
    "courses_of_trainer",
    "courses_of_tutor",
    "courses_trained_by",
    "courses_visible_to",
    "enrol_staff",
    "enrolments_changed",
    "followed_enrolments",
    "has_tutor",
    "is_active_candidate_in",
    "is_candidate_of",
    "is_coordinator_of",
    "is_producer_of",
    "is_trainer_of",
    "is_tutor",
    "is_tutor_of",
    "is_tutor_of_record",
    "is_tutor_of_registration",
    "last_visit_at",
    "may_tutor_in",
    "menu_roles",
    "preparation_member_ids",
    "preparation_trainer_ids",
    "preparations_acted_in_by",
    "preparations_coordinated_or_taught_by",
    "preparations_of_member",
    "preparations_of_member_or_coordinator",
    "preparations_of_trainer",
    "produced_course_ids",
    "producer_enrolments",
    "producers_of",
    "progress_by_course",
    "progress_for_users",
    "readable_courses",
    "register_candidate",
    "registration_in",
    "registrations_of_coordinator",
    "registrations_of_tutor",
    "registrations_visible_to",
    "render_activity_page",
    "staff_enrolments",
    "tracking_registration",
    "trained_course_ids",
    "trainer_enrolments",
    "trainers_of",
    "tutor_of_record_q",
    "tutor_q",
    "tutored_enrolments",
    "tutors_of_centres",
    "uncomplete_activity",
    "workshop_activity_create",
]


def render_activity_page(request, course, activity, **options):
    """The activity page as ``courses`` draws it (the course studio's
    preview as a candidate passes ``preview_url``); see
    ``courses.views.render_activity_page``."""
    from .views import render_activity_page as render

    return render(request, course, activity, **options)


def last_visit_at(user_field: str):
    """A subquery: when the user at ``user_field`` of the outer row last
    opened an activity (None if never); for an ``annotate``."""
    from django.db.models import OuterRef, Subquery

    from .models import LastVisit

    latest = LastVisit.objects.filter(user_id=OuterRef(user_field)).order_by("-visited_at")
    return Subquery(latest.values("visited_at")[:1])
