"""Calendar pages. Access comes from ``calendar_app.selectors`` and
``calendar_app.permissions`` (404 for what the user may not see, 403 for a
visible thing they may not do)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from assignments import api as assignments_api
from content import api as content_api
from core import fragments, uploads
from core.dates import format_date
from courses import api as courses_api

from . import api, ics, permissions, selectors, services
from .forms import (
    AttachForm,
    AttendanceForm,
    FilterForm,
    WorkshopCancelForm,
    WorkshopCreateForm,
    WorkshopEditForm,
    parse_month,
)
from .models import Event, FeedToken, WorkshopRegistration
from .recurrence import rule_label


def _month_or_404(year, month) -> datetime.date:
    if year is None:
        today = timezone.localdate()
        return today.replace(day=1)
    first = parse_month(year, month)
    if first is None:
        raise Http404(_("This month does not exist."))
    return first


def _shift(first: datetime.date, months: int) -> datetime.date:
    index = first.year * 12 + first.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _calendar_page(request, year, month, *, view_name, template):
    """The month grid or the month list. The filter form (the courses
    ``user`` reads, which also checks the course asked for) runs on every
    request; the body, the entries and the PDF links, is a fragment cached
    per user, month, filter and day until one of their rows or the content
    changes (core/fragments.py)."""
    user = request.user
    first = _month_or_404(year, month)
    form = FilterForm(request.GET or None, user=user)
    status = 200
    course, kind = None, ""
    if form.is_bound:
        if form.is_valid():
            course, kind = form.cleaned_data["cours"], form.cleaned_data["type"]
        else:
            status = 400
    today = timezone.localdate()
    query = form.query_string()
    suffix = f"?{query}" if query else ""

    def month_url(date, name=view_name):
        url = reverse(f"calendar_app:{name}", kwargs={"year": date.year, "month": date.month})
        return url + suffix

    def build():
        return render_to_string(
            f"calendar_app/includes/{view_name}_body.html",
            _body_context(user, first, view_name, form.courses, course, kind, today),
        )

    body = fragments.cached(
        f"calendar_app.{view_name}",
        [fragments.user_scope(user), fragments.CONTENT],
        build,
        vary=[user.pk, first.isoformat(), course.pk if course else "", kind, today.isoformat()],
    )
    context = {
        "first": first,
        "form": form,
        "body": body,
        "previous_url": month_url(_shift(first, -1)),
        "next_url": month_url(_shift(first, 1)),
        "today_url": month_url(today),
        "month_url": month_url(first, "month"),
        "list_url": month_url(first, "list"),
        "previous_month": _shift(first, -1),
        "next_month": _shift(first, 1),
        "is_current_month": first == today.replace(day=1),
        "view_name": view_name,
        "course_options": [("", _("All courses"))] + [(c.pk, c.title) for c in form.courses],
    }
    return render(request, template, context, status=status)


def _body_context(user, first, view_name, courses, course, kind, today) -> dict:
    """What the cached body shows. The ids of the preparations and courses
    ``user`` reads are resolved once (the courses come with the filter form)
    and reused by the events, the deadlines and the PDF links."""
    if view_name == "month":
        start, end = selectors.grid_bounds(first.year, first.month)
    else:
        start, end = selectors.month_bounds(first.year, first.month)
    preparations = selectors.visible_preparations(user)
    entries = selectors.entries_for(
        user,
        start,
        end,
        course=course,
        kind=kind,
        preparation_ids=[p.pk for p in preparations],
        course_ids=[c.pk for c in courses],
    )
    context = {"entries": entries, "pdf_links": api.calendar_links(preparations)}
    if view_name == "month":
        context["weeks"] = selectors.month_grid(first.year, first.month, entries, today)
    else:
        days: dict[datetime.date, list] = {}
        for entry in entries:
            days.setdefault(timezone.localtime(entry.starts_at).date(), []).append(entry)
        context["days"] = sorted(days.items())
    return context


def month(request, year=None, month=None):
    return _calendar_page(
        request, year, month, view_name="month", template="calendar_app/month.html"
    )


def month_list(request, year=None, month=None):
    return _calendar_page(request, year, month, view_name="list", template="calendar_app/list.html")


def _event_or_404(request, pk) -> Event:
    try:
        return selectors.event_detail(request.user, pk)
    except Event.DoesNotExist:
        raise Http404(_("No such event.")) from None


def event_detail(request, pk):
    event = _event_or_404(request, pk)
    now = timezone.now()
    can_manage = permissions.can_manage_event(request.user, event)
    local_start = timezone.localtime(event.starts_at)
    context = {
        "event": event,
        "month_url": reverse(
            "calendar_app:month", kwargs={"year": local_start.year, "month": local_start.month}
        ),
        "can_manage": can_manage,
        "show_link": permissions.can_see_video_link(
            request.user, event, is_registered=event.is_registered, now=now
        ),
        "can_register": (
            event.is_workshop
            and not event.is_registered
            and permissions.can_register_to_workshop(request.user, event, now)
        ),
        "is_full": event.capacity is not None and event.registered_count >= event.capacity,
        "can_unregister": event.is_registered and event.starts_at > now,
        "has_ended": event.has_ended(now),
        "started": event.starts_at <= now,
        "recording_embed": content_api.embed_url(event.recording_url)
        if event.recording_url
        else None,
    }
    context["refused"] = (
        event.is_workshop
        and not event.is_registered
        and not context["can_register"]
        and permissions.is_refused_national_workshop(request.user, event, now)
    )
    context["refused_message"] = permissions.NATIONAL_WORKSHOPS_ONLY_CALLISTO
    return render(request, "calendar_app/event_detail.html", context)


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def event_ics(request, pk):
    event = _event_or_404(request, pk)
    show = permissions.can_see_video_link(request.user, event, is_registered=event.is_registered)
    return _ics_response(ics.single_event(event, show_link=show), f"evenement-{event.pk}.ics")


@require_POST
def workshop_register(request, pk):
    event = _event_or_404(request, pk)
    if not event.is_workshop:
        raise Http404(_("No such workshop."))
    try:
        services.workshop_register(actor=request.user, event=event)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("You are registered to this workshop."))
    return redirect(event)


@require_POST
def workshop_unregister(request, pk):
    event = _event_or_404(request, pk)
    try:
        services.workshop_unregister(actor=request.user, event=event)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Your registration is cancelled."))
    return redirect(event)


def workshop_attendance(request, pk):
    event = _event_or_404(request, pk)
    if not event.is_workshop:
        raise Http404(_("No such workshop."))
    if not permissions.can_manage_event(request.user, event):
        raise PermissionDenied
    registrations = [r for r in selectors.workshop_registrants(event) if r.cancelled_at is None]
    posted = request.method == "POST"
    form = AttendanceForm(request.POST if posted else None, registrations=registrations)
    if posted and form.is_valid():
        try:
            present = services.workshop_record_attendance(
                actor=request.user, event=event, attended_user_ids=form.cleaned_data["present"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                ngettext(
                    "Attendance recorded: %(count)d person present.",
                    "Attendance recorded: %(count)d people present.",
                    present,
                )
                % {"count": present},
            )
            return redirect(event)
    return render(
        request,
        "calendar_app/attendance.html",
        {
            "event": event,
            "form": form,
            "registrations": registrations,
            "started": event.has_started(),
        },
        status=400 if form.errors else 200,
    )


def workshop_attach(request, pk):
    event = _event_or_404(request, pk)
    if not event.is_workshop:
        raise Http404(_("No such workshop."))
    if not permissions.can_manage_event(request.user, event):
        raise PermissionDenied
    posted = request.method == "POST"
    form = AttachForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        try:
            services.workshop_attach(
                actor=request.user,
                event=event,
                recording_url=form.cleaned_data["recording_url"],
                recording=form.cleaned_data["recording"],
                slides=form.cleaned_data["slides"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The materials are attached to the workshop."))
            return redirect(event)
    return render(
        request,
        "calendar_app/attach.html",
        {"event": event, "form": form, "started": event.has_started()},
        status=400 if form.errors else 200,
    )


def workshop_slides(request, pk):
    event = _event_or_404(request, pk)
    if not event.slides:
        raise Http404(_("No slides."))
    # Stored under a random name: downloaded as "Diaporama - <title>.<ext>".
    extension = "." + uploads.split_extension(event.slides.name)[1]
    content_type = next(
        (k.content_type for k in uploads.KINDS.values() if extension in k.extensions),
        "application/octet-stream",
    )
    return uploads.file_response(
        event.slides.name,
        filename=_("Slides - %(title)s") % {"title": event.title} + extension,
        content_type=content_type,
        request=request,
        personal=False,
    )


def workshop_recording(request, pk):
    """The audio recording of a workshop, for whoever sees the workshop."""
    event = _event_or_404(request, pk)
    if not event.recording:
        raise Http404(_("No recording."))
    extension = "." + uploads.split_extension(event.recording.name)[1]
    return uploads.file_response(
        event.recording.name,
        filename=_("Recording - %(title)s") % {"title": event.title} + extension,
        content_type=event.recording_content_type or "application/octet-stream",
        request=request,
        personal=False,
    )


# --- Trainers: their workshops -----------------------------------------------------
# The workshop a page is about comes from ``selectors.workshops_managed_by``:
# whoever does not run it gets a 404 (candidates, trainers of other courses,
# coordinators of other centres), as for a page that does not exist.


def _managed_workshop_or_404(request, pk) -> Event:
    return get_object_or_404(
        selectors.workshops_managed_by(request.user).select_related("course", "series"), pk=pk
    )


def _series_size(event: Event) -> int:
    """How many sessions a change "to the rest of the series" would touch."""
    if not event.series_id:
        return 1
    return Event.objects.filter(series_id=event.series_id, starts_at__gte=event.starts_at).count()


def my_workshops(request):
    """The workshops the user runs, coming then past, and the button to
    schedule one. Nobody runs nor teaches anything here: 404."""
    courses = list(courses_api.courses_trained_by(request.user).only("pk", "title", "slug"))
    workshops = selectors.managed_workshops(request.user)
    if not courses and not workshops:
        raise Http404(_("You run no workshop."))
    now = timezone.now()
    return render(
        request,
        "calendar_app/my_workshops.html",
        {
            "upcoming": [w for w in workshops if w.ends_at >= now],
            "past": [w for w in reversed(workshops) if w.ends_at < now],
            "can_schedule": bool(courses),
            "now": now,
        },
    )


def workshop_create(request):
    courses = list(courses_api.courses_trained_by(request.user).order_by("position", "title"))
    if not courses:
        raise Http404(_("You teach no course."))
    activities = selectors.workshop_activities_of(courses)
    posted = request.method == "POST"
    initial = {}
    if not posted and request.GET.get("cours", "").isdigit():
        initial["course"] = request.GET["cours"]
    form = WorkshopCreateForm(
        request.POST if posted else None, courses=courses, activities=activities, initial=initial
    )
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            events = services.workshop_schedule(
                actor=request.user,
                course=data["course"],
                title=data["title"],
                first_day=data["day"],
                time=data["time"],
                duration=data["duration"],
                occurrences=data["occurrences"],
                theme=data["theme"],
                description=data["description"],
                capacity=data["capacity"],
                video_url=data["video_url"],
                activity=data["activity"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _scheduled_message(events))
            return redirect("calendar_app:workshops")
    return render(
        request,
        "calendar_app/workshop_form.html",
        {"form": form, "creating": True},
        status=400 if form.errors else 200,
    )


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _scheduled_message(events) -> str:
    first = timezone.localtime(events[0].starts_at)
    if len(events) == 1:
        return _("The workshop is scheduled on %(date)s.") % {
            "date": format_date(first, "l j F Y, H:i")
        }
    days = ", ".join(format_date(e.starts_at, "j F Y") for e in events)
    return ngettext(
        "%(count)d session scheduled, %(rule)s at %(time)s: %(days)s.",
        "%(count)d sessions scheduled, %(rule)s at %(time)s: %(days)s.",
        len(events),
    ) % {
        "count": len(events),
        "rule": rule_label(first.date()),
        "time": first.strftime("%H:%M"),
        "days": days,
    }


def workshop_edit(request, pk):
    event = _managed_workshop_or_404(request, pk)
    following = _series_size(event)
    posted = request.method == "POST"
    form = WorkshopEditForm(request.POST if posted else None, event=event, in_series=following > 1)
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            changed = services.workshop_update(
                actor=request.user,
                event=event,
                scope=data.get("scope") or services.SCOPE_ONE,
                title=data["title"],
                day=data["day"],
                time=data["time"],
                duration=data["duration"],
                theme=data["theme"],
                description=data["description"],
                capacity=data["capacity"],
                video_url=data["video_url"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request,
                ngettext("%(count)d session changed.", "%(count)d sessions changed.", len(changed))
                % {"count": len(changed)},
            )
            return redirect(event)
    return render(
        request,
        "calendar_app/workshop_form.html",
        {"form": form, "event": event, "following": following, "creating": False},
        status=400 if form.errors else 200,
    )


def workshop_cancel(request, pk):
    event = _managed_workshop_or_404(request, pk)
    following = _series_size(event)
    posted = request.method == "POST"
    form = WorkshopCancelForm(request.POST if posted else None, in_series=following > 1)
    registered = WorkshopRegistration.objects.active().filter(event=event).count()
    if posted and form.is_valid():
        try:
            count = services.workshop_cancel(
                actor=request.user,
                event=event,
                scope=form.cleaned_data.get("scope") or services.SCOPE_ONE,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d session cancelled; its registrants are notified by email.",
                    "%(count)d sessions cancelled; their registrants are notified by email.",
                    count,
                )
                % {"count": count},
            )
            return redirect("calendar_app:workshops")
    return render(
        request,
        "calendar_app/workshop_cancel.html",
        {
            "form": form,
            "event": event,
            "following": following,
            "registered": registered,
            "started": event.has_started(),
        },
        status=400 if form.errors else 200,
    )


def workshop_registrants(request, pk):
    event = _managed_workshop_or_404(request, pk)
    registrations = selectors.workshop_registrants(event)
    active = [r for r in registrations if r.cancelled_at is None]
    return render(
        request,
        "calendar_app/registrants.html",
        {
            "event": event,
            "active": active,
            "cancelled": [r for r in registrations if r.cancelled_at is not None],
            "started": event.has_started(),
            "present": sum(1 for r in active if r.attended),
        },
    )


# --- Personal feed ---------------------------------------------------------------


def feed_settings(request):
    token = FeedToken.objects.filter(user=request.user).first()
    feed_url = (
        request.build_absolute_uri(reverse("calendar_app:feed", kwargs={"token": token.token}))
        if token
        else ""
    )
    return render(request, "calendar_app/feed_settings.html", {"feed_url": feed_url})


@require_POST
def feed_regenerate(request):
    had_one = FeedToken.objects.filter(user=request.user).exists()
    services.feed_token_regenerate(actor=request.user)
    if had_one:
        messages.success(request, _("A new address was created; the previous one no longer works."))
    else:
        messages.success(request, _("Your calendar address was created."))
    return redirect("calendar_app:feed_settings")


@require_POST
def feed_revoke(request):
    services.feed_token_revoke(actor=request.user)
    messages.success(request, _("Your calendar address is revoked."))
    return redirect("calendar_app:feed_settings")


@login_not_required
def feed(request, token):
    """The personal feed, reached by calendar applications without a
    session: the secret in the URL is the credential. Unknown or revoked:
    404, the same as for any missing page."""
    feed_token = FeedToken.objects.select_related("user").filter(token=token).first()
    if feed_token is None or not feed_token.user.is_active:
        raise Http404
    user = feed_token.user
    start, end = selectors.feed_window()
    events = list(
        selectors.events_visible_to(user)
        .filter(starts_at__lt=end, ends_at__gte=start)
        .select_related("course", "preparation", "activity")
        .order_by("starts_at", "pk")
    )
    registered = set(
        WorkshopRegistration.objects.active()
        .filter(user=user, event__in=[e.pk for e in events])
        .values_list("event_id", flat=True)
    )
    deadlines = assignments_api.deadlines_for(user, start, end)

    now = timezone.now()

    def show_link(event):
        # Same rule as the event page: a workshop's link only for its
        # registered candidates, once it opens (the entry always carries the
        # event page's URL, where the link appears).
        if not event.video_url:
            return False
        if not event.is_workshop:
            return True
        return event.pk in registered and event.link_is_open(now)

    content = ics.feed(_("Callisto calendar"), events, deadlines, show_link=show_link)
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="callisto.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response


# --- PDF calendars ---------------------------------------------------------------


def _serve_pdf(request, preparation, candidate):
    pdf = services.calendar_pdf_request(
        preparation=preparation, candidate=candidate, immediately=True
    )
    pdf.refresh_from_db()
    if pdf.file and (not pdf.stale or request.GET.get("precedent")):
        # The stored PDF only changes when it is rebuilt: its inputs hash is
        # its ETag, its generation time its Last-Modified (a reprint costs
        # nothing when nothing changed).
        etag = quote_etag(pdf.inputs_hash or pdf.file.name)
        last_modified = pdf.generated_at
        response = get_conditional_response(
            request,
            etag=etag,
            last_modified=int(last_modified.timestamp()) if last_modified else None,
        )
        if response is None:
            filename = "mon-calendrier.pdf" if candidate else "calendrier-de-la-preparation.pdf"
            response = FileResponse(
                pdf.file.open("rb"), filename=filename, content_type="application/pdf"
            )
        response["ETag"] = etag
        if last_modified:
            response["Last-Modified"] = http_date(last_modified.timestamp())
        response["Cache-Control"] = "private, no-cache"
        return response
    return render(
        request,
        "calendar_app/pdf_pending.html",
        {"preparation": preparation, "pdf": pdf, "mine": candidate is not None},
        status=202,
    )


def pdf(request, preparation_id):
    preparation = get_object_or_404(
        selectors.preparations_visible_to(request.user), pk=preparation_id
    )
    return _serve_pdf(request, preparation, None)


def pdf_mine(request, preparation_id):
    preparation = get_object_or_404(
        selectors.preparations_visible_to(request.user), pk=preparation_id
    )
    if permissions.own_registration(request.user, preparation) is None:
        raise PermissionDenied
    return _serve_pdf(request, preparation, request.user)
