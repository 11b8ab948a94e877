"""Security headers Django does not set by itself (the Content-Security-
Policy comes from django-csp, see CONTENT_SECURITY_POLICY in settings)."""

from django.conf import settings


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
