"""Writes for tutoring: keyword-only, atomic, emails queued after commit.

Services check the business rules themselves (two-exchange rule, who may
answer, active registration) because they are the rules, not just access:
a view calls them after fetching objects through the selectors."""

import datetime
import re

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assignments import api as assignments_api
from core import uploads
from courses import api as courses_api
from notifications import api as notifications_api

from . import permissions
from .business_days import reply_due_on
from .models import (
    EXCHANGES_PER_THEME,
    Attachment,
    Interview,
    Message,
    Reminder,
    Thread,
    TrainerRequest,
)
from .selectors import candidate_courses, tutoring_registration_for

MAX_BODY = 5000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_body(body: str) -> str:
    """Plain text: line endings normalised, control characters removed,
    surrounding blanks stripped. Rendered escaped, never as HTML."""
    body = _CONTROL.sub("", (body or "").replace("\r\n", "\n").replace("\r", "\n")).strip()
    if not body:
        raise ValidationError({"body": _("Write a message.")}, code="empty")
    if len(body) > MAX_BODY:
        raise ValidationError(
            {
                "body": _("The message is too long (%(max)d characters at most).")
                % {"max": MAX_BODY}
            },
            code="too_long",
        )
    return body


def check_attachment(uploaded) -> uploads.CheckedFile:
    """The attachment of a message, checked by content, size and name
    (``core.uploads``); a French ``ValidationError`` otherwise."""
    return uploads.check_upload(
        uploaded, kinds=uploads.ATTACHMENTS, max_size=settings.TUTORING_ATTACHMENT_MAX_BYTES
    )


def _attach(message: Message, uploaded) -> None:
    if uploaded is None:
        return
    try:
        checked = check_attachment(uploaded)
    except ValidationError as exc:
        raise ValidationError({"attachment": exc.messages}) from exc
    name = uploads.store(checked, f"tutoring/{timezone.now():%Y/%m}")
    try:
        Attachment.objects.create(
            message=message,
            file=name,
            name=checked.name[:120],
            content_type=checked.content_type,
            size=checked.size,
        )
    except BaseException:
        uploads.delete_quietly([name])
        raise


def queue_task(task: str, *args) -> None:
    """Run the task named ``task`` (``tutoring/tasks.py``, by name: services
    never import tasks) after commit through the transactional outbox
    (``core.outbox``: survives a broker outage)."""
    from core.outbox import enqueue

    enqueue(task, *args)


def _notify(message: Message) -> None:
    queue_task("tutoring.tasks.send_message_notification", message.pk)
    if message.from_tutor:
        from django.urls import reverse

        thread = message.thread
        notifications_api.notify(
            user_ids=[thread.candidate_id],
            kind=notifications_api.TUTOR_ANSWERED,
            title=_("Your tutor answered: %(theme)s") % {"theme": thread.title},
            url=reverse("tutoring:thread", args=[thread.pk]),
            target=f"tutoring.thread:{thread.pk}",
            dedup_key=f"tutoring.message:{message.pk}",
        )


def _mark_waiting(thread: Thread, now) -> None:
    thread.awaiting_since = now
    thread.due_on = reply_due_on(now)
    thread.overdue_notified_on = None


@transaction.atomic
def thread_open(
    *, actor, title: str, body: str, course=None, activity=None, attachment=None
) -> Thread:
    """A candidate opens a theme with a first message for their tutor.
    Refused when they have no active Callisto registration with a tutor."""
    registration = tutoring_registration_for(actor)
    if registration is None:
        raise PermissionDenied(
            _("You cannot ask your tutor: your registration has no tutor or is closed.")
        )
    title = _CONTROL.sub("", title or "").strip()
    errors = {}
    if not title:
        errors["title"] = _("Give the theme of your question.")
    try:
        body = clean_body(body)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if (
        course is not None
        and not courses_api.Course.objects.filter(
            pk=course.pk, enrolments__registration=registration
        ).exists()
    ):
        errors["course"] = _("Choose one of your courses.")
    if activity is not None and (course is None or activity.course_id != course.pk):
        errors["activity"] = _("This activity is not in the chosen course.")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    thread = Thread(
        registration=registration,
        candidate=actor,
        title=title[:200],
        course=course,
        activity=activity,
        created_at=now,
        updated_at=now,
    )
    _mark_waiting(thread, now)
    thread.save()
    message = Message.objects.create(thread=thread, author=actor, body=body, created_at=now)
    _attach(message, attachment)
    _notify(message)
    return thread


