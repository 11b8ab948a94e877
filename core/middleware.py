"""Site-wide request and response rules: security headers Django does not
set by itself (the Content-Security-Policy comes from django-csp, see
CONTENT_SECURITY_POLICY in settings), ``no-store`` on personal pages, and
the bounds of a query string."""

import re

from django.conf import settings
from django.core.exceptions import BadRequest


class PermissionsPolicyMiddleware:
    """``Permissions-Policy``: no camera, microphone, geolocation, payment...
    for any page (videoconferences open in their own site)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.value = ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY_DENY)

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.value)
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


# Pages that show personal data to someone who is not logged in: they are
# reached through a personal token (a one-click unsubscribe, an account
# activation or a password reset link). Names as the URL resolver gives them.
PERSONAL_URL_NAMES = frozenset(
    {
        "forums:unsubscribe",
        "account_reset_password_from_key",
        "account_reset_password_from_key_done",
        "account_confirm_email",
        "password_reset_confirm",
        "password_reset_complete",
    }
)


def shows_personal_data(request) -> bool:
    """Whether the page answering ``request`` may show personal data: every
    page seen by a logged-in person (each carries their name, and most their
    courses, copies, grades, messages or tutoring), and the token pages of
    ``PERSONAL_URL_NAMES``."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    match = getattr(request, "resolver_match", None)
    return match is not None and match.view_name in PERSONAL_URL_NAMES


class PersonalPagesNoStoreMiddleware:
    """``Cache-Control: private, no-store`` on every page that shows personal
    data (``shows_personal_data``): neither a shared proxy nor the browser of
    a library's public computer keeps a copy (the back button after logging
    out shows nothing). Decided here, for the whole site, rather than by a
    decorator on each view, so that a new page cannot forget it. A view that
    sets its own ``Cache-Control`` keeps it (file downloads: see
    ``core.uploads.protect_response``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Cache-Control" not in response and shows_personal_data(request):
            response["Cache-Control"] = "private, no-store"
        return response


# The widest integer the database stores (PostgreSQL bigint).
BIGINT_MAX = 2**63 - 1
_INTEGER = re.compile(r"[+-]?\d+")


class BoundedQueryMiddleware:
    """A query string no page can use answers 400 (the French "bad
    request" page) before any view runs, instead of a 500 further down:

    - an integer wider than the database's (``?page=99999999999999999999``,
      ``?starts_at__year=…`` in the admin's date navigation, where Django
      overflows ``datetime``); smaller odd values (``?year=99999``,
      ``?course=1e40``) reach the views, whose forms and paginators refuse
      them with a normal page;
    - a NUL character, which PostgreSQL cannot hold in a text (a search for
      ``"1\\x00"``).

    Path integers (``<int:pk>``) need nothing: Django answers an
    out-of-range lookup with no row, so a 404."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for name, values in request.GET.lists():
            if "\x00" in name or any(_unusable(value) for value in values):
                raise BadRequest(f"unusable query parameter {name[:40]!r}")
        return self.get_response(request)


def _unusable(value: str) -> bool:
    if "\x00" in value:
        return True
    if len(value) > 18 and _INTEGER.fullmatch(value.strip()):
        return abs(int(value)) > BIGINT_MAX
    return False
