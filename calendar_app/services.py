"""Writes about the calendar. Keyword-only, atomic; side effects (PDF
rebuilds) are queued with ``transaction.on_commit``. Access is checked here
for actions a user asks for (``PermissionDenied``), by the caller otherwise."""

import datetime
import logging

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import uploads
from core.dates import format_date
from courses import api as courses_api

from . import permissions
from .models import (
    CalendarPdf,
    Event,
    FeedToken,
    WorkshopRegistration,
    WorkshopSeries,
    new_feed_token,
)

logger = logging.getLogger(__name__)

# Changes within this many seconds are gathered into one PDF rebuild.
PDF_DEBOUNCE_SECONDS = 30


# --- Workshops -----------------------------------------------------------------

# Places of a workshop: a positive small integer in the database.
MAX_CAPACITY = 32767
MAX_DURATION_MINUTES = 8 * 60


def _audit(*, actor, action: str, target, summary: str) -> None:
    from core.audit import record

    record(actor=actor, action=action, target=target, summary=summary)


@transaction.atomic
def workshop_register(*, actor, event: Event) -> WorkshopRegistration:
    """Register ``actor`` to the workshop ``event`` (idempotent; a cancelled
    registration comes back to life). Refused when they are not an active
    candidate of it, when it is over or full. The event row is locked
    first, so two candidates asking for the last place are served one after
    the other and the second finds it taken."""
    event = (
        Event.objects.select_for_update(of=("self",)).select_related("activity").get(pk=event.pk)
    )
    if not permissions.can_register_to_workshop(actor, event):
        if permissions.is_refused_national_workshop(actor, event):
            raise ValidationError(
                str(permissions.NATIONAL_WORKSHOPS_ONLY_CALLISTO), code="national_workshop"
            )
        raise PermissionDenied(_("You cannot register to this workshop."))
    existing = WorkshopRegistration.objects.filter(event=event, user=actor).first()
    if existing is not None and existing.cancelled_at is None:
        return existing
    if (
        event.capacity is not None
        and WorkshopRegistration.objects.active().filter(event=event).count() >= event.capacity
    ):
        raise ValidationError(_("This workshop is full."))
    if existing is not None:
        existing.cancelled_at = None
        existing.created_at = timezone.now()
        existing.save(update_fields=["cancelled_at", "created_at"])
        return existing
    return WorkshopRegistration.objects.create(event=event, user=actor, created_at=timezone.now())


@transaction.atomic
def workshop_unregister(*, actor, event: Event) -> bool:
    """Cancel ``actor``'s registration before the workshop starts: the
    place is free again; the trainer's list keeps the cancellation."""
    if event.starts_at <= timezone.now():
        raise ValidationError(
            _("The workshop has started: the registration can no longer be cancelled.")
        )
    changed = (
        WorkshopRegistration.objects.active()
        .filter(event=event, user=actor)
        .update(cancelled_at=timezone.now())
    )
    return bool(changed)


def _attended_elsewhere(user_id: int, event: Event) -> bool:
    """Was ``user_id`` marked present at another session sharing ``event``'s
    activity? Then that activity stays completed."""
    return (
        WorkshopRegistration.objects.active()
        .filter(user_id=user_id, attended=True, event__activity_id=event.activity_id)
        .exclude(event=event)
        .exists()
    )


