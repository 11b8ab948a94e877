"""ZIP of the handed-in copies of an assignment: one folder per copy, named
by candidate, or "copie-017" under blind marking."""

import shutil
import zipfile

from django.utils.text import slugify

from courses.api import copies_graded_by_q

from .models import Submission, SubmissionFile


def _extension(name: str) -> str:
    return ("." + name.rpartition(".")[2].lower()) if "." in name else ""


def handed_in_files(assignment, for_user=None):
    """The handed-in files of the assignment's copies; only the copies
    ``for_user`` grades when given (``courses.api.copies_graded_by_q``)."""
    files = SubmissionFile.objects.all()
    if for_user is not None:
        files = files.filter(copies_graded_by_q(for_user, via="submission__"))
    return (
        files.filter(
            submission__assignment=assignment,
            submission__status__in=Submission.HANDED_IN,
            handin__isnull=False,
        )
        .select_related("submission__candidate")
        .order_by("submission__blind_number", "number")
    )


def write_copies_zip(assignment, target, *, anonymous: bool, for_user=None) -> int:
    """Write the ZIP into the binary file object ``target``; returns the
    number of files put in (a file missing from storage is skipped)."""
    count = 0
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in handed_in_files(assignment, for_user).iterator(chunk_size=500):
            submission = file.submission
            if anonymous:
                folder = f"copie-{submission.blind_number:03d}"
            else:
                candidate = submission.candidate
                folder = slugify(f"{candidate.last_name} {candidate.first_name} {candidate.pk}")
            name = f"{folder}/v{file.number}{_extension(file.original_name)}"
            try:
                with file.file.open("rb") as handle, archive.open(name, "w") as entry:
                    shutil.copyfileobj(handle, entry, 1024 * 1024)
            except FileNotFoundError:
                continue
            count += 1
    return count
