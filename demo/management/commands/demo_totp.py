"""Print the current two-factor code of the demo staff accounts (admin,
responsable), whose TOTP secret is published in demo/accounts.py."""

from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core.management.base import BaseCommand

from demo.accounts import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the current TOTP code of the demo staff accounts (demo secret)."

    def handle(self, *args, **options):
        counter = next(iter(yield_hotp_counters_from_time()))
        code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter))
        self.stdout.write(f"Code for admin and responsable (valid ~30 s): {code}")
