"""Site-wide request and response rules: security headers Django's own
middleware does not set (the Content-Security-Policy is django-csp's, see
CONTENT_SECURITY_POLICY in settings), ``no-store`` on personal pages, and
the bounds of a query string."""

import re

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.exceptions import BadRequest
from django.utils.functional import SimpleLazyObject, empty

# What a view or decorator of django-csp leaves on a response to change the
# policy of that one page (csp.decorators); none of Callisto's does today.
_CSP_RESPONSE_PARTS = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_exempt",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
    "_csp_exempt_ro",
)


class SecurityHeadersMiddleware(CSPMiddleware):
    """The security headers Django's own middleware does not set, in one
    layer: django-csp's ``Content-Security-Policy`` (CONTENT_SECURITY_POLICY
    in settings), ``Permissions-Policy`` (no camera, microphone,
    geolocation, payment... for any page: videoconferences open in their own
    site) and ``Cross-Origin-Opener-Policy``. (X-Frame-Options stays with
    Django's XFrameOptionsMiddleware: ``check --deploy`` looks for it.)

    django-csp builds the policy from the settings twice on every response
    (the policy and its report-only twin). A page whose policy nobody changed
    (no csp decorator, no nonce asked) gets the same strings every time:
    they are built once per settings object and reused; any other page goes
    through django-csp as before."""

    def __init__(self, get_response):
        super().__init__(get_response)
        self.permissions = ", ".join(
            f"{feature}=()" for feature in settings.PERMISSIONS_POLICY_DENY
        )
        self._policies: tuple = (None, None, "", "")

    def process_response(self, request, response):
        if self._policy_is_the_settings(request, response):
            self._set_policy(request, response)
        else:
            response = super().process_response(request, response)
        response.setdefault("Permissions-Policy", self.permissions)
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response

    @staticmethod
    def _policy_is_the_settings(request, response) -> bool:
        if getattr(request, "_csp_nonce", None) is not None:
            return False
        if settings.DEBUG and response.status_code in (500, 404):
            return False  # django-csp leaves Django's debug pages alone
        return not any(hasattr(response, part) for part in _CSP_RESPONSE_PARTS)

    def _built_policies(self) -> tuple[str, str]:
        config = getattr(settings, "CONTENT_SECURITY_POLICY", None)
        config_ro = getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
        known, known_ro, policy, policy_ro = self._policies
        if config is not known or config_ro is not known_ro:
            policy, policy_ro = build_policy(), build_policy(report_only=True)
            self._policies = (config, config_ro, policy, policy_ro)
        return policy, policy_ro

    def _set_policy(self, request, response) -> None:
        """What django-csp's ``process_response`` does, with the strings built once."""
        policy, policy_ro = self._built_policies()
        for header, value, setting in (
            (HEADER, policy, "CONTENT_SECURITY_POLICY"),
            (HEADER_REPORT_ONLY, policy_ro, "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
        ):
            if not value or header in response:
                continue
            prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            if not request.path_info.startswith(tuple(prefixes)):
                response[header] = value
        # As django-csp: asking for a nonce once the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)


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


class ResolvedUserMiddleware:
    """``request.user`` as the user object itself once it has been read.

    Django's ``AuthenticationMiddleware`` sets ``request.user`` to a
    ``SimpleLazyObject``, so that a request that never asks for the user pays
    nothing. Every page of the site asks (the login requirement, the terms
    gate, the header's name and menus), and through the proxy each attribute
    read costs two extra calls: about 180 a page for the base layout's
    ``user.…`` lookups. Placed after the gates, this swaps the proxy for what
    it wraps when it has been evaluated; it leaves the proxy alone where the
    user was not read (the health and metrics URLs)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        # type(), not isinstance(): a lazy object answers isinstance() with
        # the class of what it wraps.
        if type(user) is SimpleLazyObject and user._wrapped is not empty:
            request.user = user._wrapped


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