@transaction.atomic
def workshop_record_attendance(*, actor, event: Event, attended_user_ids) -> int:
    """Record who attended the workshop (the other registrants are marked
    absent) and complete the linked activity for those present. Correcting
    a tick takes the completion back, unless it came from elsewhere (another
    source, or another session of the same activity). Running it again with
    the same ticks changes nothing. Returns the number present. Only for
    the people who run it, once it has started."""
    if not permissions.can_manage_event(actor, event):
        raise PermissionDenied(_("You cannot record attendance for this workshop."))
    if event.starts_at > timezone.now():
        raise ValidationError(_("Attendance can be recorded once the workshop has started."))
    attended_user_ids = {int(pk) for pk in attended_user_ids}
    now = timezone.now()
    registrations = list(
        WorkshopRegistration.objects.select_for_update(of=("self",))
        .active()
        .filter(event=event)
        .select_related("user")
    )
    changed = []
    for registration in registrations:
        present = registration.user_id in attended_user_ids
        if registration.attended is not present:
            registration.attended = present
            registration.attendance_recorded_at = now
            registration.attendance_recorded_by = actor
            changed.append(registration)
    WorkshopRegistration.objects.bulk_update(
        changed, ["attended", "attendance_recorded_at", "attendance_recorded_by"]
    )
    activity = event.activity if event.activity_id else None
    if activity is not None:
        for registration in registrations:
            if registration.attended:
                courses_api.complete_activity(
                    user=registration.user,
                    activity=activity,
                    source=courses_api.Completion.Source.ATTENDANCE,
                )
        for registration in changed:
            if registration.attended or _attended_elsewhere(registration.user_id, event):
                continue
            by_attendance = courses_api.Completion.objects.filter(
                user=registration.user,
                activity=activity,
                source=courses_api.Completion.Source.ATTENDANCE,
            )
            if by_attendance.exists():
                courses_api.uncomplete_activity(user=registration.user, activity=activity)
    if changed:
        _audit(
            actor=actor,
            action="workshop.attendance",
            target=event,
            summary=f"{sum(r.attended for r in registrations)} present / {len(registrations)}",
        )
    return sum(bool(r.attended) for r in registrations)


def _paris_start(day, time):
    """``day`` at ``time`` in Paris, or a ``ValidationError`` naming the day
    when the clocks skip that time, or when the day is out of the years the
    calendar shows."""
    from .recurrence import YEARS, paris_datetime

    if day.year not in YEARS:
        raise ValidationError(_("These dates are out of range."))
    start = paris_datetime(day, time)
    if start is None:
        raise ValidationError(
            _(
                "%(time)s does not exist on %(date)s in Paris (the clocks go forward): "
                "choose another time."
            )
            % {"time": time.strftime("%H:%M"), "date": format_date(day, "j F Y")}
        )
    return start


def workshop_starts(*, first_day, time, count: int) -> list:
    """The starts (aware, Paris) of ``count`` monthly sessions from
    ``first_day`` at ``time`` (``calendar_app.recurrence``: same weekday and
    week of the month, same Paris time across summer time). Raises
    ``ValidationError`` with a French message for an impossible series."""
    from .recurrence import MAX_OCCURRENCES, monthly_dates

    if not 1 <= count <= MAX_OCCURRENCES:
        raise ValidationError(
            _("A series has from 1 to %(max)d sessions.") % {"max": MAX_OCCURRENCES}
        )
    try:
        days = monthly_dates(first_day, count)
    except (OverflowError, ValueError):
        raise ValidationError(_("These dates are out of range.")) from None
    return [_paris_start(day, time) for day in days]


def _check_schedule(*, capacity, duration: int, video_url: str) -> None:
    errors = {}
    if capacity is not None and not 1 <= capacity <= MAX_CAPACITY:
        errors["capacity"] = _("The number of places must be between 1 and %(max)d.") % {
            "max": MAX_CAPACITY
        }
    if not 1 <= duration <= MAX_DURATION_MINUTES:
        errors["duration"] = _("A workshop lasts from 1 minute to 8 hours.")
    if video_url and not video_url.lower().startswith("https://"):
        errors["video_url"] = _("The videoconference link must start with https://.")
    if errors:
        raise ValidationError(errors)


# Checked by the service itself (no query per session for these).
_NOT_CLEANED = ["uid", "course", "preparation", "activity", "series"]


def _own_activity_title(event: Event) -> str:
    """The title of the activity created for a session: the session's, with
    its date when it belongs to a series (the sessions then tell apart in
    the course outline)."""
    if not event.series_id:
        return event.title
    with translation.override(settings.LANGUAGE_CODE):
        day = format_date(event.starts_at, "j F Y")
    return f"{event.title} — {day}"


