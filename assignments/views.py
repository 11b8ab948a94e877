"""Assignment pages. Access comes from ``assignments.selectors`` and
``assignments.permissions``: what a user may not see is a 404, a visible
thing they may not do is a 403."""

import datetime
import tempfile

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core import fragments, uploads
from core.dates import format_date
from core.links import url_maker
from core.navigation import TRAINER, roles_for
from courses.api import (
    Course,
    Registration,
    courses_visible_to,
    graded_registrations_q,
    trainers_of,
)
from notifications import api as notifications_api

from . import archives, permissions, selectors, services
from .forms import AssignmentForm, ExtensionForm, GradeForm, HandInForm, ReportForm, UploadForm
from .models import Feedback, Submission, SubmissionFile, grade_distribution

# Renewed by any change to a copy, a grade or an extension (apps.py).
COPIES_SCOPE = "assignments:copies"

QUEUE_PAGE_SIZE = 50


def _errors(exc: ValidationError) -> list[str]:
    return exc.messages


def _attachment(request, field_file, filename, content_type=None, *, personal=True):
    if content_type is None:
        # Subject and annotated files keep no type: the one of their (checked) extension.
        extension = "." + uploads.split_extension(filename)[1]
        content_type = next(
            (k.content_type for k in uploads.KINDS.values() if extension in k.extensions),
            "application/octet-stream",
        )
    return uploads.file_response(
        field_file.name,
        filename=filename,
        content_type=content_type,
        request=request,
        personal=personal,
    )


# --- lists --------------------------------------------------------------------------


def my_assignments(request):
    """ "Mes devoirs" for candidates; the assignments a trainer manages."""
    rows = selectors.my_assignments(request.user)
    managed = list(
        selectors.assignments_managed_by(request.user)
        .select_related("course")
        .annotate(
            handed_in=Count("submissions", filter=Q(submissions__status__in=Submission.HANDED_IN))
        )
        .order_by("-due_at")[:50]
    )
    followed = list(selectors.copies_of_followed_candidates(request.user)[:200])
    for copy in followed:
        copy.feedback = copy.returned_feedbacks[0] if copy.returned_feedbacks else None
    now = timezone.now()
    for row in rows:
        row["days_left"] = (row["due_at"] - now).days
    # Where a trainer publishes a new assignment (asked of trainers only, from
    # the roles the menus use: no query for anyone else).
    taught = []
    if TRAINER in roles_for(request) and not request.user.is_superuser:
        taught = list(
            Course.objects.filter(pk__in=selectors.trained_course_ids(request.user))
            .order_by("position", "title")
            .only("slug", "title")
        )
    return render(
        request,
        "assignments/my_assignments.html",
        {"rows": rows, "managed": managed, "followed": followed, "now": now, "taught": taught},
    )


def grading_queue(request):
    """Handed-in copies of the courses the user trains, filtered, paginated.
    The access check runs on every request (the trained courses, read with
    their assignments for the filters: one query); the page body is a
    fragment cached per trainer and filter until a copy, a grade, the
    trainer's rows or the content change (core/fragments.py)."""
    user = request.user
    managed = selectors.managed_by_course(user)
    if not user.is_superuser and not managed:
        raise PermissionDenied

    def _int(name):
        value = request.GET.get(name, "")
        return int(value) if value.isdigit() else None

    status = request.GET.get("status", "")
    if status not in Submission.Status.values:
        status = ""
    late = {"1": True, "0": False}.get(request.GET.get("late", ""))
    order = "newest" if request.GET.get("order") == "newest" else "oldest"
    filters = {
        "course": _int("course"),
        "assignment": _int("assignment"),
        "status": status,
        "late": request.GET.get("late", "") if late is not None else "",
        "order": order,
    }
    page_number = request.GET.get("page", "")[:12]
    body = fragments.cached(
        "assignments.queue",
        [fragments.user_scope(user), fragments.CONTENT, COPIES_SCOPE],
        lambda: render_to_string(
            "assignments/_grading_queue.html",
            _queue_context(user, managed, filters, late, page_number),
        ),
        vary=[user.pk, sorted(filters.items()), page_number],
    )
    return render(request, "assignments/grading_queue.html", {"body": body})


def _selected(chosen, value) -> str:
    return " selected" if chosen == value else ""


