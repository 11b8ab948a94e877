"""Keep the PDF calendars up to date: each handler calls one service. The
work runs after the commit of the change (nothing is added to the writing
transaction, nor to the queries of a page that did not commit)."""

from . import services


def event_changed(sender, instance, **kwargs):
    services.calendar_pdfs_refresh_later(
        preparation_id=instance.preparation_id, course_id=instance.course_id
    )


def activity_changed(sender, instance, **kwargs):
    services.calendar_pdfs_refresh_later(course_id=instance.course_id)


def completion_changed(sender, user, activity, **kwargs):
    services.calendar_pdfs_refresh_later(candidate_id=user.pk)


def enrolments_changed(sender, registration, **kwargs):
    services.calendar_pdfs_refresh_later(preparation_id=registration.preparation_id)
