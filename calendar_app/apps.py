from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class CalendarAppConfig(AppConfig):
    name = "calendar_app"
    verbose_name = _("Calendar")

    def ready(self):
        from core import fragments

        from . import models as m

        # Cached fragments (core/fragments.py): events feed the calendar
        # pages, the dashboard and the course pages. Not ``CalendarPdf``: no
        # fragment shows it (the PDF links do not depend on the files), and
        # the background rebuild after a tick or an event change would renew
        # ``content``, and with it every cached page of everyone.
        fragments.watch_content(m.Event)
        fragments.watch_users(m.WorkshopRegistration, "user")
        from core import hooks
        from courses import api as courses_api

        from . import api, receivers

        # What courses shows of the calendar (core/hooks.py).
        hooks.provide("calendar.upcoming_for", api.upcoming_for)
        hooks.provide("calendar.workshop_dates_for", api.workshop_dates_for)
        hooks.provide("calendar.calendar_links_for", api.calendar_links_for)
        hooks.provide("calendar.url_for_activity", api.url_for_activity)
        from .models import Event

        post_save.connect(receivers.event_changed, sender=Event, dispatch_uid="calendar-event-save")
        post_delete.connect(
            receivers.event_changed, sender=Event, dispatch_uid="calendar-event-delete"
        )
        post_save.connect(
            receivers.activity_changed,
            sender=courses_api.Activity,
            dispatch_uid="calendar-activity-save",
        )
        post_delete.connect(
            receivers.activity_changed,
            sender=courses_api.Activity,
            dispatch_uid="calendar-activity-delete",
        )
        courses_api.completion_changed.connect(
            receivers.completion_changed, dispatch_uid="calendar-completion"
        )
        courses_api.enrolments_changed.connect(
            receivers.enrolments_changed, dispatch_uid="calendar-enrolments"
        )