def _queue_filters(managed, filters) -> dict:
    """The options of the filter form as (value, label(s), " selected" or
    "") rows, from ``selectors.managed_by_course``'s rows: the courses that
    have assignments (by position, then title), the assignments (by course
    title, then due date), the statuses of a handed-in copy."""
    first_seen: dict[int, tuple[int, int, str]] = {}  # course -> (position, title rank, title)
    assignments = []
    for course_id, course_title, position, pk, title, _blind, _released in managed:
        if pk is None:
            continue
        first_seen.setdefault(course_id, (position, len(first_seen), course_title))
        assignments.append((pk, _selected(filters["assignment"], pk), title, course_title))
    courses = [
        (pk, _selected(filters["course"], pk), title)
        for pk, (_position, _rank, title) in sorted(first_seen.items(), key=lambda kv: kv[1][:2])
    ]
    statuses = [
        (value, _selected(filters["status"], value), label)
        for value, label in Submission.Status.choices
        if value != "draft"
    ]
    return {"course_options": courses, "assignment_options": assignments, "statuses": statuses}


def _handed_in(moment, days: dict) -> str:
    """``moment`` as ``fr_date:"j F Y, H:i"`` writes it, the day formatted
    once per table (``days``): 50 ``format_date`` calls cost more than the
    rest of the rows (copies come in on a few days)."""
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    day = days.get(local.date())
    if day is None:
        day = days[local.date()] = format_date(local, "j F Y")
    return f"{day}, {local:%H:%M}"


def _queue_rows(rows, managed) -> list[tuple]:
    """The table's rows as the template prints them: (link, copy label or
    candidate's name, assignment, course, hand-in date, late?, status,
    unread feedback?). Labels, links and the words of the statuses are
    made once per table; the name is ``User.get_display_name``'s and the
    blind label ``Submission.blind_label``'s."""
    titles = {
        pk: (title, course_title, blind and not released)
        for _c, course_title, _p, pk, title, blind, released in managed
        if pk is not None
    }
    link = url_maker("assignments:submission")
    statuses = {value: str(label) for value, label in Submission.Status.choices}
    blind_label = _("Copy no. %(number)s")
    days: dict[datetime.date, str] = {}  # local day -> "j F Y" (core.dates: « 1er »)
    out = []
    for pk, assignment_id, number, status, is_late, submitted_at, unread, *names in rows:
        title, course_title, hides_identity = titles[assignment_id]
        if hides_identity:
            name = blind_label % {"number": number}
        else:
            display_name, first_name, last_name, username = names
            name = display_name or f"{first_name} {last_name}".strip() or username
        out.append(
            (
                link(pk),
                name,
                title,
                course_title,
                _handed_in(submitted_at, days),
                is_late,
                statuses[status],
                unread,
            )
        )
    return out


def _queue_page(queryset, page_number: str):
    """The page of ``queryset`` that ``Paginator.get_page(page_number)``
    gives (the first for a non-number, the last for a number out of range),
    its copies' ids and the progress counts, in one query for a page that
    exists (``selectors.queue_slice``); a page out of range also counts the
    copies, then reads the last page."""
    paginator = Paginator(queryset, QUEUE_PAGE_SIZE)
    try:
        number = int(page_number)
    except ValueError:
        number = 1
    found = []
    if number >= 1:
        found = selectors.queue_slice(queryset, (number - 1) * QUEUE_PAGE_SIZE, QUEUE_PAGE_SIZE)
    if found:
        progress = {"total": found[0][1], "graded": found[0][2]}
    elif number == 1:
        progress = {"total": 0, "graded": 0}
    else:
        progress = queryset.order_by().aggregate(
            total=Count("pk"),
            graded=Count(
                "pk", filter=Q(status__in=[Submission.Status.GRADED, Submission.Status.RETURNED])
            ),
        )
    paginator.count = progress["total"]
    page = paginator.get_page(number)
    if page.number != number and progress["total"]:
        found = selectors.queue_slice(queryset, page.start_index() - 1, QUEUE_PAGE_SIZE)
    return page, [pk for pk, _total, _graded in found], progress


