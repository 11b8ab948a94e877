"""Course pages. Access comes from ``courses.selectors`` (404 for what the
user may not see) and ``courses.permissions`` (403 for a visible object and a
forbidden action); writes go through ``courses.services``."""

import importlib
import importlib.util
import mimetypes
import os

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import fragments, hooks, uploads
from core.links import url_maker

from . import outline, selectors, services
from .forms import SupportRequestForm, WithdrawalForm
from .models import Activity
from .permissions import can_request_support, can_withdraw
from .selectors import activities_visible_to
from .templatetags.courses_tags import progress_text

# Which app's ``api.url_for_activity`` gives the page behind an activity.
ACTIVITY_APPS = {
    Activity.Kind.QUIZ: "content",
    Activity.Kind.GLOSSARY: "content",
    Activity.Kind.ASSIGNMENT: "assignments",
    Activity.Kind.FORUM: "forums",
    Activity.Kind.WORKSHOP: "calendar_app",
}


def _course_or_404(user, slug):
    course = selectors.course_visible_to(user, slug)
    if course is None:
        raise Http404
    return course


def _set_activity_urls(course, activities) -> None:
    """``page_url`` and ``tick_url`` of each activity of ``course``, from one
    ``reverse()`` each: 120 of them cost about 2 ms of a 60-activity page."""
    page_url = url_maker("courses:activity", course.slug)
    tick_url = url_maker("courses:activity_tick", course.slug)
    for activity in activities:
        activity.page_url = page_url(activity.pk)
        activity.tick_url = tick_url(activity.pk)


@require_GET
def dashboard(request):
    """Vue d'ensemble des cours: progress per course, next deadlines and
    events, the last activity opened, links for staff. The body is a
    fragment cached per user until one of their rows or the content
    changes (core/fragments.py)."""
    from core import navigation

    user = request.user
    roles = navigation.roles_for(request)
    body = fragments.cached(
        "courses.dashboard",
        [fragments.user_scope(user), fragments.CONTENT],
        lambda: render_to_string(
            "courses/includes/dashboard_body.html",
            {**_dashboard_context(user), **navigation.dashboard_links(roles)},
            request=request,
        ),
        # The links follow the roles the menus show (remembered at login).
        vary=[user.pk, *sorted(roles)],
    )
    return render(request, "courses/dashboard.html", {"body": body})


def _dashboard_context(user) -> dict:
    overview = selectors.overview_for(user)
    course_ids = overview.course_ids
    last_visit = selectors.last_visit_for(user, course_ids) if course_ids else None
    return {
        "overview": overview,
        "contacts": overview.contacts(),
        "cards": overview.unique_candidate_cards(),
        "last_visit": last_visit,
        "upcoming": hooks.call("calendar.upcoming_for", user, limit=5, default=[]),
    }


@require_GET
def my_courses(request):
    """The user's courses grouped by preparation, each with the candidate's
    contacts; staff roles apart."""
    overview = selectors.overview_for(request.user)
    contacts = {c.registration.pk: c for c in overview.contacts()}
    return render(
        request,
        "courses/my_courses.html",
        {
            "overview": overview,
            "groups": [
                (registration, cards, contacts[registration.pk])
                for registration, cards in overview.by_registration()
            ],
        },
    )


@require_GET
def course_detail(request, slug):
    """A course's outline with the user's ticks and progress. The access
    check runs on every request, against the user's cached map of readable
    courses (``selectors.course_visible_to``); the outline is a fragment
    cached per user and course (it holds the tick forms, so it also varies
    on the CSRF secret)."""
    user = request.user
    course = _course_or_404(user, slug)
    body = fragments.cached(
        "courses.course",
        [fragments.user_scope(user), fragments.CONTENT],
        lambda: render_to_string(
            "courses/includes/course_body.html", _course_context(request, course), request=request
        ),
        vary=[user.pk, course.pk, fragments.csrf_variant(request)],
    )
    return render(request, "courses/course_detail.html", {"course": course, "body": body})


