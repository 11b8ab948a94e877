"""What goes to the audit log without the apps asking: logins (success and
failure), enrolment changes, personal-data exports."""

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


def _enrolments_changed(sender, registration, activated_course_ids, suspended_course_ids, **kw):
    audit.record(
        actor=None,
        action="enrolments.changed",
        target=registration,
        summary=f"{registration.candidate} — {registration.preparation}",
        data={
            "activated": sorted(activated_course_ids),
            "suspended": sorted(suspended_course_ids),
        },
    )


def connect():
    from courses.signals import enrolments_changed

    enrolments_changed.connect(_enrolments_changed, dispatch_uid="core_audit_enrolments")