def _queue_context(user, managed, filters, late, page_number) -> dict:
    queryset = selectors.graded_copies(
        user,
        course_id=filters["course"],
        assignment_id=filters["assignment"],
        status=filters["status"] or None,
        late=late,
        order=filters["order"],
    )
    page, ids, progress = _queue_page(queryset, page_number)
    query = urlencode({name: value for name, value in filters.items() if value not in (None, "")})
    return {
        "page": page,
        "rows": _queue_rows(selectors.queue_rows(ids) if ids else [], managed),
        **_queue_filters(managed, filters),
        "filters": filters,
        "progress": progress,
        "percent": round(100 * progress["graded"] / progress["total"]) if progress["total"] else 0,
        "querystring": query,
    }


# --- an assignment ------------------------------------------------------------------


def _visible_assignment(request, pk):
    return get_object_or_404(
        selectors.assignments_visible_to(request.user).select_related("course", "report"),
        pk=pk,
    )


def assignment_detail(request, pk):
    assignment = _visible_assignment(request, pk)
    user = request.user
    manages = permissions.can_manage_assignment(user, assignment)
    context = {"assignment": assignment, "manages": manages, "now": timezone.now()}
    submission = (
        selectors.submission_for_page(
            Submission.objects.filter(candidate=user, assignment=assignment)
        ).first()
        if user.is_authenticated
        else None
    )
    extension = selectors.extension_for(assignment, user)
    registration = permissions.can_submit(user, assignment)
    context.update(
        submission=submission,
        extension=extension,
        due_at=assignment.due_for(extension),
        days_left=(assignment.due_for(extension) - context["now"]).days,
        cutoff_at=assignment.cutoff_for(extension),
        can_submit=registration,
        is_candidate=submission is not None or registration,
        subject_files=list(assignment.subject_files.all()),
    )
    if submission is not None:
        files = list(submission.files.all())
        context["files"] = files
        context["current_files"] = [f for f in files if f.is_current]
        returned = [f for f in submission.feedbacks.all() if f.returned_at]
        context["feedback"] = returned[0] if returned else None
        context["can_hand_in"] = bool(context["current_files"]) and (
            submission.status == Submission.Status.DRAFT
            or (
                submission.status == Submission.Status.RETURNED
                and assignment.allow_resubmission
                and any(f.handin is None for f in context["current_files"])
            )
        )
        context["can_upload"] = submission.status == Submission.Status.DRAFT or (
            submission.status == Submission.Status.RETURNED and assignment.allow_resubmission
        )
    else:
        context["can_upload"] = True
        context["can_hand_in"] = False
    context["window_open"] = assignment.opens_at <= context["now"] <= context["cutoff_at"]
    if registration and context["can_upload"] and context["window_open"]:
        context["upload_form"] = UploadForm(assignment=assignment)
    if assignment.grades_released or manages:
        grades = Feedback.objects.filter(
            submission__assignment=assignment, returned_at__isnull=False, grade__isnull=False
        ).values_list("grade", flat=True)
        context["distribution"] = grade_distribution(grades, assignment.scale)
    report = getattr(assignment, "report", None) if hasattr(assignment, "report") else None
    context["report"] = report
    if manages:
        context["stats"] = assignment.submissions.aggregate(
            total=Count("pk", filter=Q(status__in=Submission.HANDED_IN)),
            graded=Count("pk", filter=Q(status__in=["graded", "returned"])),
            to_return=Count("pk", filter=Q(status="graded")),
        )
        context["extension_form"] = ExtensionForm(candidates=_candidates_of(assignment, user))
        context["report_form"] = ReportForm(initial={"body": report.body if report else ""})
        context["extensions"] = list(assignment.extensions.select_related("candidate"))
        context["can_release"] = permissions.can_release_grades(user, assignment)
    return render(request, "assignments/assignment_detail.html", context)


