"""Pages of the course studio (« Atelier de contenu »). Thin: a course the
user cannot read is a 404; one they read but do not produce is a 403
(``content.permissions.is_producer_of``); writes go through
``content.studio.services``."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import hooks
from core.dates import format_date
from core.links import url_maker
from courses.api import (
    Activity,
    Outline,
    Section,
    course_outline,
    courses_visible_to,
    render_activity_page,
    render_outline,
)

from .. import api as content_api
from ..models import AudioMedia, ErrorReport, Quiz, Revision
from ..permissions import is_producer_of
from . import selectors, services
from .forms import (
    KIND_SLUGS,
    SLUG_OF_KIND,
    ActivityForm,
    MoveForm,
    SectionForm,
    default_subject,
    subject_form,
)
from .presenters import revision_rows


def _course(request, slug):
    course = get_object_or_404(courses_visible_to(request.user), slug=slug)
    if not is_producer_of(request.user, course):
        raise PermissionDenied
    return course


def _section(course, section_id):
    return get_object_or_404(Section.objects.filter(course=course), pk=section_id)


def _activity(course, activity_id):
    return get_object_or_404(
        Activity.objects.filter(course=course).select_related("section", "course"),
        pk=activity_id,
    )


def _add_errors(form, error: ValidationError) -> None:
    """A service's refusal next to the field it names (or on top)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _outline_url(course, anchor=""):
    return reverse("content:studio_course", kwargs={"slug": course.slug}) + anchor


# --- The courses and their outline ---------------------------------------------------


def studio_index(request):
    """The courses the user produces."""
    courses = list(selectors.studio_courses(request.user))
    if not courses:
        raise PermissionDenied
    return render(request, "content/studio/index.html", {"courses": courses})


def studio_course(request, slug):
    """The outline: sections and activities, to arrange and open."""
    course = _course(request, slug)
    sections = selectors.studio_outline(course)
    edit_url = url_maker("content:studio_activity_edit", course.slug)
    for section in sections:
        for activity in section.items:
            activity.edit_url = edit_url(activity.pk)
    return render(
        request,
        "content/studio/course.html",
        {
            "course": course,
            "sections": sections,
            "kinds": [(SLUG_OF_KIND[value], label) for value, label in Activity.Kind.choices],
        },
    )


def studio_course_preview(request, slug):
    """The course page as its candidates see it today (nothing recorded)."""
    course = _course(request, slug)
    sections = course_outline(request.user, course, as_reader=True)
    preview_url = url_maker("content:studio_activity_preview", course.slug)
    return render(
        request,
        "content/studio/course_preview.html",
        {
            "course": course,
            # The course page's outline (courses.outline), nothing to tick.
            "outline_html": render_outline(Outline(sections, page_url=preview_url), request),
            "registration": None,
            "progress": None,
        },
    )


# --- Sections ---------------------------------------------------------------------


def studio_section_edit(request, slug, section_id=None):
    course = _course(request, slug)
    section = _section(course, section_id) if section_id is not None else None
    initial = (
        {"title": section.title, "summary": section.summary, "is_essential": section.is_essential}
        if section
        else None
    )
    form = SectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            section = services.section_save(
                actor=request.user, course=course, section=section, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The section “%(title)s” is saved.") % {"title": section})
            return redirect(_outline_url(course, f"#section-{section.pk}"))
    return render(
        request,
        "content/studio/section_form.html",
        {"course": course, "section": section, "form": form},
    )


@require_POST
def studio_section_move(request, slug, section_id):
    course = _course(request, slug)
    section = _section(course, section_id)
    form = MoveForm(request.POST)
    if form.is_valid():
        services.section_move(
            actor=request.user, section=section, direction=form.cleaned_data["direction"]
        )
        messages.success(request, _("The section “%(title)s” is moved.") % {"title": section})
    else:
        messages.error(request, _("Choose to move it up or down."))
    return redirect(_outline_url(course, f"#section-{section.pk}"))


@require_POST
def studio_section_delete(request, slug, section_id):
    course = _course(request, slug)
    section = _section(course, section_id)
    try:
        services.section_delete(actor=request.user, section=section)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_outline_url(course, f"#section-{section.pk}"))
    messages.success(request, _("The section “%(title)s” is deleted.") % {"title": section})
    return redirect(_outline_url(course))


# --- Activities ---------------------------------------------------------------------


def _kind_context(activity: Activity | None, kind: str) -> dict:
    """What the form shows about the parts of an activity kept elsewhere
    (its quiz, glossary, forum, workshop sessions, recording)."""
    if activity is None:
        return {}
    context = {"page_url": content_api.edit_url_for_activity(activity)}
    if kind == Activity.Kind.FORUM:
        from forums import api as forums_api

        context["linked_url"] = forums_api.url_for_activity(activity)
    elif kind == Activity.Kind.WORKSHOP:
        context["linked_url"] = hooks.call("calendar.url_for_activity", activity)
    elif kind == Activity.Kind.GLOSSARY:
        context["linked_url"] = content_api.url_for_activity(activity)
    if kind == Activity.Kind.VIDEO and activity.url:
        context["embed_url"] = content_api.embed_url(activity.url)
    return context


