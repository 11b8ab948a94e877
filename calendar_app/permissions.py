"""Access rules about the calendar, as plain predicates. Each predicate
assumes nothing: it checks visibility itself."""

from django.utils.translation import gettext_lazy as _

from courses import api as courses_api

from .models import Event
from .selectors import events_managed_by, events_visible_to, preparations_visible_to

# Why a regional candidate cannot register to a national workshop (the event
# page and the service say it).
NATIONAL_WORKSHOPS_ONLY_CALLISTO = _(
    "The national workshops are for the candidates of Callisto preparations. Your centre "
    "runs the workshops of your preparation: they are in your calendar."
)


def can_view_event(user, event: Event) -> bool:
    return events_visible_to(user).filter(pk=event.pk).exists()


def can_view_preparation_calendar(user, preparation) -> bool:
    """The printable group PDF of a preparation: its candidates (even
    withdrawn), their tutors, its centre's coordinators, administrators."""
    return preparations_visible_to(user).filter(pk=preparation.pk).exists()


def own_registration(user, preparation):
    """``user``'s registration in ``preparation`` (any status), or None."""
    if not user.is_authenticated:
        return None
    return courses_api.registration_in(user, preparation)


def can_manage_event(user, event: Event) -> bool:
    """Record attendance, attach the recording or the slides, and for a
    workshop change or cancel it: administrators, the trainers of the
    event's course (or of its activity's course), the coordinators of the
    event's preparation's centre (``selectors.events_managed_by``)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return events_managed_by(user).filter(pk=event.pk).exists()


def can_schedule_workshop(user, course) -> bool:
    """Create workshops in ``course`` (national workshops): its national
    trainers and administrators (``courses.api.is_trainer_of``,
    ``courses.api.is_national``)."""
    return (
        user.is_authenticated
        and (user.is_superuser or courses_api.is_national(user))
        and courses_api.is_trainer_of(user, course)
    )


def is_candidate_for(user, event: Event) -> bool:
    """Is ``user`` an active candidate of the event's audience (may act:
    withdrawn and finished candidates only read)?"""
    if not user.is_authenticated:
        return False
    course = event.course or (event.activity.course if event.activity_id else None)
    if course is not None:
        return courses_api.tracking_registration(user, course) is not None
    return courses_api.is_active_candidate_in(user, event.preparation_id)


def can_register_to_workshop(user, event: Event, now=None) -> bool:
    """A workshop not over, for an active candidate of its audience; a
    national workshop (of a course) only for the candidates of a Callisto
    preparation (``courses.api.may_attend_national_workshops``)."""
    if not event.is_workshop or event.has_ended(now):
        return False
    if courses_api.is_national_workshop(event):
        return courses_api.may_attend_national_workshops(user, event.course_id)
    return is_candidate_for(user, event)


def is_refused_national_workshop(user, event: Event, now=None) -> bool:
    """Is ``event`` a national workshop that ``user``, an active candidate of
    its course, may not register to (a regional candidate)? The page and the
    service then say why."""
    return (
        event.is_workshop
        and courses_api.is_national_workshop(event)
        and not event.has_ended(now)
        and is_candidate_for(user, event)
        and not courses_api.may_attend_national_workshops(user, event.course_id)
    )


def can_see_video_link(user, event: Event, *, is_registered: bool, now=None) -> bool:
    """Workshops: the link is for registered candidates once it opens (and
    for the people who run it). Other events: whoever sees the event."""
    if not event.video_url:
        return False
    if not event.is_workshop:
        return True
    if can_manage_event(user, event):
        return True
    return is_registered and event.link_is_open(now)
