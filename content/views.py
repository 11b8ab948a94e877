"""Pages of the content app. Thin: access through ``selectors`` (invisible
is 404) and ``permissions`` (visible but forbidden is 403); writes through
``services``."""

import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import uploads
from courses.api import Activity, activities_visible_to, can_edit_course, courses_visible_to
from notifications import api as notifications_api

from . import permissions, selectors, services
from .charts import score_chart
from .forms import (
    AudioForm,
    ErrorReportAnswerForm,
    ErrorReportForm,
    GlossaryEntryForm,
    QuestionForm,
    QuizSettingsForm,
    ReviewForm,
    parse_answers,
)
from .models import AudioMedia, GlossaryEntry, Question, QuestionBank, Quiz
from .presenters import form_rows, review_rows

RANGE = re.compile(r"bytes=(\d*)-(\d*)")
RANGE_CHUNK = 4 * 1024 * 1024

# --- Quizzes -------------------------------------------------------------------


def quiz_detail(request, quiz_id):
    quiz = get_object_or_404(selectors.quizzes_visible_to(request.user), pk=quiz_id)
    attempts = list(selectors.attempts_of(request.user, quiz))
    can_attempt = permissions.can_attempt_quiz(request.user, quiz)
    in_progress = next((a for a in attempts if not a.is_submitted), None)
    left = None if quiz.max_attempts is None else max(0, quiz.max_attempts - len(attempts))
    preview, can_produce = None, False
    if not can_attempt and can_edit_course(request.user, quiz.activity.course):
        can_produce = permissions.is_producer_of(request.user, quiz.activity.course)
        # Trainers and producers read the bank with its answers.
        preview = list(
            Question.objects.filter(bank_id=quiz.bank_id, is_active=True).prefetch_related(
                "choices"
            )
        )
    return render(
        request,
        "content/quiz_detail.html",
        {
            "quiz": quiz,
            "activity": quiz.activity,
            "course": quiz.activity.course,
            "attempts": attempts,
            "kept": selectors.kept_attempt(quiz, attempts),
            "in_progress": in_progress,
            "can_attempt": can_attempt,
            "attempts_left": left,
            "preview": preview,
            "can_produce": can_produce,
        },
    )


@require_POST
def attempt_start(request, quiz_id):
    quiz = get_object_or_404(selectors.quizzes_visible_to(request.user), pk=quiz_id)
    try:
        attempt = services.attempt_start(actor=request.user, quiz=quiz)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(quiz)
    return redirect(attempt)


def _visible_attempt(request, quiz_id, attempt_id):
    return get_object_or_404(
        selectors.attempts_visible_to(request.user)
        .filter(quiz__activity__in=activities_visible_to(request.user))
        .select_related("quiz__activity__course", "quiz__activity__section", "user"),
        pk=attempt_id,
        quiz_id=quiz_id,
    )


def attempt_detail(request, quiz_id, attempt_id):
    attempt = _visible_attempt(request, quiz_id, attempt_id)
    owner = attempt.user_id == request.user.pk
    if request.method == "POST":
        if not owner:
            raise PermissionDenied
        answers = parse_answers(request.POST)
        try:
            if request.POST.get("action") == "submit":
                services.attempt_submit(actor=request.user, attempt=attempt, answers=answers)
                messages.success(request, _("Your attempt is submitted. Here are the corrections."))
            else:
                services.attempt_save(actor=request.user, attempt=attempt, answers=answers)
                messages.success(request, _("Your answers are saved."))
        except services.QuizRefused as refusal:
            messages.error(request, refusal.message)
        return redirect(attempt)
    if (
        owner
        and not attempt.is_submitted
        and attempt.is_past_deadline(timezone.now() - services.DEADLINE_GRACE)
        and services.attempt_close_expired(attempt=attempt)
    ):
        messages.warning(request, _("The time limit is over: your saved answers were marked."))
        return redirect(attempt)
    slots = selectors.attempt_slots(attempt)
    quiz = attempt.quiz
    context = {
        "attempt": attempt,
        "quiz": quiz,
        "activity": quiz.activity,
        "course": quiz.activity.course,
        "owner": owner,
        "closed_registration": False,
    }
    if owner and not attempt.is_submitted:
        if permissions.can_attempt_quiz(request.user, quiz):
            context["rows"] = form_rows(slots)
            return render(request, "content/attempt_form.html", context)
        # A withdrawn candidate reads what they answered (decision 0001).
        context["closed_registration"] = True
    context["rows"] = review_rows(slots, show_answers=attempt.is_submitted)
    return render(request, "content/attempt_review.html", context)


