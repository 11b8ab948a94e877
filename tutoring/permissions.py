"""Who may do what in tutoring. Each predicate is paired with a selector
(``tutoring.selectors``) that lists the same rows."""

from courses.api import is_trainer_of, is_tutor_of_record, is_tutor_of_registration

from .selectors import (
    threads_visible_to,
    trainer_requests_visible_to,
    tutored_registrations_visible_to,
    tutoring_registration_for,
)


def can_view_candidate(user, registration) -> bool:
    """Candidate page: the tutor, a coordinator of the centre, an
    administrator (never the candidate: it holds interview notes and the
    risk assessment)."""
    return tutored_registrations_visible_to(user).filter(pk=registration.pk).exists()


def can_view_thread(user, thread) -> bool:
    return threads_visible_to(user).filter(pk=thread.pk).exists()


def can_ask(user) -> bool:
    """May ``user`` open a theme (an active Callisto registration with a tutor)?"""
    return tutoring_registration_for(user) is not None


def can_answer(user, thread) -> bool:
    """Only the candidate's current tutor answers, while the registration is
    active (coordinators and administrators read)."""
    return is_tutor_of_registration(user, thread.registration)


def can_follow_up(user, registration) -> bool:
    """Send reminders and record the first interview: the candidate's tutor
    of record (the services refuse a reminder to a closed registration; the
    interview of a withdrawn candidate may still be corrected)."""
    return is_tutor_of_record(user, registration)


def can_view_interview_notes(user, registration) -> bool:
    """Interview notes: tutor, coordinators of the centre, administrators."""
    return can_view_candidate(user, registration)


def can_view_trainer_request(user, request) -> bool:
    """A request to the trainers: the candidate, the trainers asked, the
    coordinators in copy, those who follow the candidate, administrators."""
    return trainer_requests_visible_to(user).filter(pk=request.pk).exists()


def can_answer_trainer_request(user, request) -> bool:
    """One of the trainers asked, still a trainer of the course."""
    return (
        request.trainers.filter(pk=user.pk).exists() and is_trainer_of(user, request.course)
    ) or user.is_superuser
