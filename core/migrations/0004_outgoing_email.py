"""The email rows move from accounts to core: every email of the site is one
of them now (core.mail.send). The table is renamed, its rows kept; queued
outbox messages of the old task name are pointed at the new one."""

from django.db import migrations, models


def rename_task(apps, schema_editor):
    OutboxMessage = apps.get_model("core", "OutboxMessage")
    OutboxMessage.objects.filter(task_name="accounts.tasks.send_outgoing_email").update(
        task_name="core.tasks.send_email"
    )


def unrename_task(apps, schema_editor):
    OutboxMessage = apps.get_model("core", "OutboxMessage")
    OutboxMessage.objects.filter(task_name="core.tasks.send_email").update(
        task_name="accounts.tasks.send_outgoing_email"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_privacy"),
        ("accounts", "0004_outgoing_email"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE accounts_outgoingemail RENAME TO core_outgoingemail",
                    "ALTER TABLE core_outgoingemail RENAME TO accounts_outgoingemail",
                ),
            ],
            state_operations=[
                migrations.CreateModel(
                    name="OutgoingEmail",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("to", models.JSONField(verbose_name="recipients")),
                        ("from_email", models.CharField(blank=True, max_length=254, verbose_name="sender")),
                        ("subject", models.CharField(max_length=998, verbose_name="subject")),
                        ("body", models.TextField(verbose_name="text")),
                        ("html", models.TextField(blank=True, verbose_name="HTML version")),
                        ("dedup_key", models.CharField(blank=True, max_length=200, null=True, unique=True, verbose_name="deduplication key")),
                        ("status", models.CharField(choices=[("queued", "Queued"), ("sent", "Sent"), ("failed", "Failed")], default="queued", max_length=10, verbose_name="status")),
                        ("attempts", models.PositiveSmallIntegerField(default=0, verbose_name="attempts")),
                        ("last_error", models.TextField(blank=True, verbose_name="last error")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                        ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="sent at")),
                    ],
                    options={
                        "verbose_name": "outgoing email",
                        "verbose_name_plural": "outgoing emails",
                        "ordering": ["-created_at"],
                        "indexes": [models.Index(fields=["status", "created_at"], name="accounts_ou_status_c40333_idx")],
                    },
                ),
            ],
        ),
        migrations.RenameIndex(
            model_name="outgoingemail",
            new_name="core_email_status_idx",
            old_name="accounts_ou_status_c40333_idx",
        ),
        migrations.AddField(
            model_name="outgoingemail",
            name="template",
            field=models.CharField(blank=True, max_length=200, verbose_name="template"),
        ),
        migrations.AddField(
            model_name="outgoingemail",
            name="headers",
            field=models.JSONField(blank=True, default=dict, verbose_name="headers"),
        ),
        migrations.RunPython(rename_task, unrename_task, elidable=True),
    ]
