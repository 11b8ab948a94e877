"""Build the demo data set. Idempotent: running it twice changes nothing.

Each app that has demo data exposes ``<app>.demo.seed(stdout)``; they run in
the order below, each in its own transaction. A module that also has
``describe_accounts()`` (accounts) lists the demo accounts at the end, with
its ``DEMO_PASSWORD``: core names the modules, never imports an app."""

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
        described = []
        for dotted in DEMO_MODULES:
            try:
                module = import_module(dotted)
            except ModuleNotFoundError as exc:
                if exc.name != dotted:
                    raise
                continue
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