def studio_activity_edit(request, slug, activity_id=None, section_id=None):
    """Create (in a section, of the kind ``?type=``) or edit an activity,
    with the parts of its kind (file, recording, quiz bank, assignment)."""
    course = _course(request, slug)
    if activity_id is None:
        section = _section(course, section_id)
        kind = KIND_SLUGS.get(request.GET.get("type", "fiche"))
        if kind is None:
            raise Http404
        activity = None
        initial = {
            "section": section.pk,
            "is_visible": False,
            "completion_rule": Activity.CompletionRule.MANUAL,
        }
    else:
        activity = _activity(course, activity_id)
        section, kind = activity.section, activity.kind
        media = AudioMedia.objects.filter(activity=activity).only("transcript").first()
        quiz = Quiz.objects.filter(activity=activity).only("bank_id").first()
        initial = ActivityForm.initial_for(
            activity,
            transcript=media.transcript if media else "",
            bank=quiz.bank_id if quiz else None,
        )
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    form = ActivityForm(data, files, kind=kind, course=course, activity=activity, initial=initial)
    subject = None
    if kind == Activity.Kind.ASSIGNMENT:
        from assignments import api as assignments_api

        assignment = assignments_api.assignment_for_activity(activity) if activity else None
        subject = subject_form(
            data,
            instance=assignment,
            initial=None if assignment else default_subject(),
        )
    report = _report_from(request, course)
    if request.method == "POST" and form.is_valid() and (subject is None or subject.is_valid()):
        try:
            activity = services.activity_save(
                actor=request.user,
                section=section,
                activity=activity,
                kind=kind,
                data=form.activity_data(),
                upload=form.cleaned_data.get("file"),
                audio_upload=form.cleaned_data.get("audio_file"),
                transcript=form.cleaned_data.get("transcript"),
                bank=form.cleaned_data.get("bank"),
                assignment=(
                    {name: subject.cleaned_data[name] for name in subject.Meta.fields}
                    if subject
                    else None
                ),
            )
        except ValidationError as error:
            _add_errors(subject if subject and _names_subject(error, subject) else form, error)
        else:
            messages.success(request, _("“%(title)s” is saved.") % {"title": activity.title})
            if report is not None:
                messages.info(
                    request, _("Now tell the reporter what was corrected, and close the report.")
                )
                return redirect(report)
            return redirect(
                "content:studio_activity_edit", slug=course.slug, activity_id=activity.pk
            )
    return render(
        request,
        "content/studio/activity_form.html",
        {
            "course": course,
            "section": section,
            "activity": activity,
            "kind": kind,
            "kind_label": Activity.Kind(kind).label,
            "form": form,
            "subject": subject,
            "report": report,
            **_kind_context(activity, kind),
        },
    )


def _names_subject(error: ValidationError, subject) -> bool:
    return hasattr(error, "error_dict") and any(f in subject.fields for f in error.error_dict)


def _report_from(request, course) -> ErrorReport | None:
    """The error report the producer came from (``?signalement=<id>``)."""
    raw = request.GET.get("signalement", "")
    if not raw.isdigit() or len(raw) > 18:
        return None
    return ErrorReport.objects.filter(pk=int(raw), activity__course=course).first()


@require_POST
def studio_activity_move(request, slug, activity_id):
    course = _course(request, slug)
    activity = _activity(course, activity_id)
    form = MoveForm(request.POST)
    if form.is_valid():
        services.activity_move(
            actor=request.user, activity=activity, direction=form.cleaned_data["direction"]
        )
        messages.success(request, _("“%(title)s” is moved.") % {"title": activity.title})
    else:
        messages.error(request, _("Choose to move it up or down."))
    return redirect(_outline_url(course, f"#activite-{activity.pk}"))


def studio_activity_preview(request, slug, activity_id):
    """The activity page as a candidate sees it; nothing is ticked, visited
    or recorded."""
    course = _course(request, slug)
    activity = _activity(course, activity_id)
    return render_activity_page(
        request,
        course,
        activity,
        preview_url=url_maker("content:studio_activity_preview", course.slug),
    )


# --- Revisions ----------------------------------------------------------------------


def _revisions_page(request, course, obj, *, back_url):
    revisions = list(selectors.revisions_of(obj))
    return render(
        request,
        "content/studio/revisions.html",
        {
            "course": course,
            "object": obj,
            "rows": revision_rows(obj, revisions),
            "back_url": back_url,
        },
    )


def studio_activity_revisions(request, slug, activity_id):
    course = _course(request, slug)
    activity = _activity(course, activity_id)
    back = reverse(
        "content:studio_activity_edit", kwargs={"slug": course.slug, "activity_id": activity.pk}
    )
    return _revisions_page(request, course, activity, back_url=back)


def studio_section_revisions(request, slug, section_id):
    course = _course(request, slug)
    section = _section(course, section_id)
    back = reverse(
        "content:studio_section_edit", kwargs={"slug": course.slug, "section_id": section.pk}
    )
    return _revisions_page(request, course, section, back_url=back)


@require_POST
def studio_revision_restore(request, slug, revision_id):
    course = _course(request, slug)
    revision = get_object_or_404(
        Revision.objects.filter(course=course).select_related("content_type"), pk=revision_id
    )
    try:
        obj = services.revision_restore(actor=request.user, revision=revision)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_outline_url(course))
    except revision.content_type.model_class().DoesNotExist as missing:
        raise Http404 from missing
    messages.success(
        request,
        _("The version of %(date)s is restored: it is now the current one.")
        % {"date": format_date(revision.created_at, "j F Y, H:i")},
    )
    if isinstance(obj, Activity):
        return redirect("content:studio_activity_revisions", slug=course.slug, activity_id=obj.pk)
    return redirect("content:studio_section_revisions", slug=course.slug, section_id=obj.pk)