@transaction.atomic
def workshop_schedule(
    *,
    actor,
    course,
    title: str,
    first_day,
    time,
    duration: int = 60,
    occurrences: int = 1,
    theme: str,
    description: str = "",
    capacity: int | None = None,
    video_url: str = "",
    activity=None,
) -> list[Event]:
    """Schedule one workshop, or a monthly series of ``occurrences``
    sessions (``workshop_starts``), in ``course``; ``duration`` in minutes.

    Each session is its own event. With ``activity`` (a workshop activity
    of the course) every session shares it: attending any one completes it.
    Without, each session gets its own workshop activity, completed on
    attendance (``courses.api.workshop_activity_create``): a monthly cycle
    counts each session attended (docs/decisions/0013). All or nothing:
    one impossible session and nothing is created. Access: the trainers of
    ``course`` and administrators."""
    if not permissions.can_schedule_workshop(actor, course):
        raise PermissionDenied(_("You cannot schedule workshops in this course."))
    _check_schedule(capacity=capacity, duration=duration, video_url=video_url)
    if activity is not None and (
        activity.course_id != course.pk or activity.kind != courses_api.Activity.Kind.WORKSHOP
    ):
        raise ValidationError({"activity": _("Choose a workshop activity of this course.")})
    starts = workshop_starts(first_day=first_day, time=time, count=occurrences)
    if starts[0] <= timezone.now():
        raise ValidationError({"first_day": _("The first session must be in the future.")})
    series = None
    if occurrences > 1:
        series = WorkshopSeries.objects.create(course=course, title=title, created_by=actor)
    events = []
    for start in starts:
        event = Event(
            course=course,
            kind=Event.Kind.WORKSHOP,
            theme=theme,
            title=title,
            description=description,
            starts_at=start,
            ends_at=start + datetime.timedelta(minutes=duration),
            video_url=video_url,
            capacity=capacity,
            link_opens_minutes=settings.WORKSHOP_LINK_OPENS_MINUTES,
            series=series,
            activity=activity,
        )
        if activity is None:
            event.activity = courses_api.workshop_activity_create(
                course=course, title=_own_activity_title(event), body=_activity_body(description)
            )
            event.activity_is_own = True
        event.full_clean(exclude=_NOT_CLEANED, validate_constraints=False)
        event.save()
        events.append(event)
    _audit(
        actor=actor,
        action="workshop.schedule",
        target=series or events[0],
        summary=f"{title[:200]} ({len(events)})",
    )
    return events


def _activity_body(description: str) -> str:
    from django.utils.html import linebreaks

    return linebreaks(description, autoescape=True) if description.strip() else ""


def series_from(event: Event, *, lock: bool = False) -> list[Event]:
    """``event`` and, when it belongs to a series, the sessions after it."""
    if not event.series_id:
        events = Event.objects.filter(pk=event.pk)
    else:
        events = Event.objects.filter(series_id=event.series_id, starts_at__gte=event.starts_at)
    if lock:
        events = events.select_for_update(of=("self",))
    return list(events.select_related("activity").order_by("starts_at", "pk"))


def _notify_registrants(event: Event, template: str, key: str, **extra) -> int:
    """Email the active registrants of ``event`` (after commit, through the
    email outbox: one delivery row each, never twice for the same ``key``)."""
    from core import mail

    from .reminders import render_email

    registrations = WorkshopRegistration.objects.active().filter(event=event).select_related("user")
    sent = 0
    for registration in registrations:
        user = registration.user
        if not user.is_active or not user.email:
            continue
        context = {"user": user, "event": event, "site_url": settings.SITE_URL, **extra}
        subject, body = render_email(template, context)
        mail.send_rendered(
            to=[user.email],
            subject=subject,
            body=body,
            template=f"calendar_app/emails/{template}",
            dedup_key=f"{key}:{user.pk}",
        )
        sent += 1
    return sent


SCOPE_ONE = "one"
SCOPE_FOLLOWING = "following"


def _targets(event: Event, scope: str) -> list[Event]:
    """The sessions a change or a cancellation applies to, locked."""
    if scope == SCOPE_FOLLOWING:
        return series_from(event, lock=True)
    return list(
        Event.objects.select_for_update(of=("self",)).select_related("activity").filter(pk=event.pk)
    )


