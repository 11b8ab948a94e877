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
