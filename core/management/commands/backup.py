from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database (pg_dump) and the uploaded files, with a SHA-256 manifest."

    def add_arguments(self, parser):
        parser.add_argument("target", nargs="?", help="new directory (default: backups/<date>)")

    def handle(self, *args, target=None, **options):
        path = Path(target or f"backups/{timezone.now():%Y%m%d-%H%M%S}")
        try:
            manifest = backup(path)
        except (BackupError, FileExistsError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {path}: database and {len(manifest['media'])} files."
            )
        )