@transaction.atomic
def message_post(*, actor, thread: Thread, body: str, attachment=None) -> Message:
    """Add a message to ``thread``.

    The candidate writes when the tutor has answered (one message per turn)
    and the theme is open; the tutor's answer to a waiting message completes
    an exchange, and the second exchange closes the theme. The thread row is
    locked so that two simultaneous posts cannot both pass the checks."""
    thread = (
        Thread.objects.select_for_update(of=("self",))
        .select_related("registration")
        .get(pk=thread.pk)
    )
    registration = thread.registration
    now = timezone.now()
    if actor.pk == thread.candidate_id:
        if not registration.is_active:
            raise PermissionDenied(_("Your registration is closed: you can no longer write."))
        if not thread.is_open:
            raise ValidationError(
                _(
                    "This theme is closed after two exchanges with your tutor. "
                    "Open a new theme or ask a trainer."
                ),
                code="closed",
            )
        if thread.awaits_tutor:
            raise ValidationError(
                _("Your tutor has not answered your last message yet."), code="waiting"
            )
        body = clean_body(body)
        _mark_waiting(thread, now)
        from_tutor = False
    elif permissions.can_answer(actor, thread):
        if not thread.is_open:
            raise ValidationError(_("This theme is closed."), code="closed")
        body = clean_body(body)
        from_tutor = True
        if thread.awaits_tutor:
            thread.exchanges += 1
            thread.awaiting_since = None
            thread.due_on = None
            if thread.exchanges >= EXCHANGES_PER_THEME:
                thread.status = Thread.Status.CLOSED
                thread.closed_at = now
    else:
        raise PermissionDenied(_("Only the candidate and their tutor write in this theme."))
    thread.updated_at = now
    thread.save()
    message = Message.objects.create(
        thread=thread, author=actor, body=body, from_tutor=from_tutor, created_at=now
    )
    _attach(message, attachment)
    _notify(message)
    return message


@transaction.atomic
def thread_escalate(*, actor, thread: Thread, message: str, course=None) -> TrainerRequest | None:
    """ "Solliciter un formateur": the candidate asks the trainers of a course
    (the theme's, or one of their courses they choose) about a closed theme,
    with a message. The course's trainers on the candidate's side
    (``courses.api.graders_of``: national ones for a Callisto preparation)
    are asked and emailed, the centre's coordinators are in copy; an answer is
    due like a tutor's. Returns None when it had already been done."""
    thread = Thread.objects.select_for_update().select_related("registration").get(pk=thread.pk)
    if actor.pk != thread.candidate_id:
        raise PermissionDenied(_("Only the candidate may ask a trainer."))
    if tutoring_registration_for(actor) is None:
        raise PermissionDenied(_("Your registration is closed: you can no longer write."))
    if thread.escalated_at is not None:
        return None
    course = thread.course or course
    if course is None:
        raise ValidationError({"course": _("Choose the course of your question.")})
    if (
        thread.course is None
        and not candidate_courses(thread.registration).filter(pk=course.pk).exists()
    ):
        raise ValidationError({"course": _("Choose one of your courses.")})
    body = clean_body(message)
    trainers = list(courses_api.graders_of(thread.registration, course).filter(is_active=True))
    if not trainers:
        raise ValidationError(
            {"course": _("This course has no trainer yet: ask your tutor in a new theme.")}
        )
    coordinators = list(thread.registration.preparation.centre.coordinators.filter(is_active=True))
    now = timezone.now()
    request = TrainerRequest.objects.create(
        thread=thread, course=course, message=body, created_at=now, due_on=reply_due_on(now)
    )
    request.trainers.set(trainers)
    request.copied.set([c for c in coordinators if c.pk not in {t.pk for t in trainers}])
    thread.escalated_at = now
    thread.save(update_fields=["escalated_at"])
    queue_task("tutoring.tasks.send_escalation_email", thread.pk)
    from django.urls import reverse

    notifications_api.notify(
        user_ids=[t.pk for t in trainers],
        kind=notifications_api.TRAINER_ASKED,
        title=_("%(name)s asks for your help: %(theme)s")
        % {"name": thread.candidate.get_display_name(), "theme": thread.title},
        url=reverse("tutoring:trainer_request", args=[request.pk]),
        target=f"tutoring.trainer_request:{request.pk}",
        dedup_key=f"tutoring.trainer_request:{request.pk}",
    )
    return request


def escalation_recipients(thread: Thread) -> tuple[list, list]:
    """(trainers asked, coordinators in copy) of the theme's request."""
    request = thread.trainer_request
    return list(request.trainers.exclude(email=None)), list(request.copied.exclude(email=None))


