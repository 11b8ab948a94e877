"""Build the demo data set. Idempotent: running it twice changes nothing.

Each app that has demo data exposes ``<app>.demo.seed(stdout)``; they run in
the order below, each in its own transaction."""

from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

DEMO_MODULES = [
    "accounts.demo",
    "courses.demo",
    "calendar_app.demo",
    "assignments.demo",
    "tutoring.demo",
    "forums.demo",
    "content.demo",
]


class Command(BaseCommand):
    help = "Create or refresh the Callisto demo data (idempotent)."

    def handle(self, *args, **options):
        for dotted in DEMO_MODULES:
            try:
                module = import_module(dotted)
            except ModuleNotFoundError as exc:
                if exc.name != dotted:
                    raise
                continue
            with transaction.atomic():
                module.seed(self.stdout)
        from accounts.demo import DEMO_PASSWORD, describe_accounts

        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready. Accounts (password {DEMO_PASSWORD}):")
        )
        for line in describe_accounts():
            self.stdout.write(f"  {line}")
