"""One-time link tokens. They are single use because the hash covers the
password hash and the last login, which change once the link is used."""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int


class ActivationTokenGenerator(PasswordResetTokenGenerator):
    """The "choose your password" link of a new account: valid
    ``ACCOUNTS_ACTIVATION_TIMEOUT`` (7 days), while reset links last
    ``PASSWORD_RESET_TIMEOUT`` (30 minutes)."""

    key_salt = "accounts.tokens.ActivationTokenGenerator"

    def check_token(self, user, token):
        if not (user and token):
            return False
        try:
            ts_b36, _hash = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        if not any(
            constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        ):
            return False
        return (self._num_seconds(self._now()) - ts) <= settings.ACCOUNTS_ACTIVATION_TIMEOUT


activation_token_generator = ActivationTokenGenerator()