def _course_context(request, course) -> dict:
    """The outline of the course page, its rows read as tuples and written
    in Python (``courses.outline``): 5 queries (user and access apart) and
    no template loop, whatever the number of activities."""
    user = request.user
    enrolments = selectors.candidate_enrolments(user, course)
    registration = enrolments[0].registration if enrolments else None
    can_act = registration is not None and registration.is_active
    page = selectors.course_page_rows(user, course, as_candidate=bool(enrolments))
    workshops = [a.pk for _s, rows in page.sections for a in rows if a.kind == "workshop"]
    # The date of each workshop's next session (or of its last one held).
    sessions = hooks.call("calendar.workshop_dates_for", workshops, default={}) if workshops else {}
    # The training calendar (PDF) belongs to "Les incontournables".
    has_essentials = any(section.is_essential for section, _activities in page.sections)
    calendar_links = (
        hooks.call("calendar.calendar_links_for", user, default=[]) if has_essentials else []
    )
    outline_html = outline.render(
        outline.Outline(
            sections=page.sections,
            page_url=url_maker("courses:activity", course.slug),
            tick_url=url_maker("courses:activity_tick", course.slug),
            done=page.done,
            sessions=sessions,
            calendar_links=calendar_links,
            registration=registration,
            can_act=can_act,
        ),
        request,
    )
    return {
        "course": course,
        "outline_html": outline_html,
        "progress": page.progress,
        "registration": registration,
    }


def _external_url(activity) -> str | None:
    app = ACTIVITY_APPS.get(activity.kind)
    if app is None or importlib.util.find_spec(app) is None:
        return None
    try:
        api = importlib.import_module(f"{app}.api")
    except ModuleNotFoundError:
        return None
    url_for_activity = getattr(api, "url_for_activity", None)
    return url_for_activity(activity) if url_for_activity else None


def _media_html(activity) -> str:
    """The content app's player (uploaded audio with its transcript, or a
    video embedded from an allow-listed host), when there is one."""

    media = hooks.call("content.media_for", activity)
    if not media or not (
        media.get("audio_url") or media.get("transcript") or media.get("embed_url")
    ):
        return ""
    return render_to_string("content/_media.html", {"media": media})


@require_GET
def activity_detail(request, slug, activity_id):
    user = request.user
    course = _course_or_404(user, slug)
    activity = get_object_or_404(
        activities_visible_to(user, course).select_related("section", "course"), pk=activity_id
    )
    enrolments = selectors.candidate_enrolments(user, course)
    registration = enrolments[0].registration if enrolments else None
    can_act = registration is not None and registration.is_active and activity.is_available()
    services.activity_visit(user=user, activity=activity, can_track=can_act)
    return render_activity_page(
        request,
        course,
        activity,
        registration=registration,
        can_act=can_act,
        is_done=bool(enrolments) and activity.pk in selectors.completed_ids(user, course),
    )


def render_activity_page(
    request,
    course,
    activity,
    *,
    registration=None,
    can_act=False,
    is_done=False,
    preview_url=None,
):
    """The activity page. ``preview_url`` set: the course studio's preview
    as a candidate (nothing is recorded; neighbours are those candidates
    see, and link to ``preview_url(pk)``)."""
    previous, following = selectors.neighbours(
        request.user, course, activity, as_reader=preview_url is not None
    )
    page_url = preview_url or url_maker("courses:activity", course.slug)
    _set_activity_urls(course, [activity])
    return render(
        request,
        "courses/activity_detail.html",
        {
            "course": course,
            "activity": activity,
            "registration": registration,
            "can_act": can_act,
            "is_done": is_done,
            "previous": previous,
            "next": following,
            "previous_url": page_url(previous[0]) if previous else "",
            "next_url": page_url(following[0]) if following else "",
            "is_preview": preview_url is not None,
            "external_url": _external_url(activity),
            # Only web addresses become links, whatever was stored.
            "web_url": activity.url if activity.url.startswith(("https://", "http://")) else "",
            "file_name": os.path.basename(activity.file.name) if activity.file else "",
            # The audio player with its transcript, or the embedded video
            # (allow-listed hosts), from the content app.
            "media_html": _media_html(activity),
            # The reader's own error reports on it, with their answers.
            "reports_html": hooks.call(
                "content.my_reports_html", request.user, activity, default=""
            ),
        },
    )


