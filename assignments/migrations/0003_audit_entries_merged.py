"""One audit trail: the assignment history rows move into the site's audit
log (core.AuditEntry), then the table goes. Since the site-wide log was
written too, most rows are there already: only those without a twin (same
action, object, actor, within a second) are copied."""

import datetime

from django.db import migrations


def merge(apps, schema_editor):
    Old = apps.get_model("assignments", "AuditEntry")
    AuditEntry = apps.get_model("core", "AuditEntry")
    second = datetime.timedelta(seconds=1)
    new = []
    for old in Old.objects.select_related("assignment").order_by("pk").iterator():
        if old.submission_id:
            target_type, target_id = "assignments.submission", str(old.submission_id)
        else:
            target_type, target_id = "assignments.assignment", str(old.assignment_id)
        action = f"assignments.{old.action}"
        twin = AuditEntry.objects.filter(
            action=action,
            target_type=target_type,
            target_id=target_id,
            actor_id=old.actor_id,
            at__range=(old.at - second, old.at + second),
        )
        if twin.exists():
            continue
        data = {**(old.data or {}), "assignment": str(old.assignment_id)}
        new.append(
            AuditEntry(
                at=old.at,
                actor_id=old.actor_id,
                action=action,
                target_type=target_type,
                target_id=target_id,
                summary=old.assignment.title[:300],
                data=data,
            )
        )
    AuditEntry.objects.bulk_create(new, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("assignments", "0002_copies_archive"),
        ("core", "0004_outgoing_email"),
    ]

    operations = [
        migrations.RunPython(merge, migrations.RunPython.noop),
        migrations.DeleteModel(name="AuditEntry"),
    ]
