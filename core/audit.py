"""The site's one audit log (``core.AuditEntry``, append-only): who did what
to which object. Every write of consequence records here, through the service
that makes it (accounts' ``accounts.*`` events, assignments' grades and
extensions as ``assignments.*``, registrations as ``courses.registration.*``,
logins, exports, erasures). Admin, "Audit log", reads it."""

from django.utils.translation import gettext_lazy as _

from .models import AuditEntry

# Labels of the actions shown to staff (the account's history in admin);
# other actions show their code.
ACTION_LABELS = {
    "accounts.created": _("Account created"),
    "accounts.activation_sent": _("Activation email sent"),
    "accounts.deactivated": _("Account deactivated"),
    "accounts.reactivated": _("Account reactivated"),
    "accounts.terms_declined": _("Terms declined"),
    "accounts.email_change_requested": _("Email change requested (awaiting confirmation)"),
    "accounts.email_changed": _("Email address changed"),
}


def record(*, actor, action: str, target=None, summary: str = "", data=None, request=None):
    ip = None
    if request is not None:
        ip = request.META.get("REMOTE_ADDR")
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        summary=summary[:300],
        data=data or {},
        ip=ip,
    )


def entries_about(target, *, prefix: str = ""):
    """The entries whose object is ``target``, newest first (on the
    (target_type, target_id) index)."""
    entries = AuditEntry.objects.filter(
        target_type=target._meta.label_lower, target_id=str(target.pk)
    ).select_related("actor")
    if prefix:
        entries = entries.filter(action__startswith=prefix)
    return entries.order_by("-at", "-pk")


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))
