"""Writes about assignments and copies.

Keyword-only, atomic; emails are queued through the transactional outbox
(``core.outbox``): a copy handed in while Redis is down still gets its
receipt once the broker is back.
Uploads write the file first, then the row, in one transaction; when
anything fails the stored files are removed and the previous state is
left as it was. Copies are never deleted nor overwritten."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core import markup, outbox
from core import uploads as core_uploads
from core.fragments import bump, user_scope
from courses.api import Activity, complete_activity, copies_graded_by_q, tracking_registration
from notifications import api as notifications_api

from .models import (
    Assignment,
    CopiesArchive,
    Extension,
    Feedback,
    Report,
    SubjectFile,
    Submission,
    SubmissionFile,
)
from .permissions import (
    can_create_assignment_in,
    can_grade_submission,
    can_grant_extension,
    can_manage_assignment,
    can_release_grades,
)

ANNOTATED_MAX_SIZE = 30 * 1024 * 1024
SUBJECT_MAX_SIZE = 30 * 1024 * 1024


def sanitise_html(html: str) -> str:
    """Rich text as trainers write it, without scripts, styles or events: the
    site's sanitiser, policy "content" (core/markup.py)."""
    return markup.clean(html, "content")


def _audit(actor, assignment, action, submission=None, **data):
    """In the site's one audit log (grades, releases, extensions: what issue
    "Security" asks to be traceable); the assignment is in ``data`` when the
    entry is about one of its copies."""
    from core import audit

    details = {k: str(v) for k, v in data.items()}
    details["assignment"] = str(assignment.pk)
    audit.record(
        actor=actor,
        action=f"assignments.{action}",
        target=submission or assignment,
        summary=assignment.title,
        data=details,
    )


# --- assignments -------------------------------------------------------------


ASSIGNMENT_FIELDS = (
    "title", "instructions", "opens_at", "due_at", "cutoff_at", "max_files", "max_size_mb",
    "accepted_kinds", "scale", "blind_marking", "allow_resubmission", "activity",
)  # fmt: skip


def _check_dates(opens_at, due_at, cutoff_at):
    if due_at < opens_at:
        raise ValidationError({"due_at": _("The due date must follow the opening date.")})
    if cutoff_at is not None and cutoff_at < due_at:
        raise ValidationError({"cutoff_at": _("The cut-off date must follow the due date.")})


@transaction.atomic
def assignment_save(
    *, actor, course, assignment: Assignment | None = None, data: dict, trainers=None,
    subject_files=(),
) -> Assignment:  # fmt: skip
    """Create (``assignment`` None) or update an assignment of ``course``
    with ``data`` (ASSIGNMENT_FIELDS), its trainers in charge and new
    subject files. Trainers of the course and administrators only."""
    if assignment is None:
        if not can_create_assignment_in(actor, course):
            raise PermissionDenied
        assignment = Assignment(course=course, created_by=actor)
    elif not can_manage_assignment(actor, assignment):
        raise PermissionDenied
    for field in ASSIGNMENT_FIELDS:
        if field in data:
            setattr(assignment, field, data[field])
    assignment.instructions = sanitise_html(assignment.instructions)
    activity = assignment.activity
    if activity is not None and (
        activity.course_id != course.pk or activity.kind != Activity.Kind.ASSIGNMENT
    ):
        raise ValidationError({"activity": _("Choose an assignment activity of this course.")})
    _check_dates(assignment.opens_at, assignment.due_at, assignment.cutoff_at)
    assignment.save()
    if trainers is not None:
        assignment.trainers.set(trainers)
    stored = []
    try:
        with transaction.atomic():
            for upload in subject_files:
                checked = core_uploads.check_upload(
                    upload, kinds=["pdf", "docx", "odt"], max_size=SUBJECT_MAX_SIZE
                )
                name = core_uploads.store(checked, f"assignments/{assignment.pk}/subject")
                stored.append(name)
                SubjectFile.objects.create(
                    assignment=assignment, file=name, original_name=checked.name,
                    size=checked.size,
                )  # fmt: skip
    except BaseException:
        core_uploads.delete_quietly(stored)
        raise
    _audit(actor, assignment, "assignment_saved")
    return assignment


