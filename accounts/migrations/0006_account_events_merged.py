"""One audit trail: the account events (created, activation sent,
deactivated, reactivated, terms declined) move into the site's audit log
(core.AuditEntry, actions ``accounts.<event>`` about the user), then the
table goes. The user admin shows them from there ("History")."""

from django.db import migrations


def merge(apps, schema_editor):
    AccountEvent = apps.get_model("accounts", "AccountEvent")
    AuditEntry = apps.get_model("core", "AuditEntry")
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                at=event.at,
                actor_id=event.actor_id,
                action=f"accounts.{event.kind}",
                target_type="accounts.user",
                target_id=str(event.user_id),
                summary=event.user.username[:300],
                data={},
            )
            for event in AccountEvent.objects.select_related("user").order_by("pk").iterator()
        ],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_outgoing_email_moved_to_core"),
        ("core", "0004_outgoing_email"),
    ]

    operations = [
        migrations.RunPython(merge, migrations.RunPython.noop),
        migrations.DeleteModel(name="AccountEvent"),
    ]
