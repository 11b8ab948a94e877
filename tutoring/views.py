"""Tutoring pages. Objects come from ``tutoring.selectors`` (404 when not
visible); writes go through ``tutoring.services``."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assignments import api as assignments_api
from core import fragments, uploads
from courses import api as courses_api
from notifications import api as notifications_api

from . import permissions, selectors, services
from .forms import (
    BoardFilterForm,
    EscalateForm,
    InterviewForm,
    MessageForm,
    ReminderForm,
    ThreadForm,
    TrainerAnswerForm,
)
from .models import Attachment, Interview, Reminder, Thread, TrainerRequest


def _apply_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def board(request):
    user = request.user
    # The picker's choices are a queryset only read to check a chosen tutor;
    # a board asked for no tutor does not even build it.
    tutors = (
        selectors.board_tutors(user)
        if request.GET.get("tuteur")
        else get_user_model().objects.none()
    )
    form = BoardFilterForm(request.GET or None, tutors=tutors)
    tutor_id = None
    filters = {}
    if form.is_bound:
        if not form.is_valid() and "tuteur" in form.errors:
            raise Http404
        data = form.cleaned_data if form.is_valid() else {}
        tutor_id = data["tuteur"].pk if data.get("tuteur") else None
        filters = {
            "at_risk": data.get("risque", False),
            "late": data.get("retard", False),
            "unread": data.get("non_lu", False),
            "inactive_days": data.get("inactif"),
            "sort": data.get("tri") or "name",
        }
    # One query for the picker, its options and the candidates shown (the
    # viewer's own by default when they tutor anyone).
    tutor_list, shown = selectors.board_scope(user, tutor_id)
    # Who is shown is asked at every visit, never cached: a candidate who
    # withdraws or changes tutor leaves the board at once, even when the row
    # was written without signals (QuerySet.update).
    if (
        not shown
        and tutor_id is None
        and not selectors.tutored_registrations_visible_to(user).exists()
        and user.registrations.exists()
    ):
        # A candidate who follows nobody: their own questions instead.
        return redirect("tutoring:my_threads")
    # The table is a fragment cached until the viewer, one of the candidates
    # shown or the content changes (core/fragments.py); the risk flags that
    # only time changes are at most FRAGMENT_CACHE_SECONDS late.
    table = fragments.cached(
        "tutoring.board",
        [
            fragments.user_scope(user),
            fragments.CONTENT,
            *(fragments.user_scope(candidate_id) for _pk, candidate_id in shown),
        ],
        lambda: render_to_string(
            "tutoring/_board_table.html",
            _board_table(
                user,
                selectors.board_heads(shown),
                filters,
            ),
            request=request,
        ),
        vary=[user.pk, tutor_id, sorted(filters.items()), sorted(pk for pk, _c in shown)],
    )
    return render(
        request,
        "tutoring/board.html",
        {
            "table": table,
            "form": form,
            "tutors": tutor_list,
            "show_tutor_picker": user.is_superuser or len(tutor_list) > 1,
        },
    )


def _board_table(user, heads, filters) -> dict:
    rows = selectors.board_rows(heads)
    total = len(rows)
    rows = selectors.filter_and_sort(rows, **filters)
    # The tutor column helps whoever looks at someone else's candidates.
    show_tutor = any(r.tutor_id != user.pk for r in rows)
    return {"rows": rows, "total": total, "show_tutor": show_tutor}


def candidate(request, registration_id):
    user = request.user
    registration = get_object_or_404(
        selectors.tutored_registrations_visible_to(user).select_related(
            "candidate", "tutor", "preparation__centre"
        ),
        pk=registration_id,
    )
    (row,) = selectors.board_rows(
        selectors.board_row_heads(
            selectors.tutored_registrations_visible_to(user).filter(pk=registration.pk)
        )
    )
    sections = selectors.section_progress(registration)
    for course in row.courses:
        course.sections = sections.get(course.course_id, [])
    threads = (
        Thread.objects.filter(registration=registration)
        .select_related("course", "trainer_request")
        .order_by("-updated_at", "-pk")
    )
    reminders = Reminder.objects.filter(registration=registration).select_related("sender")
    interview = Interview.objects.filter(registration=registration).first()
    may_follow_up = permissions.can_follow_up(user, registration) and registration.is_active
    return render(
        request,
        "tutoring/candidate.html",
        {
            "registration": registration,
            "row": row,
            "grades": assignments_api.grades_for(registration.candidate),
            "threads": threads,
            "reminders": reminders,
            "interview": interview,
            "may_follow_up": may_follow_up,
            "reminder_form": ReminderForm() if may_follow_up else None,
        },
    )


@require_POST
def reminder_new(request, registration_id):
    registration = get_object_or_404(
        selectors.tutored_registrations_visible_to(request.user).select_related("candidate"),
        pk=registration_id,
    )
    form = ReminderForm(request.POST)
    if form.is_valid():
        try:
            services.reminder_send(
                actor=request.user,
                registration=registration,
                template=form.cleaned_data["template"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The reminder has been sent."))
            return redirect("tutoring:candidate", registration.pk)
    messages.error(
        request,
        _("The reminder was not sent: %(errors)s")
        % {"errors": " ".join(e for errors in form.errors.values() for e in errors)},
    )
    return redirect("tutoring:candidate", registration.pk)


def interview(request, registration_id):
    registration = get_object_or_404(
        selectors.tutored_registrations_visible_to(request.user).select_related("candidate"),
        pk=registration_id,
    )
    if not permissions.can_follow_up(request.user, registration):
        raise PermissionDenied
    instance = Interview.objects.filter(registration=registration).first()
    form = InterviewForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.interview_save(
                actor=request.user, registration=registration, **form.cleaned_data
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The first interview has been recorded."))
            return redirect("tutoring:candidate", registration.pk)
    return render(
        request, "tutoring/interview_form.html", {"registration": registration, "form": form}
    )


def my_threads(request):
    registration = selectors.tutoring_registration_for(request.user)
    threads = (
        Thread.objects.filter(candidate=request.user)
        .select_related("course")
        .order_by("-updated_at", "-pk")
    )
    # The candidate sees what was agreed at the first interview, never the
    # tutor's notes (docs/tutoring.md).
    interview = (
        Interview.objects.filter(registration=registration).first() if registration else None
    )
    return render(
        request,
        "tutoring/my_threads.html",
        {"registration": registration, "threads": threads, "interview": interview},
    )


def thread_new(request):
    registration = selectors.tutoring_registration_for(request.user)
    if registration is None:
        return render(request, "tutoring/cannot_ask.html", status=403)
    # "Ask my tutor about this activity": ?activite=<id> links the theme to it.
    activity = None
    activity_id = request.GET.get("activite", "")
    if activity_id.isdigit():
        activity = (
            courses_api.activities_visible_to(request.user)
            .select_related("course")
            .filter(pk=activity_id)
            .first()
        )
    initial = {"title": activity.title, "course": activity.course_id} if activity else None
    form = ThreadForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        courses=selectors.candidate_courses(registration),
    )
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.thread_open(
                actor=request.user,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                course=form.cleaned_data["course"] or (activity.course if activity else None),
                activity=activity,
                attachment=form.cleaned_data["attachment"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Your question has been sent to your tutor."))
            return redirect("tutoring:thread", thread.pk)
    return render(
        request,
        "tutoring/thread_new.html",
        {"form": form, "registration": registration, "activity": activity},
    )


def thread(request, pk):
    user = request.user
    thread = get_object_or_404(selectors.threads_visible_to(user), pk=pk)
    is_candidate = thread.candidate_id == user.pk
    if is_candidate and request.method == "GET":
        notifications_api.mark_read(user=user, target=f"tutoring.thread:{thread.pk}")
    may_write = thread.is_open and (
        (is_candidate and not thread.awaits_tutor and thread.registration.is_active)
        or permissions.can_answer(user, thread)
    )
    form = MessageForm(request.POST or None, request.FILES or None) if may_write else None
    if request.method == "POST":
        if form is None:
            form = MessageForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.message_post(
                    actor=user,
                    thread=thread,
                    body=form.cleaned_data["body"],
                    attachment=form.cleaned_data["attachment"],
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("Your message has been sent."))
                return redirect("tutoring:thread", thread.pk)
        thread.refresh_from_db()
    thread_messages = thread.messages.select_related("author").prefetch_related("attachments")
    may_ask = is_candidate and permissions.can_ask(user)
    return render(
        request,
        "tutoring/thread.html",
        {
            "thread": thread,
            "thread_messages": thread_messages,
            "form": form,
            "is_candidate": is_candidate,
            "may_ask": may_ask,
            **_escalation_context(thread, may_ask and not thread.is_open),
        },
        status=400 if request.method == "POST" else 200,
    )


def _escalation_context(thread, may_escalate: bool, data=None) -> dict:
    """The request to the trainers of a theme (who was asked, by when), or
    the form to make one."""
    if thread.escalated_at is not None:
        request = (
            TrainerRequest.objects.filter(thread=thread)
            .select_related("course", "answered_by")
            .prefetch_related("trainers", "copied")
            .first()
        )
        return {"trainer_request": request, "escalate_form": None}
    form = None
    if may_escalate:
        courses = None if thread.course_id else selectors.candidate_courses(thread.registration)
        form = EscalateForm(data, thread=thread, courses=courses)
    return {"trainer_request": None, "escalate_form": form}


@require_POST
def thread_escalate(request, pk):
    thread = get_object_or_404(selectors.threads_visible_to(request.user), pk=pk)
    if thread.candidate_id != request.user.pk:
        raise PermissionDenied
    courses = None if thread.course_id else selectors.candidate_courses(thread.registration)
    form = EscalateForm(request.POST, thread=thread, courses=courses)
    if not form.is_valid():
        messages.error(
            request,
            _("The trainers were not asked: %(errors)s")
            % {"errors": " ".join(e for errors in form.errors.values() for e in errors)},
        )
        return redirect("tutoring:thread", thread.pk)
    try:
        done = services.thread_escalate(
            actor=request.user,
            thread=thread,
            message=form.cleaned_data["message"],
            course=form.cleaned_data.get("course"),
        )
    except PermissionDenied:
        messages.error(request, _("Your registration is closed: you can no longer write."))
        return redirect("tutoring:thread", thread.pk)
    except ValidationError as exc:
        messages.error(
            request,
            _("The trainers were not asked: %(errors)s") % {"errors": " ".join(exc.messages)},
        )
        return redirect("tutoring:thread", thread.pk)
    if done is None:
        messages.info(request, _("A trainer has already been asked on this theme."))
    else:
        names = ", ".join(t.get_display_name() for t in done.trainers.all())
        messages.success(
            request,
            _("Your message was sent to the trainers of “%(course)s”: %(names)s.")
            % {"course": done.course.title, "names": names},
        )
    return redirect("tutoring:thread", thread.pk)


def trainer_request(request, pk):
    """A request to the trainers: what the candidate asked, who was asked,
    by when; the trainers asked answer here."""
    user = request.user
    trainer_request = get_object_or_404(
        selectors.trainer_requests_visible_to(user).select_related(
            "thread__candidate", "course", "answered_by"
        ),
        pk=pk,
    )
    may_answer = trainer_request.answered_at is None and permissions.can_answer_trainer_request(
        user, trainer_request
    )
    form = TrainerAnswerForm(request.POST or None) if may_answer else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.trainer_request_answer(
                    actor=user, request=trainer_request, answer=form.cleaned_data["answer"]
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("Your answer has been sent to the candidate."))
                return redirect("tutoring:trainer_request", trainer_request.pk)
    notifications_api.mark_read(user=user, target=f"tutoring.trainer_request:{pk}")
    return render(
        request,
        "tutoring/trainer_request.html",
        {
            "trainer_request": trainer_request,
            "trainers": list(trainer_request.trainers.all()),
            "copied": list(trainer_request.copied.all()),
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


def attachment(request, pk):
    attachment = get_object_or_404(
        Attachment.objects.filter(
            message__thread__in=selectors.threads_visible_to(request.user).values("pk")
        ),
        pk=pk,
    )
    return uploads.file_response(
        attachment.file.name,
        filename=attachment.name,
        content_type=attachment.content_type,
        request=request,
    )