@transaction.atomic
def assignment_import(*, actor, course, activity: Activity, data: dict) -> Assignment:
    """Create the assignment behind an imported ``assignment`` activity (a
    Moodle backup brought in by the course's producers or an admin; the
    importer checked that ``actor`` may import into ``course``). Same fields
    (ASSIGNMENT_FIELDS) and date rules as :func:`assignment_save`."""
    if activity.course_id != course.pk or activity.kind != Activity.Kind.ASSIGNMENT:
        raise ValidationError({"activity": _("Choose an assignment activity of this course.")})
    assignment = Assignment(course=course, created_by=actor, activity=activity)
    for field in ASSIGNMENT_FIELDS:
        if field in data:
            setattr(assignment, field, data[field])
    assignment.activity = activity
    assignment.instructions = sanitise_html(assignment.instructions)
    _check_dates(assignment.opens_at, assignment.due_at, assignment.cutoff_at)
    assignment.full_clean(exclude=["trainers", "created_by"])
    assignment.save()
    _audit(actor, assignment, "assignment_imported")
    return assignment


# The part of an assignment its course's authors write in the course studio
# (content.studio): the subject, its dates and the file rules. Who grades,
# the scale and blind marking stay with the trainers.
SUBJECT_FIELDS = (
    "instructions", "opens_at", "due_at", "cutoff_at", "max_files", "max_size_mb",
    "accepted_kinds",
)  # fmt: skip


def can_write_subject(user, course) -> bool:
    """The authors of a course's content (trainers, producers, administrators:
    ``courses.api.can_edit_course``) write its assignments' subjects."""
    from courses.api import can_edit_course

    return user.is_authenticated and can_edit_course(user, course)


@transaction.atomic
def assignment_subject_save(*, actor, activity: Activity, data: dict) -> Assignment:
    """Create or update the assignment behind an ``assignment`` activity
    with its subject (``SUBJECT_FIELDS`` of ``data``); its title follows the
    activity's. For the course's authors (``can_write_subject``)."""
    if activity.kind != Activity.Kind.ASSIGNMENT:
        raise ValidationError(_("Only assignment activities lead to an assignment."))
    course = activity.course
    if not can_write_subject(actor, course):
        raise PermissionDenied
    assignment = Assignment.objects.select_for_update().filter(activity=activity).first()
    if assignment is None:
        assignment = Assignment(course=course, activity=activity, created_by=actor)
    for field in SUBJECT_FIELDS:
        if field in data:
            setattr(assignment, field, data[field])
    unknown = set(assignment.accepted_kinds) - set(core_uploads.DOCUMENTS)
    if not assignment.accepted_kinds or unknown:
        raise ValidationError({"accepted_kinds": _("Choose at least one accepted file type.")})
    assignment.title = activity.title
    assignment.instructions = sanitise_html(assignment.instructions)
    _check_dates(assignment.opens_at, assignment.due_at, assignment.cutoff_at)
    assignment.full_clean(exclude=["course", "activity", "created_by", "trainers"])
    assignment.save()
    _audit(actor, assignment, "assignment_saved")
    return assignment


# --- candidate side ------------------------------------------------------------


def _registration_or_refuse(actor, assignment):
    registration = tracking_registration(actor, assignment.course)
    if registration is None:
        raise PermissionDenied(_("Your registration is closed: you can no longer hand in copies."))
    return registration


def _check_window(assignment, extension, now):
    if now < assignment.opens_at:
        raise ValidationError(_("This assignment is not open yet."), code="not_open")
    if now > assignment.cutoff_for(extension):
        raise ValidationError(
            _("The deadline has passed: copies are no longer accepted for this assignment."),
            code="cutoff",
        )


