"""Keep the PDF calendars up to date: each handler calls one service."""

from . import services


def event_changed(sender, instance, **kwargs):
    services.calendar_pdfs_mark_stale(preparation_ids=services.preparations_of_event(instance))


def activity_changed(sender, instance, **kwargs):
    services.calendar_pdfs_mark_stale(
        preparation_ids=services.preparations_of_course(instance.course_id)
    )


def completion_changed(sender, user, activity, **kwargs):
    services.calendar_pdfs_mark_stale(candidate_id=user.pk)


def enrolments_changed(sender, registration, **kwargs):
    services.calendar_pdfs_mark_stale(preparation_ids=[registration.preparation_id])
