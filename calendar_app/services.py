"""Writes about the calendar. Keyword-only, atomic; side effects (PDF
rebuilds) are queued with ``transaction.on_commit``. Access is checked here
for actions a user asks for (``PermissionDenied``), by the caller otherwise."""

import logging

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core import uploads
from courses import api as courses_api

from . import permissions
from .models import CalendarPdf, Event, FeedToken, WorkshopRegistration, new_feed_token

logger = logging.getLogger(__name__)

# Changes within this many seconds are gathered into one PDF rebuild.
PDF_DEBOUNCE_SECONDS = 30


# --- Workshops -----------------------------------------------------------------


@transaction.atomic
def workshop_register(*, actor, event: Event) -> WorkshopRegistration:
    """Register ``actor`` to the workshop ``event`` (idempotent). Refused
    when they are not an active candidate of it, when it is over or full."""
    event = (
        Event.objects.select_for_update(of=("self",)).select_related("activity").get(pk=event.pk)
    )
    if not permissions.can_register_to_workshop(actor, event):
        raise PermissionDenied(_("You cannot register to this workshop."))
    existing = WorkshopRegistration.objects.filter(event=event, user=actor).first()
    if existing is not None:
        return existing
    if event.capacity is not None and event.registrations.count() >= event.capacity:
        raise ValidationError(_("This workshop is full."))
    return WorkshopRegistration.objects.create(event=event, user=actor)


@transaction.atomic
def workshop_unregister(*, actor, event: Event) -> bool:
    """Cancel ``actor``'s registration before the workshop starts."""
    if event.starts_at <= timezone.now():
        raise ValidationError(
            _("The workshop has started: the registration can no longer be cancelled.")
        )
    deleted, _details = WorkshopRegistration.objects.filter(event=event, user=actor).delete()
    return bool(deleted)


@transaction.atomic
def workshop_record_attendance(*, actor, event: Event, attended_user_ids) -> int:
    """Record who attended the workshop (the others are marked absent) and
    complete the linked workshop activity for those present. Returns the
    number present. Only for the people who run it, once it has started."""
    if not permissions.can_manage_event(actor, event):
        raise PermissionDenied(_("You cannot record attendance for this workshop."))
    if event.starts_at > timezone.now():
        raise ValidationError(_("Attendance can be recorded once the workshop has started."))
    attended_user_ids = {int(pk) for pk in attended_user_ids}
    now = timezone.now()
    registrations = list(
        WorkshopRegistration.objects.select_for_update(of=("self",))
        .filter(event=event)
        .select_related("user")
    )
    present = 0
    for registration in registrations:
        registration.attended = registration.user_id in attended_user_ids
        registration.attendance_recorded_at = now
        registration.attendance_recorded_by = actor
        present += registration.attended
    WorkshopRegistration.objects.bulk_update(
        registrations, ["attended", "attendance_recorded_at", "attendance_recorded_by"]
    )
    if event.activity_id:
        for registration in registrations:
            if registration.attended:
                courses_api.complete_activity(
                    user=registration.user, activity=event.activity, source="attendance"
                )
    return present


@transaction.atomic
def workshop_attach(*, actor, event: Event, recording_url: str = "", slides=None) -> Event:
    """Attach the recording link and/or the slides after the session.
    ``slides``: a ``core.uploads.CheckedFile`` (or an upload, checked here),
    stored under a random name."""
    if not permissions.can_manage_event(actor, event):
        raise PermissionDenied(_("You cannot change this workshop."))
    fields = []
    if recording_url:
        event.recording_url = recording_url
        fields.append("recording_url")
    stored = ""
    if slides is not None:
        if not isinstance(slides, uploads.CheckedFile):
            from .forms import check_slides

            slides = check_slides(slides)
        old = event.slides.name
        stored = uploads.store(slides, f"calendar/slides/{timezone.now():%Y}")
        event.slides = stored
        fields.append("slides")
        if old:
            transaction.on_commit(lambda: uploads.delete_quietly([old]))
    try:
        if fields:
            event.save(update_fields=[*fields, "updated_at"])
    except BaseException:
        uploads.delete_quietly([stored])
        raise
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
    from .tasks import build_calendar_pdf

    if cache.add(_debounce_key(preparation_id, candidate_id), 1, PDF_DEBOUNCE_SECONDS * 4):
        build_calendar_pdf.apply_async(args=[preparation_id, candidate_id], countdown=countdown)


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
    stamp = formats.date_format(timezone.localtime(now), "DATETIME_FORMAT")
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
