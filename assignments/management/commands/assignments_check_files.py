"""Check that every stored copy is still there and unchanged.

Reads every ``SubmissionFile`` (and annotated copies), checks that the file
exists in storage and that its SHA-256 still matches; with ``--orphans``,
also lists files under ``assignments/`` that no row points to (left by a
transaction rolled back after the file was written). Reports only: it never
deletes anything. Exit status 1 when a copy is missing or altered."""

import hashlib

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from assignments.models import CopiesArchive, Feedback, SubjectFile, SubmissionFile


def _sha256(name: str) -> str:
    digest = hashlib.sha256()
    with default_storage.open(name, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _walk(folder: str):
    directories, files = default_storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}"
    for directory in directories:
        yield from _walk(f"{folder}/{directory}")


class Command(BaseCommand):
    help = "Check that every copy is in storage with its recorded SHA-256 (reports only)."

    def add_arguments(self, parser):
        parser.add_argument("--orphans", action="store_true", help="also list unreferenced files")

    def handle(self, *args, orphans=False, **options):
        problems = 0
        checked = 0
        rows = SubmissionFile.objects.values_list("pk", "file", "sha256").iterator(chunk_size=500)
        annotated = (
            Feedback.objects.exclude(annotated_file="")
            .values_list("pk", "annotated_file", "annotated_sha256")
            .iterator(chunk_size=500)
        )
        for label, items in (("copy", rows), ("annotated copy", annotated)):
            for pk, name, sha256 in items:
                checked += 1
                if not default_storage.exists(name):
                    problems += 1
                    self.stderr.write(f"MISSING {label} #{pk}: {name}")
                elif sha256 and _sha256(name) != sha256:
                    problems += 1
                    self.stderr.write(f"ALTERED {label} #{pk}: {name}")
        self.stdout.write(f"{checked} files checked, {problems} problem(s).")
        if orphans and default_storage.exists("assignments"):
            known = set(SubmissionFile.objects.values_list("file", flat=True))
            known |= set(Feedback.objects.values_list("annotated_file", flat=True))
            known |= set(SubjectFile.objects.values_list("file", flat=True))
            known |= set(CopiesArchive.objects.values_list("file", flat=True))
            for name in _walk("assignments"):
                if name not in known:
                    self.stdout.write(f"ORPHAN {name}")
        if problems:
            raise CommandError(f"{problems} copy file(s) missing or altered.")