@require_POST
def attempt_autosave(request, quiz_id, attempt_id):
    """The autosave endpoint of static/js/content.js (JSON)."""
    attempt = _visible_attempt(request, quiz_id, attempt_id)
    if attempt.user_id != request.user.pk:
        raise PermissionDenied
    try:
        changed = services.attempt_save(
            actor=request.user, attempt=attempt, answers=parse_answers(request.POST)
        )
    except services.QuizRefused as refusal:
        return JsonResponse({"ok": False, "error": refusal.message}, status=409)
    return JsonResponse(
        {
            "ok": True,
            "changed": changed,
            "message": _("Answers saved at %(time)s.")
            % {"time": timezone.localtime().strftime("%H:%M:%S")},
        }
    )


def results(request):
    """ "Mes résultats": the person's quiz scores in every course and their
    returned assignment grades (their own only)."""
    from assignments.api import grades_for

    return render(
        request,
        "content/results.html",
        {"by_course": selectors.all_results_of(request.user), "grades": grades_for(request.user)},
    )


def my_results(request, course_slug):
    course = get_object_or_404(courses_visible_to(request.user), slug=course_slug)
    attempts = list(selectors.results_of(request.user, course))
    by_quiz: dict[int, list] = {}
    for attempt in attempts:
        by_quiz.setdefault(attempt.quiz_id, []).append(attempt)
    summary = []
    for quiz_attempts in by_quiz.values():
        quiz = quiz_attempts[0].quiz
        summary.append(
            {
                "quiz": quiz,
                "count": len(quiz_attempts),
                "kept": selectors.kept_attempt(quiz, quiz_attempts),
            }
        )
    return render(
        request,
        "content/my_results.html",
        {
            "course": course,
            "attempts": attempts,
            "summary": summary,
            "chart": score_chart(attempts),
        },
    )


# --- Quiz authoring (producers) ---------------------------------------------------


