from allauth.account.signals import user_logged_in as allauth_user_logged_in
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .middleware import remember_terms_and_mfa
from .models import User
from .services import user_record_login_route


@receiver(user_logged_in, dispatch_uid="accounts_remember_gates")
def _remember_gates(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        remember_terms_and_mfa(request, user)


@receiver(allauth_user_logged_in, dispatch_uid="accounts_login_route")
def _login_route(sender, request, user, **kwargs):
    sociallogin = kwargs.get("sociallogin")
    provider = sociallogin.account.provider if sociallogin else ""
    route = {
        "sesame": User.LoginRoute.SESAME,
        "sygefor": User.LoginRoute.SYGEFOR,
        "sygefor_oidc": User.LoginRoute.SYGEFOR,
    }.get(provider, User.LoginRoute.LOCAL)
    user_record_login_route(user=user, route=route)