@transaction.atomic
def workshop_update(
    *,
    actor,
    event: Event,
    scope: str = SCOPE_ONE,
    title: str,
    day,
    time,
    duration: int,
    theme: str,
    description: str = "",
    capacity: int | None = None,
    video_url: str = "",
) -> list[Event]:
    """Change a session (``scope="one"``) or it and the following sessions
    of its series (``"following"``): those keep their own day and take the
    new time, duration and the rest; ``day`` moves ``event`` only. A
    session that has started keeps its date and time; places cannot drop
    below the candidates registered. All or nothing. Registrants of a
    session whose date or time changes are emailed. Access: the people who
    run the workshop (``permissions.can_manage_event``)."""
    if not permissions.can_manage_event(actor, event):
        raise PermissionDenied(_("You cannot change this workshop."))
    _check_schedule(capacity=capacity, duration=duration, video_url=video_url)
    targets = _targets(event, scope)
    counts = dict(
        WorkshopRegistration.objects.active()
        .filter(event__in=targets)
        .order_by()
        .values_list("event_id")
        .annotate(n=Count("pk"))
    )
    now = timezone.now()
    errors = []
    moved = []
    for target in targets:
        local_day = day if target.pk == event.pk else timezone.localtime(target.starts_at).date()
        try:
            start = _paris_start(local_day, time)
        except ValidationError as exc:
            errors.extend(exc.messages)
            continue
        end = start + datetime.timedelta(minutes=duration)
        label = format_date(target.starts_at, "j F Y")
        if start != target.starts_at and target.has_started(now):
            errors.append(
                _("The session of %(date)s has started: its date and time can no longer change.")
                % {"date": label}
            )
            continue
        if start != target.starts_at and start <= now:
            errors.append(
                _("A session cannot be moved into the past (%(date)s).") % {"date": label}
            )
            continue
        taken = counts.get(target.pk, 0)
        if capacity is not None and capacity < taken:
            errors.append(
                ngettext(
                    "The session of %(date)s already has %(count)d registered candidate: "
                    "it needs at least as many places.",
                    "The session of %(date)s already has %(count)d registered candidates: "
                    "it needs at least as many places.",
                    taken,
                )
                % {"date": label, "count": taken}
            )
            continue
        if start != target.starts_at:
            moved.append((target, target.starts_at))
        target.title, target.theme, target.description = title, theme, description
        target.starts_at, target.ends_at = start, end
        target.capacity, target.video_url = capacity, video_url
    if errors:
        raise ValidationError(errors)
    for target in targets:
        target.full_clean(exclude=_NOT_CLEANED, validate_constraints=False)
        target.save()
        if target.activity_is_own and target.activity_id:
            target.activity.title = _own_activity_title(target)[:200]
            target.activity.save(update_fields=["title"])
    for target, previous_start in moved:
        _notify_registrants(
            target,
            "workshop_moved",
            f"workshop-moved:{target.uid}:{target.starts_at:%Y%m%d%H%M}",
            previous_start=previous_start,
        )
    _audit(
        actor=actor,
        action="workshop.update",
        target=event,
        summary=f"{title[:200]} ({len(targets)})",
    )
    return targets


@transaction.atomic
def workshop_cancel(*, actor, event: Event, scope: str = SCOPE_ONE) -> int:
    """Cancel a session that has not started (or it and the following ones
    of its series): its registrants are emailed, the session goes, and so
    does the activity created for it (nobody attended it). Returns the
    number of sessions cancelled. Access: as ``workshop_update``."""
    if not permissions.can_manage_event(actor, event):
        raise PermissionDenied(_("You cannot cancel this workshop."))
    targets = _targets(event, scope)
    if not targets:
        return 0
    if targets[0].has_started():
        raise ValidationError(_("This session has started: it can no longer be cancelled."))
    for target in targets:
        _notify_registrants(target, "workshop_cancelled", f"workshop-cancelled:{target.uid}")
    own_activities = [t.activity_id for t in targets if t.activity_is_own and t.activity_id]
    Event.objects.filter(pk__in=[t.pk for t in targets]).delete()
    for activity in courses_api.Activity.objects.filter(pk__in=own_activities):
        activity.delete()
    _audit(
        actor=actor,
        action="workshop.cancel",
        target=event,
        summary=f"{event.title[:200]} ({len(targets)})",
    )
    return len(targets)


