"""python manage.py import_moodle_backup FILE.mbz [--course SLUG]: bring a
Moodle course backup into a course (or a new hidden course) and print the
report. Same service, checks and limits as the upload page, except the
size: a backup read from the server's disk may reach 2 GB."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from content.interop import services
from courses.api import Course


class Command(BaseCommand):
    help = "Import a Moodle course backup (.mbz) into a course, then print its report."

    def add_arguments(self, parser):
        parser.add_argument("backup", help="the .mbz file")
        parser.add_argument("--course", help="short name (slug) of an existing course")
        parser.add_argument(
            "--kind",
            default=Course.Kind.ATELIERS,
            choices=[str(k) for k in services.NEW_COURSE_KINDS],
            help="kind of the new course when --course is not given (it is created hidden)",
        )

    def handle(self, *args, **options):
        from django.conf import settings

        from accounts.api import User

        translation.activate(settings.LANGUAGE_CODE)
        path = Path(options["backup"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        course = None
        if options["course"]:
            course = Course.objects.filter(slug=options["course"]).first()
            if course is None:
                raise CommandError(f"No course with the short name {options['course']!r}")
        # The command runs as the platform: the first active administrator
        # signs the audit entries.
        actor = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
        if actor is None:
            raise CommandError(
                "Create an administrator first (the import is recorded in its name)."
            )
        with path.open("rb") as handle:
            try:
                record = services.moodle_backup_import(
                    actor=actor,
                    upload=File(handle, name=path.name),
                    course=course,
                    new_course_kind=options["kind"],
                    max_size=services.BACKUP_COMMAND_MAX_BYTES,
                )
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"{record.course.title} ({record.course.slug})")
        for line in record.report:
            reason = f" — {line['reason']}" if line["reason"] else ""
            self.stdout.write(f"[{line['status']}] {line['kind']}: {line['title']}{reason}")
            for note in line["notes"]:
                self.stdout.write(f"    · {note}")
        counts = services.report_counts(record.report)
        self.stdout.write(self.style.SUCCESS(str(counts)))
