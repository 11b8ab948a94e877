"""Build the demo data set. Idempotent: running it twice changes nothing.

Each module of the ``demo`` package exposes ``seed(stdout)``; they run in the
order below (each needs the ones before it), each in its own transaction. A
module that also has ``describe_accounts()`` (``demo.accounts``) lists the
demo accounts at the end, with its ``DEMO_PASSWORD``."""

from django.core.management.base import BaseCommand
from django.db import transaction

from demo import accounts, assignments, calendar_app, content, courses, forums, tutoring

DEMO_MODULES = [accounts, courses, calendar_app, assignments, tutoring, forums, content]


class Command(BaseCommand):
    help = "Create or refresh the Callisto demo data (idempotent)."

    def handle(self, *args, **options):
        described = []
        for module in DEMO_MODULES:
            with transaction.atomic():
                module.seed(self.stdout)
            if hasattr(module, "describe_accounts"):
                described.append(module)
        for module in described:
            self.stdout.write(
                self.style.SUCCESS(f"Demo data ready. Accounts (password {module.DEMO_PASSWORD}):")
            )
            for line in module.describe_accounts():
                self.stdout.write(f"  {line}")