@transaction.atomic
def workshop_attach(
    *, actor, event: Event, recording_url: str = "", recording=None, slides=None
) -> Event:
    """Attach the recording (a link, or an audio file) and/or the slides.
    The recording only once the session has started. ``recording``: an
    upload checked by the audio activities' rule (``content.api``);
    ``slides``: a ``core.uploads.CheckedFile`` (or an upload, checked here).
    Both stored under a random name; the files replaced are deleted after
    commit, the new ones if the change fails."""
    if not permissions.can_manage_event(actor, event):
        raise PermissionDenied(_("You cannot change this workshop."))
    if (recording_url or recording is not None) and not event.has_started():
        raise ValidationError(_("The recording can be added once the workshop has started."))
    if recording is not None and not isinstance(recording, uploads.CheckedFile):
        from content import api as content_api

        recording = content_api.check_audio_upload(recording)
    if slides is not None and not isinstance(slides, uploads.CheckedFile):
        from .forms import check_slides

        slides = check_slides(slides)
    fields = []
    if recording_url:
        event.recording_url = recording_url
        fields.append("recording_url")
    stored, old = [], []
    try:
        if recording is not None:
            old.append(event.recording.name)
            event.recording = uploads.store(recording, "calendar/recordings")
            stored.append(event.recording.name)
            event.recording_content_type = uploads.KINDS[recording.kind].content_type
            fields += ["recording", "recording_content_type"]
        if slides is not None:
            old.append(event.slides.name)
            event.slides = uploads.store(slides, f"calendar/slides/{timezone.now():%Y}")
            stored.append(event.slides.name)
            fields.append("slides")
        if fields:
            event.save(update_fields=[*fields, "updated_at"])
    except BaseException:
        uploads.delete_quietly(stored)
        raise
    replaced = [name for name in old if name]
    if replaced:
        transaction.on_commit(lambda: uploads.delete_quietly(replaced))
    return event


# --- Personal feed ---------------------------------------------------------------


def feed_token_for(user) -> FeedToken:
    """``user``'s feed token, created on first use."""
    token, _created = FeedToken.objects.get_or_create(user=user)
    return token


@transaction.atomic
def feed_token_regenerate(*, actor) -> FeedToken:
    """A new secret for ``actor``'s feed: the old URL stops working."""
    token, created = FeedToken.objects.select_for_update().get_or_create(user=actor)
    if not created:
        token.token = new_feed_token()
        token.created_at = timezone.now()
        token.save(update_fields=["token", "created_at"])
    return token


@transaction.atomic
def feed_token_revoke(*, actor) -> bool:
    deleted, _details = FeedToken.objects.filter(user=actor).delete()
    return bool(deleted)


# --- PDF calendars -------------------------------------------------------------


def _debounce_key(preparation_id, candidate_id) -> str:
    return f"calendar:pdf-pending:{preparation_id}:{candidate_id or 0}"


def _schedule_build(
    preparation_id: int, candidate_id: int | None, countdown: int = PDF_DEBOUNCE_SECONDS
) -> None:
    """Queue one build per PDF at a time: changes (or reloads of the
    download page) while one is pending add nothing."""
    from celery import current_app

    if cache.add(_debounce_key(preparation_id, candidate_id), 1, PDF_DEBOUNCE_SECONDS * 4):
        # By name (no services -> tasks import); the task names its queue (pdf).
        current_app.signature(
            "calendar_app.tasks.build_calendar_pdf", args=[preparation_id, candidate_id]
        ).apply_async(countdown=countdown)


