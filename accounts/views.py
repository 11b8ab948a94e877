from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from allauth.usersessions.models import UserSession
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.navigation import roles_for
from notifications import api as notifications_api

from . import selectors, services
from .forms import ActivationForm, PreferencesForm, ProfileForm, TermsForm
from .middleware import TERMS_SESSION_KEY
from .tokens import activation_token_generator

PROVIDER_NAMES = {"sesame": "Sésame", "sygefor": "Sygefor", "sygefor_oidc": "Sygefor"}


def _identity(data: dict) -> str:
    # OIDC accounts keep {"userinfo": {...}, "id_token": {...}}.
    for source in (data, data.get("userinfo") or {}, data.get("id_token") or {}):
        if isinstance(source, dict) and source.get("email"):
            return str(source["email"])
    return ""


@login_not_required
def signup_closed(request, *args, **kwargs):
    """No public sign-up: accounts are created by coordinators."""
    messages.info(
        request,
        _("Accounts are created by the coordinator of your training centre; there is no sign-up."),
    )
    return redirect("login")


class ActivationView(auth_views.PasswordResetConfirmView):
    """The one-time "choose your password" link of a new account (7 days)."""

    token_generator = activation_token_generator
    form_class = ActivationForm
    template_name = "accounts/activation.html"
    success_url = reverse_lazy("password_reset_complete")


class ActivationDoneView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/activation_done.html"


@login_not_required
@require_http_methods(["GET", "POST"])
def email_confirm(request, token):
    """The link sent to an address staff gave: a button confirms it (a GET
    alone changes nothing, so a mail scanner opening the link does not)."""
    from .tokens import read_email_change_token

    found = read_email_change_token(token)
    user = None
    if found is not None:
        user = selectors.user_with_pending_email(*found)
    if user is None:
        return render(request, "accounts/email_confirm.html", {"valid": False})
    if request.method == "POST":
        if services.user_confirm_email(user_id=user.pk, email=found[1]) is None:
            # Taken by another account meanwhile: nothing changed.
            return render(request, "accounts/email_confirm.html", {"valid": False})
        messages.success(
            request,
            _("Your email address is confirmed: it is now the address of your account."),
        )
        return redirect("accounts:settings" if request.user.is_authenticated else "login")
    return render(
        request,
        "accounts/email_confirm.html",
        {"valid": True, "account": user, "email": user.pending_email},
    )


def _safe_next(request, default="dashboard"):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)


def _client_ip(request) -> str | None:
    from allauth.account.adapter import get_adapter

    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:  # no usable address must not block accepting the terms
        return None


@require_http_methods(["GET", "POST"])
def terms(request):
    """Accept the current CGU and mentions légales, or decline and leave."""
    pending = selectors.pending_terms_for(request.user)
    if not pending:
        return redirect(_safe_next(request))
    form = TermsForm(request.POST or None, pending=pending)
    if request.method == "POST":
        if "decline" in request.POST:
            services.terms_decline(user=request.user)
            logout(request)
            messages.warning(
                request,
                _(
                    "You declined the terms of use, so you have been logged out: Callisto "
                    "can only be used once they are accepted. Log in again to accept them, "
                    "or contact the coordinator of your training centre with any question."
                ),
            )
            return redirect("login")
        if form.is_valid():
            services.terms_accept(
                user=request.user,
                versions=pending,
                language=get_language() or "fr",
                ip_address=_client_ip(request),
            )
            request.session[TERMS_SESSION_KEY] = selectors.current_terms_ids()
            messages.success(request, _("Thank you, the terms are accepted."))
            return redirect(_safe_next(request))
    return render(
        request,
        "accounts/terms.html",
        {"pending": pending, "form": form, "next": _safe_next(request)},
    )


@require_http_methods(["GET", "POST"])
def account_settings(request):
    """Mon compte: name, preferences, and links to email, password, SSO,
    two-factor and sessions management."""
    user = request.user
    prefs = selectors.preferences_for(user)
    profile_form = ProfileForm(request.POST or None, instance=user, prefix="profile")
    prefs_form = PreferencesForm(request.POST or None, instance=prefs, prefix="prefs")
    notifications_form = notifications_api.PreferencesForm(
        request.POST or None, user=user, roles=roles_for(request), prefix="notif"
    )
    if request.method == "POST":
        forms_valid = [f.is_valid() for f in (profile_form, prefs_form, notifications_form)]
        if all(forms_valid):
            with transaction.atomic():
                services.preferences_update(
                    user=user,
                    profile={f: profile_form.cleaned_data[f] for f in profile_form.fields},
                    preferences={f: prefs_form.cleaned_data[f] for f in prefs_form.fields},
                )
                notifications_form.save(actor=user)
            messages.success(request, _("Your settings have been saved."))
            return redirect("accounts:settings")
        user.refresh_from_db()
    context = {
        "profile_form": profile_form,
        "prefs_form": prefs_form,
        "notifications_form": notifications_form,
        "emails": list(EmailAddress.objects.filter(user=user).order_by("-primary", "email")),
        "social_accounts": [
            {
                "provider": PROVIDER_NAMES.get(account.provider, account.provider),
                "identity": _identity(account.extra_data) or account.uid,
            }
            for account in SocialAccount.objects.filter(user=user).order_by("provider", "pk")
        ],
        "session_count": UserSession.objects.filter(user=user).count(),
        "has_usable_password": user.has_usable_password(),
    }
    return render(request, "accounts/settings.html", context)