def _candidates_of(assignment, user):
    """The active candidates of the course whose copies ``user`` grades (all
    for administrators): the ones they may grant an extension to."""
    from django.contrib.auth import get_user_model

    graded = Q() if user.is_superuser else graded_registrations_q(user, via="registrations__")
    return (
        get_user_model()
        .objects.filter(
            graded,
            registrations__status=Registration.Status.ACTIVE,
            registrations__enrolments__course=assignment.course,
            registrations__enrolments__status="active",
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


@require_POST
def upload(request, pk):
    assignment = _visible_assignment(request, pk)
    if not permissions.can_submit(request.user, assignment):
        raise PermissionDenied
    form = UploadForm(request.POST, request.FILES, assignment=assignment)
    if form.is_valid():
        try:
            created = services.submission_upload(
                actor=request.user, assignment=assignment, uploads=form.cleaned_data["files"]
            )
        except ValidationError as exc:
            for message in _errors(exc):
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("File uploaded: %(names)s. Remember to hand in your copy.")
                % {"names": ", ".join(f.original_name for f in created)},
            )
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(assignment)


@require_POST
def remove_file(request, pk, file_id):
    assignment = _visible_assignment(request, pk)
    file = get_object_or_404(
        SubmissionFile.objects.select_related("submission"),
        pk=file_id,
        submission__assignment=assignment,
        submission__candidate=request.user,
    )
    try:
        services.submission_remove_file(actor=request.user, submission=file.submission, file=file)
    except ValidationError as exc:
        for message in _errors(exc):
            messages.error(request, message)
    else:
        messages.success(request, _("The file is no longer part of your copy (it is kept)."))
    return redirect(assignment)


def hand_in(request, pk):
    """ "Rendre ma copie": a confirmation page with the statement of authorship."""
    assignment = _visible_assignment(request, pk)
    submission = get_object_or_404(
        Submission.objects.select_related("assignment"),
        assignment=assignment,
        candidate=request.user,
    )
    if not permissions.can_submit(request.user, assignment):
        raise PermissionDenied
    form = HandInForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.submission_hand_in(
                actor=request.user, submission=submission, statement=str(form.fields[
                    "statement"].label)
            )  # fmt: skip
        except ValidationError as exc:
            for message in _errors(exc):
                messages.error(request, message)
            return redirect(assignment)
        messages.success(
            request, _("Your copy is handed in. A receipt is on its way to your mailbox.")
        )
        return redirect(assignment)
    files = list(submission.files.filter(is_current=True).order_by("number"))
    extension = selectors.extension_for(assignment, request.user)
    return render(
        request,
        "assignments/hand_in.html",
        {
            "assignment": assignment,
            "submission": submission,
            "files": files,
            "form": form,
            "due_at": assignment.due_for(extension),
            "late": timezone.now() > assignment.due_for(extension),
        },
    )


def subject_file(request, pk, file_id):
    assignment = _visible_assignment(request, pk)
    file = get_object_or_404(assignment.subject_files, pk=file_id)
    return _attachment(request, file.file, file.original_name, personal=False)


# --- a copy ---------------------------------------------------------------------------


def _visible_submission(request, pk):
    return get_object_or_404(
        selectors.submission_for_page(
            selectors.submissions_visible_to(request.user), pk
        ).select_related("registration__preparation__centre"),
        pk=pk,
    )


def submission_detail(request, pk):
    """A copy: the candidate, their tutor and coordinator read it; the
    trainers in charge grade it here."""
    submission = _visible_submission(request, pk)
    user = request.user
    assignment = submission.assignment
    manages = permissions.can_manage_assignment(user, assignment)
    can_grade = permissions.can_grade_submission(user, submission)
    feedbacks = list(submission.feedbacks.all())
    visible_feedbacks = feedbacks if manages else [f for f in feedbacks if f.returned_at]
    current = next((f for f in feedbacks if f.handin == submission.handin), None)
    _record_feedback_read(request, submission, visible_feedbacks)
    context = {
        "submission": submission,
        "assignment": assignment,
        "files": _files_for(user, submission),
        "feedbacks": visible_feedbacks,
        "current_feedback": current,
        "manages": manages,
        "can_grade": can_grade and submission.is_handed_in,
        "show_identity": permissions.can_view_identity(user, submission),
    }
    if context["can_grade"]:
        context["form"] = GradeForm(
            initial={
                "grade": str(current.grade).replace(".", ",")
                if current and current.grade is not None
                else "",
                "comment": current.comment if current else "",
            },
            scale=assignment.scale,
        )
    from .views_grading import grid_context

    context.update(
        grid_context(user, submission, visible_feedbacks, can_grade=context["can_grade"])
    )
    return render(request, "assignments/submission_detail.html", context)


def _record_feedback_read(request, submission, feedbacks) -> None:
    """The candidate opening their returned feedback: the read receipt, and
    the notifications about this copy are read."""
    if request.user.pk != submission.candidate_id:
        return
    if any(f.returned_at and f.read_at is None for f in feedbacks):
        services.feedback_mark_read(actor=request.user, submission=submission, feedbacks=feedbacks)
    notifications_api.mark_read(user=request.user, target=f"assignments.submission:{submission.pk}")


@require_POST
def grade(request, pk):
    submission = _visible_submission(request, pk)
    if not permissions.can_grade_submission(request.user, submission):
        raise PermissionDenied
    assignment = submission.assignment
    form = GradeForm(request.POST, request.FILES, scale=assignment.scale)
    return_now = "return" in request.POST
    if form.is_valid():
        try:
            services.feedback_save(
                actor=request.user,
                submission=submission,
                grade=form.cleaned_data["grade"],
                comment=form.cleaned_data["comment"],
                annotated=form.cleaned_data["annotated"],
                return_now=return_now,
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(
                request,
                _("The copy is returned to the candidate.") if return_now else _("Grading saved."),
            )
            return redirect("assignments:submission", pk=submission.pk)
    feedbacks = list(submission.feedbacks.all())
    return render(
        request,
        "assignments/submission_detail.html",
        {
            "submission": submission,
            "assignment": assignment,
            "files": _files_for(request.user, submission),
            "feedbacks": feedbacks,
            "current_feedback": next((f for f in feedbacks if f.handin == submission.handin), None),
            "manages": True,
            "can_grade": True,
            "show_identity": permissions.can_view_identity(request.user, submission),
            "form": form,
        },
        status=400,
    )


def _files_for(user, submission):
    """Versions shown on a copy's page: all of them to the candidate; only
    the handed-in ones to the others (a draft is the candidate's own)."""
    files = list(submission.files.all())
    if submission.candidate_id == user.pk:
        return files
    return [f for f in files if f.handin is not None]


def submission_file(request, pk, file_id):
    submission = _visible_submission(request, pk)
    file = get_object_or_404(SubmissionFile, pk=file_id, submission=submission)
    if file.handin is None and submission.candidate_id != request.user.pk:
        raise Http404
    name = file.original_name
    if not permissions.can_view_identity(request.user, submission):
        name = f"copie-{submission.blind_number}-v{file.number}{_extension(file.original_name)}"
    # Access is settled above: a 304 below tells the client its copy is the file.
    response = _attachment(request, file.file, name, file.content_type)
    if submission.candidate_id != request.user.pk and response.status_code in (200, 304):
        # Anyone but the author reading a copy is traced (issue "Security").
        # A 304 is traced too, marked as such: the reader still opens the
        # copy, from the one they kept. A missing file (404) or a failed
        # If-Match (412) shows nothing and is not traced.
        from core import audit

        audit.record(
            actor=request.user,
            action="assignments.copy_downloaded",
            target=file,
            summary=f"{submission.assignment.title} — v{file.number}",
            data={"not_modified": True} if response.status_code == 304 else None,
            request=request,
        )
    return response


def annotated_file(request, pk, feedback_id):
    submission = _visible_submission(request, pk)
    feedback = get_object_or_404(Feedback, pk=feedback_id, submission=submission)
    if not feedback.annotated_file:
        raise Http404
    if feedback.returned_at is None and not permissions.can_manage_assignment(
        request.user, submission.assignment
    ):
        raise Http404
    return _attachment(request, feedback.annotated_file, feedback.annotated_name)


def _grade_text(feedback):
    if feedback is None or feedback.grade is None:
        return ""
    return f"{feedback.grade.normalize():f}".replace(".", ",")


def _extension(name):
    return ("." + name.rpartition(".")[2].lower()) if "." in name else ""


# --- trainer actions on an assignment -----------------------------------------------


def _managed_assignment(request, pk):
    assignment = _visible_assignment(request, pk)
    if not permissions.can_manage_assignment(request.user, assignment):
        raise PermissionDenied
    return assignment


@require_POST
def release(request, pk):
    assignment = _managed_assignment(request, pk)
    if not permissions.can_release_grades(request.user, assignment):
        raise PermissionDenied
    count = services.assignment_release_grades(actor=request.user, assignment=assignment)
    messages.success(
        request,
        ngettext(
            "Grades released: %(count)s copy returned.",
            "Grades released: %(count)s copies returned.",
            count,
        )
        % {"count": count},
    )
    return redirect(assignment)


@require_POST
def return_copy(request, pk):
    submission = _visible_submission(request, pk)
    if not permissions.can_grade_submission(request.user, submission):
        raise PermissionDenied
    try:
        services.submission_return(actor=request.user, submission=submission)
    except ValidationError as exc:
        for message in _errors(exc):
            messages.error(request, message)
    else:
        messages.success(request, _("The copy is returned to the candidate."))
    return redirect("assignments:submission", pk=submission.pk)


@require_POST
def extension(request, pk):
    assignment = _managed_assignment(request, pk)
    form = ExtensionForm(request.POST, candidates=_candidates_of(assignment, request.user))
    if form.is_valid():
        try:
            services.extension_grant(
                actor=request.user,
                assignment=assignment,
                candidate=form.cleaned_data["candidate"],
                due_at=form.cleaned_data["due_at"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            for message in _errors(exc):
                messages.error(request, message)
        else:
            messages.success(request, _("Extension granted."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(assignment)


@require_POST
def report(request, pk):
    assignment = _managed_assignment(request, pk)
    form = ReportForm(request.POST)
    if form.is_valid():
        services.report_save(
            actor=request.user, assignment=assignment, body=form.cleaned_data["body"]
        )
        messages.success(request, _("Report saved."))
    else:
        messages.error(request, _("Write the report before saving it."))
    return redirect(assignment)


# Above this many files, the ZIP is built by a Celery task.
ZIP_INLINE_MAX_FILES = 100


def download_zip(request, pk):
    """Every handed-in copy of the assignment in one ZIP, named by candidate
    (by copy number under blind marking). Small sets are sent at once; big
    ones are prepared in the background (POST) and listed here."""
    assignment = _managed_assignment(request, pk)
    if request.method == "POST":
        services.archive_request(actor=request.user, assignment=assignment)
        messages.success(request, _("The ZIP is being prepared. Reload this page in a moment."))
        return redirect("assignments:zip", pk=assignment.pk)
    count = archives.handed_in_files(assignment, request.user).count()
    if count <= ZIP_INLINE_MAX_FILES:
        # Spooled: small sets stay in memory, bigger ones go to a temporary file.
        buffer = tempfile.SpooledTemporaryFile(max_size=10 * 1024 * 1024)  # noqa: SIM115
        archives.write_copies_zip(
            assignment, buffer, anonymous=assignment.hides_identity, for_user=request.user
        )
        buffer.seek(0)
        return _attachment_stream(buffer, f"copies-{assignment.pk}.zip", "application/zip")
    return render(
        request,
        "assignments/archives.html",
        {
            "assignment": assignment,
            "count": count,
            "archives": list(assignment.archives.all()[:10]),
        },
    )


def archive_file(request, pk, archive_id):
    assignment = _managed_assignment(request, pk)
    archive = get_object_or_404(assignment.archives, pk=archive_id, status="ready")
    return _attachment(request, archive.file, f"copies-{assignment.pk}.zip", "application/zip")


def _attachment_stream(handle, filename, content_type):
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    return uploads.protect_response(response, filename=filename)


# --- creating and editing -------------------------------------------------------------


def assignment_create(request, course_slug):
    course = get_object_or_404(courses_visible_to(request.user), slug=course_slug)
    if not permissions.can_create_assignment_in(request.user, course):
        raise PermissionDenied
    return _assignment_form(request, course, None)


def assignment_edit(request, pk):
    assignment = _managed_assignment(request, pk)
    return _assignment_form(request, assignment.course, assignment)


def _assignment_form(request, course, assignment):
    trainers = trainers_of(course)
    posted = request.method == "POST"
    form = AssignmentForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        instance=assignment,
        course=course,
        trainers=trainers,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            saved = services.assignment_save(
                actor=request.user,
                course=course,
                assignment=assignment,
                data=data,
                trainers=data.get("trainers"),
                subject_files=data.get("subject_files") or [],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Assignment saved."))
            return redirect(saved)
    return render(
        request,
        "assignments/assignment_form.html",
        {"form": form, "course": course, "assignment": assignment},
        status=400 if request.method == "POST" else 200,
    )