def _locked_submission(*, assignment, candidate, registration) -> Submission:
    """The candidate's submission, locked; created (with its copy number)
    under a lock on the assignment so two tabs do not race."""
    # One row per (assignment, candidate): no ordering, so no join, so the
    # lock is on this copy only (the default ordering joined the assignment
    # and FOR UPDATE locked it too, queueing every upload of the assignment).
    mine = (
        Submission.objects.select_for_update(of=("self",))
        .filter(assignment=assignment, candidate=candidate)
        .order_by()
    )
    submission = mine.first()
    if submission is not None:
        return submission
    Assignment.objects.select_for_update().get(pk=assignment.pk)
    submission = mine.first()
    if submission is None:
        last = assignment.submissions.aggregate(m=Max("blind_number"))["m"] or 0
        submission = Submission.objects.create(
            assignment=assignment,
            candidate=candidate,
            registration=registration,
            blind_number=last + 1,
        )
    return submission


def submission_upload(*, actor, assignment: Assignment, uploads) -> list[SubmissionFile]:
    """Add ``uploads`` to ``actor``'s copy as new versions. Refused (French
    ValidationError, nothing stored) for a wrong type, size, count or name,
    outside the window, or while a handed-in copy awaits its grade. When the
    assignment takes one file, the new one replaces the previous one in the
    copy (which stays as an older version)."""
    uploads = list(uploads)
    registration = _registration_or_refuse(actor, assignment)
    if not uploads:
        raise ValidationError(_("Choose a file to upload."), code="required")
    now = timezone.now()
    extension = Extension.objects.filter(assignment=assignment, candidate=actor).first()
    _check_window(assignment, extension, now)
    if len(uploads) > assignment.max_files:
        raise ValidationError(
            _("Too many files: this assignment takes at most %(max)s.")
            % {"max": assignment.max_files},
            code="count",
        )
    checked = core_uploads.check_uploads(
        uploads,
        kinds=assignment.accepted_kinds,
        max_size=assignment.max_size,
        max_count=assignment.max_files,
    )
    stored: list[str] = []
    try:
        with transaction.atomic():
            submission = _locked_submission(
                assignment=assignment, candidate=actor, registration=registration
            )
            resubmitting = submission.status == Submission.Status.RETURNED
            if submission.status not in (Submission.Status.DRAFT, Submission.Status.RETURNED):
                raise ValidationError(
                    _("Your copy is handed in: you cannot change it before it is returned."),
                    code="handed_in",
                )
            if resubmitting and not assignment.allow_resubmission:
                raise ValidationError(
                    _("This assignment does not accept a new copy after it is returned."),
                    code="no_resubmission",
                )
            current = submission.files.filter(is_current=True)
            if resubmitting:
                # A new round starts from an empty copy; the returned files stay as versions.
                current.exclude(handin=None).update(is_current=False)
            replace = assignment.max_files == 1 and len(checked) == 1
            if not replace and current.count() + len(checked) > assignment.max_files:
                raise ValidationError(
                    _(
                        "Too many files: this assignment takes at most %(max)s. "
                        "Remove a file from your copy first."
                    )
                    % {"max": assignment.max_files},
                    code="count",
                )
            if replace:
                current.update(is_current=False)
            number = submission.files.aggregate(m=Max("number"))["m"] or 0
            created = []
            for item in checked:
                name = core_uploads.store(item, f"assignments/{assignment.pk}")
                stored.append(name)
                number += 1
                created.append(
                    SubmissionFile.objects.create(
                        submission=submission,
                        number=number,
                        file=name,
                        original_name=item.name,
                        content_type=item.content_type,
                        size=item.size,
                        sha256=item.sha256,
                        uploaded_at=now,
                        uploaded_by=actor,
                    )
                )
    except BaseException:
        core_uploads.delete_quietly(stored)
        raise
    return created


@transaction.atomic
def submission_remove_file(*, actor, submission: Submission, file: SubmissionFile) -> None:
    """Take ``file`` out of the copy being prepared. The file and its row
    are kept (every version stays)."""
    _registration_or_refuse(actor, submission.assignment)
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.candidate_id != actor.pk or file.submission_id != submission.pk:
        raise PermissionDenied
    if submission.status != Submission.Status.DRAFT or file.handin is not None:
        raise ValidationError(_("This file is part of a handed-in copy."), code="handed_in")
    SubmissionFile.objects.filter(pk=file.pk).update(is_current=False)