def quiz_settings(request, activity_id):
    activity = _visible_activity(request, activity_id, kind=Activity.Kind.QUIZ)
    if not permissions.is_producer_of(request.user, activity.course):
        raise PermissionDenied
    quiz = Quiz.objects.filter(activity=activity).select_related("bank").first()
    initial = {"grading": Quiz.Grading.BEST, "pass_mark": 50, "shuffle": True}
    if quiz is not None:
        initial = {
            "bank": quiz.bank,
            "draw_count": quiz.draw_count,
            "shuffle": quiz.shuffle,
            "max_attempts": quiz.max_attempts,
            "time_limit_minutes": quiz.time_limit_minutes,
            "grading": quiz.grading,
            "pass_mark": quiz.pass_mark,
            "general_feedback": quiz.general_feedback,
        }
    form = QuizSettingsForm(request.POST or None, course=activity.course, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            quiz = services.quiz_configure(
                actor=request.user,
                activity=activity,
                bank_name=form.cleaned_data["bank_name"],
                **form.quiz_settings(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The quiz settings are saved."))
            return redirect("content:bank", bank_id=quiz.bank_id)
    return render(
        request,
        "content/quiz_settings.html",
        {"activity": activity, "course": activity.course, "form": form, "quiz": quiz},
    )


def _bank_for_producer(request, bank_id):
    bank = get_object_or_404(
        QuestionBank.objects.filter(course__in=courses_visible_to(request.user)).select_related(
            "course"
        ),
        pk=bank_id,
    )
    if not permissions.is_producer_of(request.user, bank.course):
        raise PermissionDenied
    return bank


def bank_detail(request, bank_id):
    bank = _bank_for_producer(request, bank_id)
    questions = Question.objects.filter(bank=bank).prefetch_related("choices")
    quizzes = Quiz.objects.filter(bank=bank).select_related("activity")
    return render(
        request,
        "content/bank_detail.html",
        {"bank": bank, "course": bank.course, "questions": questions, "quizzes": quizzes},
    )


def question_edit(request, bank_id, question_id=None):
    bank = _bank_for_producer(request, bank_id)
    question = None
    if question_id is not None:
        question = get_object_or_404(
            Question.objects.filter(bank=bank, is_active=True).prefetch_related("choices"),
            pk=question_id,
        )
    initial = QuestionForm.initial_for(question) if question else None
    form = QuestionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_save(
                actor=request.user, bank=bank, question=question, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The question is saved."))
            return redirect("content:bank", bank_id=bank.pk)
    return render(
        request,
        "content/question_form.html",
        {"bank": bank, "course": bank.course, "form": form, "question": question},
    )


@require_POST
def question_retire(request, bank_id, question_id):
    bank = _bank_for_producer(request, bank_id)
    question = get_object_or_404(Question.objects.filter(bank=bank), pk=question_id)
    services.question_retire(actor=request.user, question=question)
    messages.success(request, _("The question is no longer drawn."))
    return redirect("content:bank", bank_id=bank.pk)


# --- Glossary ------------------------------------------------------------------


def _glossary_course(request, course_slug):
    course = get_object_or_404(courses_visible_to(request.user), slug=course_slug)
    return course, permissions.can_edit_glossary(request.user, course)


def glossary(request, course_slug):
    course, editor = _glossary_course(request, course_slug)
    entries = selectors.glossary_entries_visible_to(request.user, course)
    letters = selectors.glossary_letters(entries)
    query = request.GET.get("q", "").strip()[:100]
    letter = request.GET.get("lettre", "")
    if query:
        shown = list(selectors.glossary_page(selectors.glossary_search(entries, query))[:200])
        letter = ""
    else:
        if letter not in letters:
            letter = letters[0] if letters else ""
        shown = list(selectors.glossary_page(entries.filter(letter=letter)))
    pending = (
        GlossaryEntry.objects.filter(course=course, status=GlossaryEntry.Status.PROPOSED).count()
        if editor
        else 0
    )
    return render(
        request,
        "content/glossary.html",
        {
            "course": course,
            "editor": editor,
            "can_propose": editor or permissions.can_propose_glossary_entry(request.user, course),
            "alphabet": [*"ABCDEFGHIJKLMNOPQRSTUVWXYZ", "#"],
            "letters": letters,
            "letter": letter,
            "query": query,
            "entries": shown,
            "pending": pending,
        },
    )


def glossary_entry_create(request, course_slug):
    course, editor = _glossary_course(request, course_slug)
    if not editor and not permissions.can_propose_glossary_entry(request.user, course):
        raise PermissionDenied
    form = GlossaryEntryForm(request.POST or None, course=course)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.glossary_entry_save(
                actor=request.user,
                course=course,
                term=form.cleaned_data["term"],
                definition=form.cleaned_data["definition"],
                see_also=form.cleaned_data["see_also"],
                as_producer=editor,
                aliases=form.cleaned_data["aliases"],
            )
        except ValidationError as error:
            form.add_error("definition", error)
        else:
            if editor:
                messages.success(request, _("The entry is published."))
            else:
                messages.success(
                    request, _("Thank you: your proposal will be published once approved.")
                )
            return redirect(
                reverse("content:glossary", args=[course.slug])
                + f"?lettre={entry.letter}#terme-{entry.pk}"
            )
    return render(
        request,
        "content/glossary_form.html",
        {"course": course, "form": form, "editor": editor, "entry": None},
    )


def glossary_entry_edit(request, course_slug, entry_id):
    course, editor = _glossary_course(request, course_slug)
    entry = get_object_or_404(
        selectors.glossary_entries_visible_to(request.user, course, editor=editor), pk=entry_id
    )
    if not editor:
        raise PermissionDenied
    initial = {
        "term": entry.term,
        "definition": entry.definition,
        "aliases": entry.aliases,
        "see_also": entry.see_also.all(),
    }
    form = GlossaryEntryForm(request.POST or None, course=course, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.glossary_entry_save(
                actor=request.user,
                course=course,
                entry=entry,
                term=form.cleaned_data["term"],
                definition=form.cleaned_data["definition"],
                see_also=form.cleaned_data["see_also"],
                as_producer=True,
                aliases=form.cleaned_data["aliases"],
            )
        except ValidationError as error:
            form.add_error("definition", error)
        else:
            messages.success(request, _("The entry is saved."))
            return redirect(
                reverse("content:glossary", args=[course.slug])
                + f"?lettre={entry.letter}#terme-{entry.pk}"
            )
    return render(
        request,
        "content/glossary_form.html",
        {"course": course, "form": form, "editor": editor, "entry": entry},
    )


def glossary_proposals(request, course_slug):
    course, editor = _glossary_course(request, course_slug)
    if not editor:
        raise PermissionDenied
    proposals = GlossaryEntry.objects.filter(
        course=course, status=GlossaryEntry.Status.PROPOSED
    ).select_related("proposed_by")
    return render(
        request, "content/glossary_proposals.html", {"course": course, "proposals": proposals}
    )


@require_POST
def glossary_entry_moderate(request, course_slug, entry_id):
    course, editor = _glossary_course(request, course_slug)
    entry = get_object_or_404(
        selectors.glossary_entries_visible_to(request.user, course, editor=editor), pk=entry_id
    )
    if not editor:
        raise PermissionDenied
    try:
        services.glossary_entry_moderate(
            actor=request.user, entry=entry, approve=request.POST.get("decision") == "approve"
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Decision recorded."))
    return redirect("content:glossary_proposals", course_slug=course.slug)


# --- Media ---------------------------------------------------------------------


def _visible_activity(request, activity_id, **filters):
    return get_object_or_404(
        activities_visible_to(request.user).filter(**filters).select_related("course", "section"),
        pk=activity_id,
    )


def audio_edit(request, activity_id):
    activity = _visible_activity(request, activity_id, kind=Activity.Kind.AUDIO)
    if not permissions.can_edit_media(request.user, activity):
        raise PermissionDenied
    media = AudioMedia.objects.filter(activity=activity).first()
    form = AudioForm(
        request.POST or None,
        request.FILES or None,
        initial={"transcript": media.transcript if media else ""},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.audio_save(
                actor=request.user,
                activity=activity,
                transcript=form.cleaned_data["transcript"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("The recording is saved."))
            return redirect("content:audio_edit", activity_id=activity.pk)
    return render(
        request,
        "content/audio_form.html",
        {"activity": activity, "course": activity.course, "form": form, "media": media},
    )


def audio_file(request, activity_id):
    activity = _visible_activity(request, activity_id, kind=Activity.Kind.AUDIO)
    media = AudioMedia.objects.filter(activity=activity).exclude(file="").first()
    if media is None:
        raise Http404
    content_type = media.content_type or "application/octet-stream"
    extension = uploads.split_extension(media.file.name)[1]
    filename = f"{activity.title}.{extension}" if extension else activity.title
    size = media.file.size
    match = RANGE.fullmatch(request.headers.get("Range", "").strip())
    if match and (match[1] or match[2]):
        # Players seek with byte ranges; answer at most RANGE_CHUNK at a time.
        if match[1]:
            start = int(match[1])
            end = int(match[2]) if match[2] else size - 1
        else:
            start, end = max(0, size - int(match[2])), size - 1
        end = min(end, size - 1, start + RANGE_CHUNK - 1)
        if start >= size or start > end:
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            return uploads.protect_response(response, filename=filename, personal=False)
        with media.file.open("rb") as handle:
            handle.seek(start)
            data = handle.read(end - start + 1)
        response = HttpResponse(data, status=206, content_type=content_type)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    else:
        response = uploads.file_response(
            media.file.name,
            filename=filename,
            content_type=content_type,
            request=request,
            personal=False,
        )
    response["Accept-Ranges"] = "bytes"
    # An <audio> element plays an attachment; the headers stop a browser
    # from displaying the file as a page.
    return uploads.protect_response(response, filename=filename, personal=False)


# --- Yearly review -------------------------------------------------------------


def review_list(request):
    if not selectors.courses_produced_by(request.user).exists():
        raise PermissionDenied
    today = timezone.localdate()
    activities = list(selectors.activities_to_review(request.user, today))
    return render(
        request,
        "content/review_list.html",
        {"activities": activities, "form": ReviewForm(), "today": today},
    )


@require_POST
def review_mark(request, activity_id):
    activity = _visible_activity(request, activity_id)
    if not permissions.can_review(request.user, activity):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if form.is_valid():
        services.activity_mark_reviewed(
            actor=request.user, activity=activity, note=form.cleaned_data["note"]
        )
        messages.success(
            request, _("“%(title)s” is marked as reviewed.") % {"title": activity.title}
        )
    else:
        messages.error(request, _("The note is too long."))
    return redirect("content:review_list")


# --- Error reports -------------------------------------------------------------


def report_create(request, activity_id):
    activity = _visible_activity(request, activity_id)
    form = ErrorReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.error_report_create(
                actor=request.user, activity=activity, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            form.add_error("text", error)
        else:
            messages.success(
                request,
                _("Thank you: the production group will check it. Follow the answer here."),
            )
            return redirect(report)
    return render(
        request,
        "content/report_form.html",
        {"activity": activity, "course": activity.course, "form": form},
    )


def report_list(request):
    queue = list(selectors.report_queue(request.user)[:500])
    mine = list(
        selectors.reports_visible_to(request.user)
        .filter(reporter=request.user)
        .select_related("activity__course")
    )
    return render(request, "content/report_list.html", {"queue": queue, "mine": mine})


def report_detail(request, report_id):
    report = get_object_or_404(
        selectors.reports_visible_to(request.user).select_related(
            "activity__course", "reporter", "answered_by"
        ),
        pk=report_id,
    )
    can_answer = permissions.can_answer_report(request.user, report)
    if report.reporter_id == request.user.pk and request.method == "GET":
        notifications_api.mark_read(user=request.user, target=f"content.report:{report.pk}")
    form = None
    if can_answer:
        form = ErrorReportAnswerForm(
            request.POST or None, initial={"status": report.status, "answer": report.answer}
        )
    if request.method == "POST":
        if not can_answer:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.error_report_answer(
                    actor=request.user,
                    report=report,
                    status=form.cleaned_data["status"],
                    answer=form.cleaned_data["answer"],
                )
            except ValidationError as error:
                form.add_error("answer", error)
            else:
                messages.success(request, _("The answer is saved."))
                return redirect(report)
    return render(
        request,
        "content/report_detail.html",
        {
            "report": report,
            "form": form,
            # One click from the report to the activity in the studio.
            "studio_url": (
                reverse(
                    "content:studio_activity_edit",
                    kwargs={"slug": report.activity.course.slug, "activity_id": report.activity_id},
                )
                + f"?signalement={report.pk}"
                if can_answer
                else ""
            ),
        },
    )
