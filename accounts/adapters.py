"""allauth adapters: no public sign-up, emails through Celery after commit,
SSO logins only for accounts a coordinator created."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

BAD_CREDENTIALS = _(
    "Login failed: the username, email address or password is incorrect, "
    "or the account is not active."
)


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "username_password_mismatch": BAD_CREDENTIALS,
        "email_password_mismatch": BAD_CREDENTIALS,
        "account_inactive": BAD_CREDENTIALS,
        "too_many_login_attempts": _(
            "Too many failed attempts: try again in 15 minutes, or use “Forgot your password?”."
        ),
    }

    def is_open_for_signup(self, request):
        return False

    def _get_login_attempts_cache_key(self, request, **credentials):
        """One counter per account, whatever login names it: allauth keys the
        failed-login limit (and its reset on a successful password reset) on
        the text typed, so the username and the email had two counters of 5.
        A login that names no account keeps its own text as the key."""
        from django.contrib.sites.shortcuts import get_current_site

        from .selectors import account_key_for_login

        login = str(credentials.get("email") or credentials.get("username") or "")
        return f"{get_current_site(request).domain}:{account_key_for_login(login)}"

    def pre_authenticate(self, request, **credentials):
        """Throttled attempts (too many failures for this account or this
        address) leave an entry in the audit log."""
        from django.core.exceptions import ValidationError

        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            from core import audit

            login = str(credentials.get("username") or credentials.get("email") or "")[:150]
            audit.record(
                actor=None,
                action="login.throttled",
                summary=login,
                data={"login": login},
                request=request,
            )
            raise

    def send_notification_mail(self, template_prefix, user, context=None, email=None):
        """allauth's security notices (ACCOUNT_EMAIL_NOTIFICATIONS): Callisto's
        French wording, through core.mail. An email change is told to the old
        address and to the new one."""
        from .services import security_notice

        kind = template_prefix.rsplit("/", 1)[-1]
        context = dict(context or {})
        try:
            ip = self.get_client_ip(self.request)
        except Exception:  # no request (a task) or no usable address
            ip = ""
        details = {"ip": ip, **{k: str(v) for k, v in context.items() if k.endswith("_email")}}
        security_notice(user=user, kind=kind, to=email, context=details)
        if kind == "email_changed" and context.get("to_email"):
            security_notice(user=user, kind=kind, to=context["to_email"], context=details)

    def send_mail(self, template_prefix, email, context):
        """Render now (the request is at hand); the email is a row sent by
        Celery after commit."""
        message = self.render_mail(template_prefix, email, context)
        html = next(
            (content for content, mimetype in message.alternatives if mimetype == "text/html"),
            None,
        )
        if message.content_subtype == "html":
            html, body = message.body, ""
        else:
            body = message.body
        from core import mail

        mail.send_rendered(
            template=template_prefix,
            to=list(message.to),
            subject=message.subject,
            body=body,
            html=html or "",
            from_email=message.from_email,
        )


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin):
        return settings.ACCOUNTS_SSO_CREATE_USERS

    def pre_social_login(self, request, sociallogin):
        """Refuse a federated login that matches no account (by provider id or
        verified email), or an inactive one, back on the login page."""
        if sociallogin.state.get("process") == "connect":
            return
        if sociallogin.is_existing:
            if not sociallogin.user.is_active:
                self._refuse(
                    request,
                    _(
                        "Your Callisto account is deactivated. Contact the coordinator "
                        "of your training centre."
                    ),
                )
            return
        if not settings.ACCOUNTS_SSO_CREATE_USERS:
            self._refuse(
                request,
                _(
                    "We could not log you in: your coordinator has not created your "
                    "account yet (or it uses another email address). Contact your "
                    "training centre."
                ),
            )

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ):
        self._refuse(
            request,
            _(
                "The login through %(provider)s did not succeed (cancelled, expired or "
                "invalid). Try again or log in with your username and password."
            )
            % {"provider": getattr(provider, "name", provider)},
        )

    def _refuse(self, request, message):
        messages.error(request, message)
        raise ImmediateHttpResponse(redirect("login"))
