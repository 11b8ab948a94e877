"""Gates every logged-in request: current terms accepted, then (for staff)
an authenticator set up. Both remember a positive answer in the session, so
a user who is in order costs no query per request."""

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from core import roles

from . import selectors

logger = logging.getLogger(__name__)

TERMS_SESSION_KEY = "accounts_terms_accepted"
MFA_SESSION_KEY = "accounts_mfa_ok"

# Pages reachable before accepting: the terms page itself, logging out, and
# the public legal pages the terms refer to.
TERMS_EXEMPT = {
    "accounts:terms",
    "accounts:email_confirm",
    "logout",
    "account_logout",
    "health",
    "legal_notice",
    "terms",
    "privacy",
    "help",
    "accessibility",
    "sitemap",
}
MFA_EXEMPT = {
    "logout",
    "account_logout",
    "account_reauthenticate",
    "accounts:terms",
    "accounts:email_confirm",
}


def _url_name(request) -> str:
    match = request.resolver_match
    return match.view_name if match else ""


def _redirect_with_next(request, url_name):
    url = reverse(url_name)
    if request.method == "GET":
        url += "?" + urlencode({"next": request.get_full_path()})
    return redirect(url)


def remember_terms_and_mfa(request, user) -> None:
    """At login: note in the session whether ``user`` is in order."""
    current = selectors.current_terms_ids()
    request.session[TERMS_SESSION_KEY] = sorted(selectors.accepted_terms_ids(user, current))
    if selectors.staff_needs_mfa(user):
        request.session[MFA_SESSION_KEY] = selectors.has_authenticator(user)


def _current_terms_ids(request) -> list[int]:
    """``selectors.current_terms_ids``, read in the same cache round trip as
    the stamp of the person's roles, which the menus of the page need next
    (core.roles.read_with): one round trip instead of two on every page."""
    found = cache.get_many([selectors.CURRENT_TERMS_CACHE_KEY, roles.stamp_key(request.user.pk)])
    roles.read_with(request, found)
    ids = found.get(selectors.CURRENT_TERMS_CACHE_KEY)
    return selectors.current_terms_ids() if ids is None else ids


class TermsGateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or _url_name(request) in TERMS_EXEMPT:
            return None
        current = set(_current_terms_ids(request))
        if not current or current <= set(request.session.get(TERMS_SESSION_KEY, [])):
            return None
        accepted = selectors.accepted_terms_ids(user, sorted(current))
        if current <= accepted:
            request.session[TERMS_SESSION_KEY] = sorted(accepted)
            return None
        return _redirect_with_next(request, "accounts:terms")


class StaffMFAMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not settings.ACCOUNTS_STAFF_MFA_REQUIRED or not selectors.staff_needs_mfa(user):
            return None
        if request.session.get(MFA_SESSION_KEY):
            return None
        name = _url_name(request)
        if name in MFA_EXEMPT or name.startswith("mfa_"):
            return None
        if selectors.has_authenticator(user):
            request.session[MFA_SESSION_KEY] = True
            return None
        messages.warning(
            request,
            _(
                "Staff accounts must use two-factor authentication: set up an "
                "authenticator app to continue."
            ),
        )
        return redirect("mfa_activate_totp")


class SSOUnavailableMiddleware:
    """An identity provider that does not answer (OpenID discovery, network
    error) brings the person back to the login page with a French message
    instead of a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        import requests

        if not isinstance(exception, requests.RequestException):
            return None
        match = request.resolver_match
        if not match or not match.url_name or not match.url_name.endswith(("_login", "_callback")):
            return None
        logger.warning("identity provider unavailable: %s", exception, exc_info=exception)
        messages.error(
            request,
            _(
                "The login service (Sygefor or Sésame) does not answer at the moment. "
                "Try again later, or log in with your username and password."
            ),
        )
        return redirect("login")
