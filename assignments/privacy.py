"""Personal data held by assignments (see core/privacy.py).

Copies are kept for ``RETENTION_MONTHS_COPIES`` months after their
preparation closed, then their files are deleted (the rows stay, with the
grade, size and SHA-256, as the record of the exam process). Grades are kept
on anonymisation."""

import datetime

from django.conf import settings
from django.core.files.storage import default_storage

from .models import Feedback, Submission, SubmissionFile


def export_data(user) -> dict:
    submissions = (
        Submission.objects.filter(candidate=user)
        .select_related("assignment__course")
        .prefetch_related("files", "feedbacks")
    )
    return {
        "submissions": [
            {
                "assignment": s.assignment.title,
                "course": s.assignment.course.title,
                "status": s.status,
                "late": s.is_late,
                "handed_in_at": s.submitted_at,
                "files": [
                    {
                        "name": f.original_name,
                        "version": f.number,
                        "size": f.size,
                        "sha256": f.sha256,
                        "uploaded_at": f.uploaded_at,
                    }
                    for f in s.files.all()
                ],
                "feedback": [
                    {
                        "grade": str(fb.grade) if fb.grade is not None else None,
                        "comment": fb.comment,
                        "returned_at": fb.returned_at,
                    }
                    for fb in s.feedbacks.all()
                    if fb.returned_at
                ],
            }
            for s in submissions
        ]
    }


def export_files(user) -> list[tuple[str, str]]:
    files = [
        (f"copies/{f.submission.assignment_id}-v{f.number}-{f.original_name}", f.file.name)
        for f in SubmissionFile.objects.filter(submission__candidate=user)
        .exclude(file="")
        .select_related("submission")
    ]
    files += [
        (f"corrections/{fb.submission.assignment_id}-{fb.annotated_name}", fb.annotated_file.name)
        for fb in Feedback.objects.filter(submission__candidate=user, returned_at__isnull=False)
        .exclude(annotated_file="")
        .select_related("submission")
    ]
    return files


def anonymise(user) -> None:
    """Copies and grades stay until their retention period (the record of
    the exam process); the names the files were uploaded under, which often
    carry the candidate's name, become neutral ("copie-v2.pdf")."""
    import os

    for item in SubmissionFile.objects.filter(submission__candidate=user).only(
        "number", "original_name"
    ):
        extension = os.path.splitext(item.original_name)[1].lower()[:10]
        SubmissionFile.objects.filter(pk=item.pk).update(
            original_name=f"copie-v{item.number}{extension}"
        )


def apply_retention(now) -> int:
    """Delete the files of copies (and annotated copies) whose preparation
    closed more than RETENTION_MONTHS_COPIES months ago."""
    months = settings.RETENTION_MONTHS_COPIES
    limit = (now - datetime.timedelta(days=round(months * 30.44))).date()
    expired = SubmissionFile.objects.filter(
        submission__registration__preparation__closes_on__lt=limit
    ).exclude(file="")
    deleted = 0
    for item in expired.iterator():
        default_storage.delete(item.file.name)
        SubmissionFile.objects.filter(pk=item.pk).update(file="")
        deleted += 1
    annotated = Feedback.objects.filter(
        submission__registration__preparation__closes_on__lt=limit
    ).exclude(annotated_file="")
    for feedback in annotated.iterator():
        default_storage.delete(feedback.annotated_file.name)
        Feedback.objects.filter(pk=feedback.pk).update(annotated_file="")
        deleted += 1
    return deleted