def submission_hand_in(*, actor, submission: Submission, statement: str) -> Submission:
    """ "Rendre ma copie": hand in the current files with the statement of
    authorship. Late after the (extended) due date, refused after the
    cut-off or when nothing new is to be handed in. Queues the receipt."""
    assignment = submission.assignment
    _registration_or_refuse(actor, assignment)
    if not statement:
        raise ValidationError(_("Confirm that this copy is your own work."), code="statement")
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        if submission.candidate_id != actor.pk:
            raise PermissionDenied
        now = timezone.now()
        extension = Extension.objects.filter(assignment=assignment, candidate=actor).first()
        _check_window(assignment, extension, now)
        current = list(submission.files.filter(is_current=True))
        fresh = [f for f in current if f.handin is None]
        allowed = submission.status == Submission.Status.DRAFT or (
            submission.status == Submission.Status.RETURNED
            and assignment.allow_resubmission
            and fresh
        )
        if not allowed:
            raise ValidationError(_("This copy is already handed in."), code="handed_in")
        if not current:
            raise ValidationError(_("Upload at least one file before handing in."), code="empty")
        late = now > assignment.due_for(extension)
        submission.handin += 1
        submission.status = Submission.Status.LATE if late else Submission.Status.SUBMITTED
        submission.is_late = late
        submission.submitted_at = now
        submission.authorship_statement = statement
        submission.save(
            update_fields=[
                "handin", "status", "is_late", "submitted_at", "authorship_statement",
            ]
        )  # fmt: skip
        SubmissionFile.objects.filter(pk__in=[f.pk for f in current]).update(
            handin=submission.handin
        )
        activity = assignment.activity
        if activity is not None and activity.completion_rule == Activity.CompletionRule.SUBMISSION:
            complete_activity(user=actor, activity=activity, source="submission")
        _audit(actor, assignment, "handed_in", submission, round=submission.handin, late=late)
        submission_id, handin = submission.pk, submission.handin
        outbox.enqueue("assignments.tasks.send_receipt", submission_id, handin)
    return submission


# --- grading ------------------------------------------------------------------------


def parse_grade(raw, scale: int) -> Decimal | None:
    """A grade typed by a trainer ("14,5" or "14.5"), checked against the
    scale; None when empty."""
    if raw is None or str(raw).strip() == "":
        return None
    text = str(raw).strip().replace(",", ".").replace("\u00a0", "")
    try:
        grade = Decimal(text)
    except InvalidOperation:
        raise ValidationError(_("Enter a number, for example 14,5."), code="invalid") from None
    if not grade.is_finite() or grade < 0 or grade > scale:
        raise ValidationError(
            _("The grade must be between 0 and %(scale)s.") % {"scale": scale}, code="range"
        )
    if grade != grade.quantize(Decimal("0.01")):
        raise ValidationError(_("Use at most two decimals."), code="decimals")
    return grade.quantize(Decimal("0.01"))


def _return(actor, submission, feedback, now):
    feedback.returned_at = feedback.returned_at or now
    feedback.save(update_fields=["returned_at"])
    submission.status = Submission.Status.RETURNED
    submission.save(update_fields=["status"])
    activity = submission.assignment.activity
    if activity is not None and activity.completion_rule == Activity.CompletionRule.GRADE:
        complete_activity(user=submission.candidate, activity=activity, source="grade")
    _audit(actor, submission.assignment, "returned", submission, grade=feedback.grade)
    feedback_id = feedback.pk
    outbox.enqueue("assignments.tasks.send_return_email", feedback_id)
    _notify_returned(submission, feedback)


def _notify_returned(submission: Submission, feedback: Feedback) -> None:
    """The returned copy in the candidate's notifications (read on opening it)."""
    notifications_api.notify(
        user_ids=[submission.candidate_id],
        kind=notifications_api.COPY_RETURNED,
        title=_("Copy returned: %(title)s") % {"title": submission.assignment.title},
        url=submission.get_absolute_url(),
        target=f"assignments.submission:{submission.pk}",
        dedup_key=f"assignments.returned:{feedback.pk}",
        at=feedback.returned_at,
    )


