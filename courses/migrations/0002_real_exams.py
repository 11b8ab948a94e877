"""The real exams of the library service (see courses/catalogue.py)."""

from django.db import migrations


def create_exams(apps, schema_editor):
    from courses.catalogue import ensure_exams

    ensure_exams(apps.get_model("courses", "Exam"))


class Migration(migrations.Migration):
    dependencies = [("courses", "0001_initial")]

    operations = [migrations.RunPython(create_exams, migrations.RunPython.noop)]
