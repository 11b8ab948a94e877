"""``manage.py resync_enrolments [--preparation ID] [--dry-run]``: make the
candidates' enrolments follow the rules again (docs/preparations.md) and say
what changed. Run it after migrating to exam families."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from courses.models import Preparation, Registration
from courses.services import enrolments_resync


class Command(BaseCommand):
    help = "Re-sync the candidates' enrolments with their exams (all or one preparation)."

    def add_arguments(self, parser):
        parser.add_argument("--preparation", type=int, help="only this preparation (its id)")
        parser.add_argument("--dry-run", action="store_true", help="report, change nothing")

    def handle(self, *args, preparation=None, dry_run=False, **options):
        translation.activate("fr")
        registrations = Registration.objects.all()
        if preparation is not None:
            if not Preparation.objects.filter(pk=preparation).exists():
                raise CommandError(_("No preparation has the id %(id)s.") % {"id": preparation})
            registrations = registrations.filter(preparation_id=preparation)
        changes = enrolments_resync(actor=None, registrations=registrations, dry_run=dry_run)
        if dry_run:
            self.stdout.write(
                _("Dry run, nothing changed: %(summary)s") % {"summary": changes.summary()}
            )
        else:
            self.stdout.write(changes.summary())