def calendar_pdf_request(*, preparation, candidate=None, immediately: bool = False) -> CalendarPdf:
    """Make sure a PDF of ``preparation`` (for ``candidate``, or the group
    version) exists or is being built; returns its row (``file`` may be
    empty until the task ran)."""
    with transaction.atomic():
        pdf, created = CalendarPdf.objects.get_or_create(
            preparation=preparation, candidate=candidate
        )
    if created or pdf.stale or not pdf.file:
        countdown = 0 if immediately else PDF_DEBOUNCE_SECONDS
        candidate_id = getattr(candidate, "pk", None)
        transaction.on_commit(lambda: _schedule_build(preparation.pk, candidate_id, countdown))
    return pdf


def preparations_of_course(course_id) -> list[int]:
    """Ids of the preparations whose candidates follow course ``course_id``."""
    if not course_id:
        return []
    return list(
        courses_api.Enrolment.objects.filter(course_id=course_id, role="candidate", status="active")
        .values_list("registration__preparation_id", flat=True)
        .distinct()
    )


def calendar_pdfs_mark_stale(*, preparation_ids=(), candidate_id=None) -> int:
    """Mark the PDFs built so far for these preparations (every version), or
    for one candidate, as out of date and rebuild them in the background
    (debounced). PDFs nobody asked for yet are built on first download.
    Returns how many were marked."""
    preparation_ids = [pk for pk in preparation_ids if pk]
    condition = Q(preparation_id__in=preparation_ids)
    if candidate_id is not None:
        condition |= Q(candidate_id=candidate_id)
    rows = list(
        CalendarPdf.objects.filter(condition).values_list("pk", "preparation_id", "candidate_id")
    )
    if not rows:
        return 0
    CalendarPdf.objects.filter(pk__in=[row[0] for row in rows]).update(stale=True)
    for _pk, preparation_id, row_candidate_id in rows:
        transaction.on_commit(lambda p=preparation_id, c=row_candidate_id: _schedule_build(p, c))
    return len(rows)


def calendar_pdfs_refresh_later(*, preparation_id=None, course_id=None, candidate_id=None) -> None:
    """After commit: mark stale the PDFs showing this preparation, this
    course's events or activities, or this candidate's ticks (see
    ``calendar_pdfs_mark_stale``)."""

    def refresh():
        preparation_ids = [preparation_id] if preparation_id else []
        if course_id and not preparation_id:
            preparation_ids += preparations_of_course(course_id)
        calendar_pdfs_mark_stale(preparation_ids=preparation_ids, candidate_id=candidate_id)

    transaction.on_commit(refresh)


def calendar_pdf_build(*, preparation_id: int, candidate_id: int | None = None) -> CalendarPdf:
    """Render and store the PDF (safe to run twice: skipped when its inputs
    did not change). A rendering failure keeps the last good file, records
    the error and is raised again so that the task retries."""
    from django.contrib.auth import get_user_model

    from .pdf import GENERATED_AT, render_html, render_pdf

    cache.delete(_debounce_key(preparation_id, candidate_id))
    preparation = courses_api.Preparation.objects.get(pk=preparation_id)
    candidate = get_user_model().objects.get(pk=candidate_id) if candidate_id else None
    pdf, _created = CalendarPdf.objects.get_or_create(preparation=preparation, candidate=candidate)
    html, inputs_hash = render_html(preparation, candidate)
    if pdf.file and pdf.inputs_hash == inputs_hash:
        if pdf.stale:
            CalendarPdf.objects.filter(pk=pdf.pk).update(stale=False)
            pdf.stale = False
        return pdf
    now = timezone.now()
    stamp = format_date(now, "DATETIME_FORMAT")
    try:
        content = render_pdf(html.replace(GENERATED_AT, stamp))
    except Exception as exc:
        logger.exception("PDF calendar of preparation %s failed", preparation_id)
        CalendarPdf.objects.filter(pk=pdf.pk).update(last_error=str(exc)[:2000])
        raise
    old_name = pdf.file.name if pdf.file else ""
    name = f"calendrier-{preparation_id}-{candidate_id or 'groupe'}.pdf"
    pdf.file.save(name, ContentFile(content), save=False)
    pdf.inputs_hash = inputs_hash
    pdf.generated_at = now
    pdf.stale = False
    pdf.last_error = ""
    pdf.save()
    if old_name and old_name != pdf.file.name:
        pdf.file.storage.delete(old_name)
    return pdf
