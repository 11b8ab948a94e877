from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup made by `backup` into an empty database (checksums verified first)."

    def add_arguments(self, parser):
        parser.add_argument("source", help="backup directory")

    def handle(self, *args, source, **options):
        try:
            manifest = restore(Path(source))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(f"Restored the database and {len(manifest['media'])} files.")
        )
