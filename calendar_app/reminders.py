"""Reminder emails: the day before a workshop (to its registered
candidates) or a methodology class (to the active candidates it is for),
and three days before an assignment deadline. Each reminder is a
``Reminder`` row with a unique key, written before anything is sent, so
that running the daily task twice sends each reminder once."""

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assignments import api as assignments_api
from core import mail, outbox
from core.text import one_line
from courses import api as courses_api
from notifications import api as notifications_api

from .models import Event, Reminder, WorkshopRegistration
from .selectors import local_bounds

logger = logging.getLogger(__name__)

DEADLINE_NOTICE_DAYS = 3
DEADLINE_NOTIFICATION_DAYS = 2
MAX_ATTEMPTS = 5
# Enqueued by name (no services -> tasks import): calendar_app/tasks.py.
SEND_REMINDER_TASK = "calendar_app.tasks.send_reminder_email"


def wants_reminders(user) -> bool:
    """The user's "reminder emails" preference (on by default)."""
    try:
        from accounts.api import preferences_for
    except ImportError:  # preferences not available: the default applies
        return True
    return bool(getattr(preferences_for(user), "reminders_enabled", True))


def _event_recipients(event: Event):
    User = get_user_model()
    if event.is_workshop:
        return User.objects.filter(
            pk__in=WorkshopRegistration.objects.active().filter(event=event).values("user_id"),
            is_active=True,
        )
    registrations = courses_api.Registration.objects.filter(
        status=courses_api.Registration.Status.ACTIVE
    )
    if event.preparation_id:
        registrations = registrations.filter(preparation_id=event.preparation_id)
    else:
        registrations = registrations.filter(
            enrolments__course_id=event.course_id,
            enrolments__status=courses_api.Enrolment.Status.ACTIVE,
        )
    return User.objects.filter(pk__in=registrations.values("candidate_id"), is_active=True)


def render_email(template: str, context: dict) -> tuple[str, str]:
    """Subject and body of ``calendar_app/emails/<template>``, in French and
    Paris time whoever triggers it."""
    with translation.override(settings.LANGUAGE_CODE), timezone.override(settings.TIME_ZONE):
        subject = render_to_string(f"calendar_app/emails/{template}_subject.txt", context)
        body = render_to_string(f"calendar_app/emails/{template}.txt", context)
    return one_line(subject), body


def _queue(user, key: str, subject: str, body: str) -> Reminder | None:
    """Write the reminder row (once per user and key) and send it after
    commit. Returns None when it already existed."""
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(user=user, key=key, subject=subject, body=body)
    except IntegrityError:
        return None
    outbox.enqueue(SEND_REMINDER_TASK, reminder.pk)
    return reminder


def _notify_workshop(event: Event, recipients) -> None:
    """The workshop of tomorrow in its registrants' notifications."""
    notifications_api.notify(
        user_ids=[user.pk for user in recipients],
        kind=notifications_api.WORKSHOP,
        title=_("Workshop tomorrow: %(title)s") % {"title": event.title},
        url=event.get_absolute_url(),
        target=f"calendar_app.event:{event.pk}",
        dedup_key=f"calendar.workshop:{event.uid}:{event.starts_at:%Y%m%d%H%M}",
    )


def _notify_deadline(user, deadline) -> None:
    """An assignment deadline coming in the person's notifications."""
    notifications_api.notify(
        user_ids=[user.pk],
        kind=notifications_api.DEADLINE,
        title=_("Due in 48 hours: %(title)s") % {"title": deadline.title},
        url=deadline.url,
        target=f"assignments.assignment:{deadline.assignment_id}",
        dedup_key=f"calendar.deadline:{deadline.assignment_id}:{deadline.due_at:%Y%m%d%H%M}",
    )


def reminders_queue_due(*, today: datetime.date | None = None) -> int:
    """Create the reminders due ``today`` (Paris): events of tomorrow and
    deadlines in three days. Safe to run twice. Returns how many were new."""
    today = today or timezone.localdate()
    created = 0
    start, end = local_bounds(
        today + datetime.timedelta(days=1), today + datetime.timedelta(days=1)
    )
    events = Event.objects.filter(
        kind__in=[Event.Kind.WORKSHOP, Event.Kind.METHODOLOGY],
        starts_at__gte=start,
        starts_at__lt=end,
    ).select_related("course", "preparation")
    for event in events:
        recipients = list(_event_recipients(event))
        if event.is_workshop:
            _notify_workshop(event, recipients)
        for user in recipients:
            if not user.email or not wants_reminders(user):
                continue
            if event.is_workshop and not notifications_api.email_now(
                user, notifications_api.WORKSHOP
            ):
                continue
            context = {"user": user, "event": event, "site_url": settings.SITE_URL}
            subject, body = render_email("event_reminder", context)
            created += (
                _queue(user, f"event:{event.uid}:{event.starts_at:%Y%m%d%H%M}", subject, body)
                is not None
            )
    day = today + datetime.timedelta(days=DEADLINE_NOTICE_DAYS)
    start, end = local_bounds(day, day)
    candidates = (
        get_user_model()
        .objects.filter(
            Q(
                registrations__status=courses_api.Registration.Status.ACTIVE,
                is_active=True,
            )
        )
        .distinct()
    )
    soon_start, soon_end = local_bounds(
        today + datetime.timedelta(days=DEADLINE_NOTIFICATION_DAYS),
        today + datetime.timedelta(days=DEADLINE_NOTIFICATION_DAYS),
    )
    for user in candidates:
        # In the notifications two days before (48 hours); by email three.
        for deadline in assignments_api.deadlines_for(user, soon_start, soon_end):
            _notify_deadline(user, deadline)
        deadlines = assignments_api.deadlines_for(user, start, end)
        if not user.email or not deadlines or not wants_reminders(user):
            continue
        if not notifications_api.email_now(user, notifications_api.DEADLINE):
            continue
        for deadline in deadlines:
            context = {"user": user, "deadline": deadline, "site_url": settings.SITE_URL}
            subject, body = render_email("deadline_reminder", context)
            key = f"deadline:{deadline.assignment_id}:{deadline.due_at:%Y%m%d%H%M}"
            created += _queue(user, key, subject, body) is not None
    # Reminders written but never sent (broker down, worker lost): again.
    stuck = Reminder.objects.filter(
        sent_at=None,
        attempts__lt=MAX_ATTEMPTS,
        created_at__lt=timezone.now() - datetime.timedelta(minutes=10),
    ).values_list("pk", flat=True)
    for pk in list(stuck):
        outbox.enqueue(SEND_REMINDER_TASK, pk)
    return created


def reminder_deliver(*, reminder_id: int) -> bool:
    """Send one reminder unless it was sent already (row locked meanwhile).
    Returns True when an email left."""
    with transaction.atomic():
        reminder = (
            Reminder.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(pk=reminder_id)
            .first()
        )
        if reminder is None or reminder.sent_at is not None or not reminder.user.email:
            return False
        reminder.attempts += 1
        mail.send_rendered(
            to=[reminder.user.email],
            subject=reminder.subject,
            body=reminder.body,
            template=f"calendar_app/emails/{reminder.key.split(':', 1)[0]}_reminder",
            dedup_key=f"calendar.reminder:{reminder.pk}",
        )
        reminder.sent_at = timezone.now()
        reminder.save(update_fields=["attempts", "sent_at"])
    return True
