"""Access rules of the content app, as plain predicates. Each one is paired
with the selector listing the same rows (``selectors.*_visible_to``)."""

from courses.api import activities_visible_to, tracking_registration
from courses.api import is_producer_of as _is_producer_of

from .models import Attempt, ErrorReport, Quiz


def is_producer_of(user, course) -> bool:
    """A member of ``course``'s production group (active producer enrolment),
    or an administrator."""
    return _is_producer_of(user, course)


def can_view_quiz(user, quiz: Quiz) -> bool:
    return activities_visible_to(user).filter(pk=quiz.activity_id).exists()


def can_attempt_quiz(user, quiz: Quiz) -> bool:
    """Only active candidates of the course attempt a quiz (decision 0001);
    trainers, producers and withdrawn candidates only look at it."""
    return (
        user.is_authenticated
        and quiz.activity.is_available()
        and tracking_registration(user, quiz.activity.course) is not None
    )


def can_view_attempt(user, attempt: Attempt) -> bool:
    from .selectors import attempts_visible_to

    return attempts_visible_to(user).filter(pk=attempt.pk).exists()


def can_edit_glossary(user, course) -> bool:
    return is_producer_of(user, course)


def can_propose_glossary_entry(user, course) -> bool:
    return user.is_authenticated and tracking_registration(user, course) is not None


def can_edit_media(user, activity) -> bool:
    return is_producer_of(user, activity.course)


def can_review(user, activity) -> bool:
    return is_producer_of(user, activity.course)


def can_report_error(user, activity) -> bool:
    """Whoever may open an activity may tell what is wrong in it."""
    return activities_visible_to(user).filter(pk=activity.pk).exists()


def can_view_report(user, report: ErrorReport) -> bool:
    from .selectors import reports_visible_to

    return reports_visible_to(user).filter(pk=report.pk).exists()


def can_answer_report(user, report: ErrorReport) -> bool:
    return is_producer_of(user, report.activity.course)


def can_import_into(user, course) -> bool:
    """Bring questions, glossary entries or a Moodle backup into ``course``:
    its producers and admins (paired with ``selectors.courses_produced_by``)."""
    return is_producer_of(user, course)


def can_import_new_course(user) -> bool:
    """Create a course from a Moodle backup: admins only."""
    return user.is_authenticated and user.is_superuser


def can_import_moodle_backups(user) -> bool:
    """See the Moodle import page: whoever may import into some course."""
    from .selectors import courses_produced_by

    return can_import_new_course(user) or courses_produced_by(user).exists()