@require_GET
def activity_file(request, slug, activity_id):
    """The file of a file or audio activity, for those who may open it."""
    course = _course_or_404(request.user, slug)
    activity = get_object_or_404(
        activities_visible_to(request.user, course).filter(
            kind__in=[Activity.Kind.FILE, Activity.Kind.AUDIO]
        ),
        pk=activity_id,
    )
    if not activity.file:
        raise Http404
    name = os.path.basename(activity.file.name)
    extension = "." + uploads.split_extension(name)[1]
    content_type = next(
        (k.content_type for k in uploads.KINDS.values() if extension in k.extensions),
        mimetypes.guess_type(name)[0] or "application/octet-stream",
    )
    return uploads.file_response(
        activity.file.name,
        filename=name,
        content_type=content_type,
        request=request,
        personal=False,
    )


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@require_POST
def activity_tick(request, slug, activity_id):
    """Tick (done=1) or untick (done=0) a manual activity. Answers JSON to
    the page's script, otherwise redirects back with a message."""
    user = request.user
    course = _course_or_404(user, slug)
    activity = get_object_or_404(
        activities_visible_to(user, course).select_related("course"), pk=activity_id
    )
    done = request.POST.get("done") == "1"
    status = 200
    try:
        services.activity_set_done(actor=user, activity=activity, done=done)
    except ValidationError as exc:
        status, message = 400, " ".join(exc.messages)
    except PermissionDenied as exc:
        status, message = 403, str(exc) or _("You cannot tick this activity.")
    else:
        message = (
            _("“%(title)s” is marked as done.") if done else _("“%(title)s” is marked as not done.")
        ) % {"title": activity.title}
    if status != 200:
        if _wants_json(request):
            return JsonResponse({"error": message}, status=status)
        return render(
            request,
            "courses/refused.html",
            {"course": course, "activity": activity, "message": message},
            status=status,
        )
    progress = selectors.progress_by_course(user, [course.pk])[course.pk]
    if _wants_json(request):
        return JsonResponse(
            {
                "done": done,
                "message": message,
                "progress": {
                    "course": course.pk,
                    "done": progress.done,
                    "total": progress.total,
                    "percent": progress.percent,
                    "text": progress_text(progress),
                },
            }
        )
    messages.success(request, message)
    return redirect(_safe_next(request, course.get_absolute_url() + f"#activite-{activity.pk}"))


@require_http_methods(["GET", "POST"])
def withdraw(request, registration_id):
    """ "Je me désiste": a reason, then a confirmation step."""
    registration = get_object_or_404(
        selectors.registrations_visible_to(request.user)
        .filter(candidate=request.user)
        .select_related("preparation__centre", "tutor"),
        pk=registration_id,
    )
    if not can_withdraw(request.user, registration):
        return render(
            request,
            "courses/withdraw_closed.html",
            {"registration": registration},
            status=403,
        )
    form = WithdrawalForm(request.POST or None)
    template = "courses/withdraw.html"
    if request.method == "POST" and form.is_valid():
        if not form.cleaned_data["confirmed"]:
            template = "courses/withdraw_confirm.html"
        else:
            try:
                services.withdraw_registration(
                    actor=request.user,
                    registration=registration,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    _(
                        "Your withdrawal from “%(preparation)s” is recorded. Your centre has "
                        "been informed; your courses stay readable."
                    )
                    % {"preparation": registration.preparation.name},
                )
                return redirect("courses:my_courses")
    return render(request, template, {"form": form, "registration": registration})


# --- The centre's staff (decision 0017) ---------------------------------------------


def _staff_centres(user):
    """The centres whose team ``user`` manages: a coordinator's (staff)
    centres, every centre for administrators."""
    from .relations import centres_of_coordinator

    if not (user.is_superuser or user.is_staff):
        raise PermissionDenied
    return centres_of_coordinator(user).order_by("name")


@require_GET
def staff_home(request):
    """``/centre/equipe/``: the team of the coordinator's centre, or the
    choice of the centre when they coordinate several."""
    centres = list(_staff_centres(request.user))
    if not centres:
        raise PermissionDenied
    if len(centres) == 1:
        from .forms import StaffRoleGrantForm

        return _render_staff(request, centres[0], StaffRoleGrantForm(centre=centres[0]))
    return render(request, "courses/staff_choose.html", {"centres": centres})