@transaction.atomic
def trainer_request_answer(*, actor, request: TrainerRequest, answer: str) -> TrainerRequest:
    """One of the trainers asked answers the candidate (once; the candidate
    is notified and, by their channel, emailed)."""
    request = TrainerRequest.objects.select_for_update(of=("self",)).get(pk=request.pk)
    if not permissions.can_answer_trainer_request(actor, request):
        raise PermissionDenied(_("Only the trainers asked may answer."))
    if request.answered_at is not None:
        raise ValidationError(_("This request has already been answered."))
    request.answer = clean_body(answer)
    request.answered_by = actor
    request.answered_at = timezone.now()
    request.save(update_fields=["answer", "answered_by", "answered_at"])
    from django.urls import reverse

    notifications_api.notify(
        user_ids=[request.thread.candidate_id],
        kind=notifications_api.TUTOR_ANSWERED,
        title=_("A trainer answered: %(theme)s") % {"theme": request.thread.title},
        url=reverse("tutoring:trainer_request", args=[request.pk]),
        target=f"tutoring.trainer_request:{request.pk}",
        dedup_key=f"tutoring.trainer_answer:{request.pk}",
    )
    return request


# --- Reminders -------------------------------------------------------------------


def wants_reminder_emails(user) -> bool:
    """The candidate's reminder preference ("Mon compte": the reminders'
    channel; the former "reminder emails" box still stops them)."""
    from accounts.api import preferences_for

    return preferences_for(user).reminders_enabled and notifications_api.email_now(
        user, notifications_api.REMINDER
    )


def reminder_text(
    *, template: str, registration, days: int | None = None, late: int = 0, unread: int = 0
):
    """(subject, body) of a reminder template, in French."""
    context = {
        "candidate": registration.candidate,
        "tutor": registration.tutor,
        "template": template,
        "days": days,
        "late": late,
        "unread": unread,
        "site_url": settings.SITE_URL,
    }
    with translation.override("fr"):
        subject = render_to_string("tutoring/emails/reminder_subject.txt", context).strip()
        body = render_to_string("tutoring/emails/reminder_body.txt", context).strip()
    return subject, body


def _create_reminder(
    *, registration, sender, kind, template, subject, body, reasons="", dedup_key=None
):
    status = (
        Reminder.Status.PENDING
        if wants_reminder_emails(registration.candidate) and registration.candidate.email
        else Reminder.Status.NOT_EMAILED
    )
    reminder = Reminder.objects.create(
        registration=registration,
        candidate=registration.candidate,
        sender=sender,
        kind=kind,
        template=template,
        subject=subject,
        body=body,
        reasons=reasons,
        status=status,
        dedup_key=dedup_key,
    )
    if status == Reminder.Status.PENDING:
        queue_task("tutoring.tasks.send_reminder_email", reminder.pk)
    _notify_reminder(reminder)
    return reminder


def _notify_reminder(reminder: Reminder) -> None:
    """The reminder in the candidate's notifications (their threads page
    lists what the tutor wrote)."""
    from django.urls import reverse

    notifications_api.notify(
        user_ids=[reminder.candidate_id],
        kind=notifications_api.REMINDER,
        title=reminder.subject,
        url=reverse("tutoring:my_threads"),
        target=f"tutoring.reminder:{reminder.pk}",
        dedup_key=f"tutoring.reminder:{reminder.pk}",
    )


@transaction.atomic
def reminder_send(*, actor, registration, template: str, message: str = "") -> Reminder:
    """The tutor sends a reminder from a template (with an optional personal
    note) or as free text. Recorded, then emailed after commit."""
    if not permissions.can_follow_up(actor, registration):
        raise PermissionDenied(_("Only the candidate's tutor sends reminders."))
    if registration.status != courses_api.Registration.Status.ACTIVE:
        raise ValidationError(_("This registration is closed: no reminder."))
    if template not in Reminder.Template.values:
        raise ValidationError({"template": _("Choose a template.")})
    message = _CONTROL.sub("", (message or "").replace("\r\n", "\n")).strip()
    if template == Reminder.Template.FREE and not message:
        raise ValidationError({"message": _("Write the message of the reminder.")})
    if len(message) > MAX_BODY:
        raise ValidationError({"message": _("The message is too long.")})
    candidate = registration.candidate
    days = None
    if candidate.last_login:
        days = (timezone.localdate() - timezone.localtime(candidate.last_login).date()).days
    stats = assignments_api.candidate_submission_stats([candidate.pk]).get(candidate.pk)
    unread = stats.unread_feedback if stats else 0
    if template == Reminder.Template.UNREAD_FEEDBACK and not unread:
        raise ValidationError(
            {"template": _("This candidate has opened all the feedback returned to them.")}
        )
    subject, body = reminder_text(
        template=template,
        registration=registration,
        days=days,
        late=stats.late if stats else 0,
        unread=unread,
    )
    if message:
        body = f"{body}\n\n{message}" if template != Reminder.Template.FREE else message
    return _create_reminder(
        registration=registration,
        sender=actor,
        kind=Reminder.Kind.MANUAL,
        template=template,
        subject=subject,
        body=body,
    )


