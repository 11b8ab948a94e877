"""What goes to the audit log without the apps asking: logins (success and
failure). The apps connect their own (accounts: staff rights and
coordinators; courses: enrolment changes), so core imports none of them."""

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from . import audit


def _ip(request):
    return request.META.get("REMOTE_ADDR") if request is not None else None


@receiver(user_logged_in, dispatch_uid="core_audit_login")
def login_succeeded(sender, request, user, **kwargs):
    audit.record(actor=user, action="login", target=user, summary=user.username, request=request)


@receiver(user_login_failed, dispatch_uid="core_audit_login_failed")
def login_failed(sender, credentials, request=None, **kwargs):
    from .models import AuditEntry

    login = str(
        credentials.get("username") or credentials.get("login") or credentials.get("email") or ""
    )
    AuditEntry.objects.create(
        action="login.failed", summary=login[:150], data={"login": login[:150]}, ip=_ip(request)
    )