def _staff_centre(request, centre_id):
    return get_object_or_404(_staff_centres(request.user), pk=centre_id)


@require_GET
def staff_page(request, centre_id):
    """The centre's team by role, with the forms to grant and withdraw.
    Access: coordinators of the centre and administrators (404 for
    another centre). Queries: a constant handful whatever the team's size
    (the centre, the grants with their people and courses, the people and
    the courses of the forms)."""
    from .forms import StaffRoleGrantForm

    centre = _staff_centre(request, centre_id)
    return _render_staff(request, centre, StaffRoleGrantForm(centre=centre))


def _render_staff(request, centre, form, status=200, errors=()):
    from .models import StaffRole
    from .permissions import staff_roles_visible_to

    grants = list(
        staff_roles_visible_to(request.user)
        .filter(centre=centre, withdrawn_at=None)
        .select_related("user", "course")
        .order_by("course__position", "course__title", "user__last_name", "user__first_name")
    )
    groups = []
    for role, label in StaffRole.Role.choices:
        held = [g for g in grants if g.role == role]
        groups.append({"role": role, "label": label, "grants": held})
    return render(
        request,
        "courses/staff.html",
        {"centre": centre, "groups": groups, "form": form, "errors": list(errors)},
        status=status,
    )


@require_POST
def staff_grant(request, centre_id):
    """Grant a role in the centre (``services.role_grant``)."""
    from .forms import StaffRoleGrantForm

    centre = _staff_centre(request, centre_id)
    form = StaffRoleGrantForm(request.POST, centre=centre)
    if not form.is_valid():
        return _render_staff(request, centre, form, status=400)
    data = form.cleaned_data
    try:
        grant = services.role_grant(
            actor=request.user,
            user=data["user"],
            role=data["role"],
            centre=centre,
            course=data["course"],
        )
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return _render_staff(request, centre, form, status=400)
    messages.success(
        request,
        _("%(name)s is now %(role)s.")
        % {
            "name": grant.user.get_full_name() or grant.user.username,
            "role": grant.get_role_display(),
        },
    )
    return redirect("courses:staff", centre_id=centre.pk)


@require_POST
def staff_withdraw(request, centre_id, grant_id):
    """Withdraw a grant of the centre (``services.role_withdraw``)."""
    from .forms import StaffRoleGrantForm
    from .permissions import staff_roles_visible_to

    centre = _staff_centre(request, centre_id)
    grant = get_object_or_404(
        staff_roles_visible_to(request.user).select_related("user", "course"),
        pk=grant_id,
        centre=centre,
        withdrawn_at=None,
    )
    try:
        services.role_withdraw(actor=request.user, grant=grant)
    except ValidationError as error:
        return _render_staff(
            request, centre, StaffRoleGrantForm(centre=centre), status=400, errors=error.messages
        )
    messages.success(
        request,
        _("The role of %(role)s of %(name)s has been withdrawn.")
        % {
            "name": grant.user.get_full_name() or grant.user.username,
            "role": grant.get_role_display(),
        },
    )
    return redirect("courses:staff", centre_id=centre.pk)


@require_http_methods(["GET", "POST"])
def support_request(request, registration_id):
    """ "Signaler une difficulté / demander un entretien": the candidate
    writes to the responsables pédagogiques of their centre (and their
    tutor). Someone else's registration is a 404; a closed one, a 403."""
    registration = get_object_or_404(
        selectors.registrations_visible_to(request.user)
        .filter(candidate=request.user)
        .select_related("preparation__centre", "tutor"),
        pk=registration_id,
    )
    if not can_request_support(request.user, registration):
        return render(
            request,
            "courses/withdraw_closed.html",
            {"registration": registration},
            status=403,
        )
    form = SupportRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.support_request_create(
                actor=request.user,
                registration=registration,
                kind=form.cleaned_data["kind"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _(
                    "Your message has been sent to your responsable pédagogique. You will be "
                    "contacted by email."
                ),
            )
            return redirect("courses:my_courses")
    return render(
        request,
        "courses/support_request.html",
        {
            "form": form,
            "registration": registration,
            "contacts": selectors.Contacts.of(registration),
        },
    )
