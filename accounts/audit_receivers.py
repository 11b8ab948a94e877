"""Changes of staff rights and of centre coordinators, written to the audit
trail (core/audit.py)."""

from core import audit


def _user_rights_changed(sender, instance, **kwargs):
    """Staff and administrator flags: remembered before the save, audited
    after it when they changed."""
    update_fields = kwargs.get("update_fields")
    if not instance.pk or (update_fields and not {"is_staff", "is_superuser"} & set(update_fields)):
        return  # a new account, or a save that cannot change rights (last login...)
    old = sender.objects.filter(pk=instance.pk).values("is_staff", "is_superuser").first()
    if old and (old["is_staff"], old["is_superuser"]) != (instance.is_staff, instance.is_superuser):
        instance._audit_rights_before = old


def _user_rights_saved(sender, instance, created, **kwargs):
    before = getattr(instance, "_audit_rights_before", None)
    if before is None:
        return
    del instance._audit_rights_before
    audit.record(
        actor=None,
        action="role.changed",
        target=instance,
        summary=instance.username,
        data={
            "before": before,
            "after": {"is_staff": instance.is_staff, "is_superuser": instance.is_superuser},
        },
    )


def _coordinators_changed(sender, instance, action, pk_set, **kwargs):
    if action not in ("post_add", "post_remove"):
        return
    audit.record(
        actor=None,
        action="role.coordinator_added" if action == "post_add" else "role.coordinator_removed",
        target=instance,
        summary=str(instance),
        data={"users": sorted(pk_set or [])},
    )


def connect_roles():
    from django.contrib.auth import get_user_model
    from django.db.models.signals import m2m_changed, post_save, pre_save

    from .models import Centre

    user_model = get_user_model()
    pre_save.connect(_user_rights_changed, sender=user_model, dispatch_uid="core_audit_rights_pre")
    post_save.connect(_user_rights_saved, sender=user_model, dispatch_uid="core_audit_rights")
    m2m_changed.connect(
        _coordinators_changed,
        sender=Centre.coordinators.through,
        dispatch_uid="core_audit_coordinators",
    )
