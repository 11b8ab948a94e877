from django.db import migrations


def create_pages(apps, schema_editor):
    from core.legal_content import ensure_pages

    ensure_pages(apps.get_model("sites", "Site"), apps.get_model("flatpages", "FlatPage"))


class Migration(migrations.Migration):
    dependencies = [
        ("sites", "0002_alter_domain_unique"),
        ("flatpages", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_pages, migrations.RunPython.noop)]