def feedback_save(
    *, actor, submission: Submission, grade, comment: str = "", annotated=None,
    return_now: bool = False, via_grid: bool = False,
) -> Feedback:  # fmt: skip
    """Save the grade, comment and annotated copy of the current round;
    with ``return_now``, return it to the candidate (email, completion "on
    grade"). Trainers in charge and administrators only. An assignment with
    a grading grid takes its grade from ``grids.marking_save`` (``via_grid``)."""
    if not can_grade_submission(actor, submission):
        raise PermissionDenied(_("You are not in charge of grading this assignment."))
    assignment = submission.assignment
    if not via_grid:
        from .grids import refuse_direct_grade

        refuse_direct_grade(submission)
    grade = parse_grade(grade, assignment.scale) if not isinstance(grade, Decimal) else grade
    if grade is not None and not (0 <= grade <= assignment.scale):
        raise ValidationError(
            _("The grade must be between 0 and %(scale)s.") % {"scale": assignment.scale}
        )
    if return_now and grade is None:
        raise ValidationError(_("Enter a grade before returning the copy."), code="required")
    checked = None
    if annotated:
        checked = core_uploads.check_upload(
            annotated, kinds=["pdf", "docx", "odt"], max_size=ANNOTATED_MAX_SIZE
        )
    stored: list[str] = []
    try:
        with transaction.atomic():
            submission = (
                Submission.objects.select_for_update(of=("self",))
                .select_related("assignment__activity", "candidate")
                .get(pk=submission.pk)
            )
            if not submission.is_handed_in:
                raise ValidationError(_("This copy has not been handed in."), code="not_handed_in")
            now = timezone.now()
            feedback, _created = Feedback.objects.get_or_create(
                submission=submission, handin=submission.handin
            )
            feedback.grade = grade
            feedback.comment = comment or ""
            feedback.graded_by = actor
            feedback.graded_at = now
            if checked is not None:
                name = core_uploads.store(checked, f"assignments/{assignment.pk}/feedback")
                stored.append(name)
                feedback.annotated_file = name
                feedback.annotated_name = checked.name
                feedback.annotated_sha256 = checked.sha256
            feedback.save()
            if submission.status in (Submission.Status.SUBMITTED, Submission.Status.LATE) and (
                grade is not None
            ):
                submission.status = Submission.Status.GRADED
                submission.save(update_fields=["status"])
            _audit(actor, assignment, "graded", submission, grade=grade)
            if return_now:
                _return(actor, submission, feedback, now)
    except BaseException:
        core_uploads.delete_quietly(stored)
        raise
    return feedback


@transaction.atomic
def submission_return(*, actor, submission: Submission) -> Feedback:
    """Return one graded copy to its candidate."""
    if not can_grade_submission(actor, submission):
        raise PermissionDenied(_("You are not in charge of grading this assignment."))
    submission = (
        Submission.objects.select_for_update(of=("self",))
        .select_related("assignment__activity", "candidate")
        .get(pk=submission.pk)
    )
    feedback = submission.feedbacks.filter(handin=submission.handin).first()
    if feedback is None or feedback.grade is None:
        raise ValidationError(_("Enter a grade before returning the copy."), code="required")
    _return(actor, submission, feedback, timezone.now())
    return feedback


@transaction.atomic
def assignment_release_grades(*, actor, assignment: Assignment) -> int:
    """Return every graded copy, publish the report and lift blind marking.
    Returns the number of copies returned now."""
    if not can_release_grades(actor, assignment):
        raise PermissionDenied(_("You are not in charge of grading this assignment."))
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    now = timezone.now()
    count = 0
    graded = (
        Submission.objects.select_for_update(of=("self",))
        .filter(copies_graded_by_q(actor), assignment=assignment, status=Submission.Status.GRADED)
        .select_related("assignment__activity", "candidate")
    )
    feedbacks = {
        (f.submission_id, f.handin): f
        for f in Feedback.objects.filter(submission__in=graded.values("pk"))
    }
    for submission in graded:
        feedback = feedbacks.get((submission.pk, submission.handin))
        if feedback is None or feedback.grade is None:
            continue
        _return(actor, submission, feedback, now)
        count += 1
    assignment.grades_released = True
    assignment.released_at = now
    assignment.save(update_fields=["grades_released", "released_at"])
    _audit(actor, assignment, "grades_released", returned=count)
    return count


