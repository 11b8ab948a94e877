"""The email rows now belong to core (core/migrations/0004_outgoing_email.py
renamed the table); accounts forgets the model without touching the data."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_outgoing_email"),
        ("core", "0004_outgoing_email"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="OutgoingEmail")],
        ),
    ]
