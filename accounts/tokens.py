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
        # Only for accounts without a password: one with a password uses
        # "Forgot your password?", which goes to its confirmed address.
        if not (user and token) or user.has_usable_password():
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


EMAIL_CHANGE_SALT = "accounts.tokens.email_change"


def make_email_change_token(user, email: str) -> str:
    """The link sent to a new address given by staff: it names the account
    and the address, and is valid ``ACCOUNTS_ACTIVATION_TIMEOUT`` (7 days)."""
    from django.core import signing

    return signing.dumps({"u": user.pk, "e": email.lower()}, salt=EMAIL_CHANGE_SALT, compress=True)


def read_email_change_token(token: str) -> tuple[int, str] | None:
    """(user id, address) of a valid, unexpired link; None otherwise."""
    from django.core import signing

    try:
        data = signing.loads(
            token, salt=EMAIL_CHANGE_SALT, max_age=settings.ACCOUNTS_ACTIVATION_TIMEOUT
        )
        return int(data["u"]), str(data["e"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
