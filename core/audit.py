"""Write to the append-only audit log."""

from .models import AuditEntry


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