def _week_key(candidate_id: int, today: datetime.date) -> str:
    year, week, _day = today.isocalendar()
    return f"auto:{candidate_id}:{year}-W{week:02d}"


def reminders_automatic_run(*, today: datetime.date | None = None) -> list[int]:
    """Remind active Callisto candidates with no login for
    ``TUTORING_INACTIVITY_DAYS`` days or with two late copies, at most once a
    week each (no automatic reminder in the last 7 days, and a unique key per
    ISO week so that two runs cannot both create one). Returns the new
    reminders' ids. Safe to run twice."""
    today = today or timezone.localdate()
    threshold = settings.TUTORING_INACTIVITY_DAYS
    registrations = list(
        courses_api.Registration.objects.filter(
            courses_api.callisto_q(via="preparation__"),
            status=courses_api.Registration.Status.ACTIVE,
            tutor__isnull=False,
        ).select_related("candidate", "tutor")
    )
    if not registrations:
        return []
    since = timezone.now() - datetime.timedelta(days=7)
    recent = set(
        Reminder.objects.filter(kind=Reminder.Kind.AUTOMATIC, created_at__gte=since).values_list(
            "candidate_id", flat=True
        )
    )
    stats = assignments_api.candidate_submission_stats([r.candidate_id for r in registrations])
    created = []
    for registration in registrations:
        candidate = registration.candidate
        if candidate.pk in recent:
            continue
        seen = candidate.last_login or registration.created_at
        days = (today - timezone.localtime(seen).date()).days
        late = stats.get(candidate.pk).late if stats.get(candidate.pk) else 0
        if days >= threshold:
            template, reasons = (
                Reminder.Template.INACTIVE,
                _("No login for %(days)d days.") % {"days": days},
            )
        elif late >= 2:
            template, reasons = (
                Reminder.Template.MISSING_COPY,
                _("%(count)d late copies.") % {"count": late},
            )
        else:
            continue
        subject, body = reminder_text(
            template=template, registration=registration, days=days, late=late
        )
        try:
            with transaction.atomic():
                reminder = _create_reminder(
                    registration=registration,
                    sender=None,
                    kind=Reminder.Kind.AUTOMATIC,
                    template=template,
                    subject=subject,
                    body=body,
                    reasons=reasons,
                    dedup_key=_week_key(candidate.pk, today),
                )
        except IntegrityError:
            continue  # another run did it this week
        recent.add(candidate.pk)
        created.append(reminder.pk)
    return created


# --- First interview --------------------------------------------------------------


@transaction.atomic
def interview_save(
    *,
    actor,
    registration,
    held_on: datetime.date,
    by_phone: bool = False,
    by_email: bool = False,
    by_video: bool = False,
    goals: str = "",
    notes: str = "",
) -> Interview:
    """Record (or correct) the first interview. The tutor only."""
    if not permissions.can_follow_up(actor, registration):
        raise PermissionDenied(_("Only the candidate's tutor records the first interview."))
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("The interview cannot be in the future.")})
    if not (by_phone or by_email or by_video):
        raise ValidationError({"by_email": _("Choose at least one contact channel.")})
    interview, _created = Interview.objects.update_or_create(
        registration=registration,
        defaults={
            "tutor": actor,
            "held_on": held_on,
            "by_phone": by_phone,
            "by_email": by_email,
            "by_video": by_video,
            "goals": _CONTROL.sub("", goals or "").strip(),
            "notes": _CONTROL.sub("", notes or "").strip(),
        },
    )
    return interview


# --- Overdue questions ------------------------------------------------------------


@transaction.atomic
def overdue_questions_mark(*, today: datetime.date | None = None) -> dict[int, list[int]]:
    """Threads whose answer is overdue and whose tutor was not told yet:
    mark them told today and return {tutor id: [thread ids]}. Locked rows
    are skipped, so two runs never tell twice."""
    today = today or timezone.localdate()
    threads = list(
        Thread.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(
            status=Thread.Status.OPEN,
            awaiting_since__isnull=False,
            due_on__lt=today,
            overdue_notified_on__isnull=True,
            registration__status=courses_api.Registration.Status.ACTIVE,
            registration__tutor__isnull=False,
        )
        .select_related("registration")
    )
    by_tutor: dict[int, list[int]] = {}
    for thread in threads:
        by_tutor.setdefault(thread.registration.tutor_id, []).append(thread.pk)
    Thread.objects.filter(pk__in=[t.pk for t in threads]).update(overdue_notified_on=today)
    if by_tutor:
        for tutor_id, ids in by_tutor.items():
            queue_task("tutoring.tasks.send_overdue_summary", tutor_id, ids)
    return by_tutor