@transaction.atomic
def report_save(*, actor, assignment: Assignment, body: str) -> Report:
    """Write the general report (compte rendu); shown with the grades."""
    if not can_manage_assignment(actor, assignment):
        raise PermissionDenied
    report, _created = Report.objects.update_or_create(
        assignment=assignment,
        defaults={"body": sanitise_html(body), "written_by": actor, "updated_at": timezone.now()},
    )
    _audit(actor, assignment, "report_saved")
    return report


@transaction.atomic
def extension_grant(
    *, actor, assignment: Assignment, candidate, due_at: datetime.datetime, reason: str = ""
) -> Extension:
    """Give ``candidate`` a new due date (replaces a previous extension)."""
    if not can_grant_extension(actor, assignment, candidate):
        raise PermissionDenied
    if tracking_registration(candidate, assignment.course) is None:
        raise ValidationError(_("This person is not an active candidate of the course."))
    if due_at <= assignment.opens_at:
        raise ValidationError({"due_at": _("The new due date must follow the opening date.")})
    extension, _created = Extension.objects.update_or_create(
        assignment=assignment,
        candidate=candidate,
        defaults={"due_at": due_at, "reason": reason, "granted_by": actor,
                  "granted_at": timezone.now()},
    )  # fmt: skip
    _audit(actor, assignment, "extension_granted", candidate=candidate.pk, due_at=due_at)
    return extension


@transaction.atomic
def archive_request(*, actor, assignment: Assignment) -> CopiesArchive:
    """Ask for a ZIP of the handed-in copies, built by a Celery task.
    Trainers of the course and administrators."""
    if not can_manage_assignment(actor, assignment):
        raise PermissionDenied
    archive = CopiesArchive.objects.create(
        assignment=assignment, requested_by=actor, anonymous=assignment.hides_identity
    )
    outbox.enqueue("assignments.tasks.build_copies_archive", archive.pk)
    return archive


def archive_build(*, archive_id: int) -> bool:
    """Build a requested ZIP (safe to run twice: a ready archive is kept;
    a failure marks it failed and leaves no file behind)."""
    import tempfile
    import uuid

    from django.core.files import File
    from django.core.files.storage import default_storage

    from .archives import write_copies_zip

    name = ""
    try:
        with transaction.atomic():
            archive = (
                CopiesArchive.objects.select_for_update(of=("self",))
                .select_related("assignment", "requested_by")
                .filter(pk=archive_id)
                .first()
            )
            if archive is None or archive.status == CopiesArchive.Status.READY:
                return False
            with tempfile.TemporaryFile() as handle:
                count = write_copies_zip(
                    archive.assignment,
                    handle,
                    anonymous=archive.anonymous,
                    for_user=archive.requested_by,
                )
                handle.seek(0)
                name = default_storage.save(
                    f"assignments/{archive.assignment_id}/archives/{uuid.uuid4().hex}.zip",
                    File(handle),
                )
            archive.file = name
            archive.file_count = count
            archive.status = CopiesArchive.Status.READY
            archive.built_at = timezone.now()
            archive.save(update_fields=["file", "file_count", "status", "built_at"])
    except Exception:
        if name:
            core_uploads.delete_quietly([name])
        CopiesArchive.objects.filter(pk=archive_id).update(status=CopiesArchive.Status.FAILED)
        raise
    return True


# --- Read receipts ------------------------------------------------------------------


def feedback_mark_read(*, actor, submission: Submission, feedbacks) -> int:
    """The candidate of ``submission`` opened its returned ``feedbacks``:
    record the first time for each (read receipt); anyone else's visit,
    tutor's or trainer's, records nothing. Returns how many were new."""
    if actor.pk != submission.candidate_id:
        return 0
    now = timezone.now()
    count = 0
    for feedback in feedbacks:
        if feedback.returned_at is None or feedback.read_at is not None:
            continue
        # The filter keeps the first time when two tabs open at once.
        count += Feedback.objects.filter(pk=feedback.pk, read_at__isnull=True).update(read_at=now)
        feedback.read_at = now
    if count:
        bump(user_scope(submission.candidate_id), "assignments:copies")
    return count
