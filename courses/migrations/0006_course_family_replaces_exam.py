"""An exam course belongs to an exam family, not to one exam (filled by 0005)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0005_exam_families_data"),
    ]

    operations = [
        migrations.RemoveField(
            model_name='course',
            name='exam',
        ),
        migrations.AddConstraint(
            model_name='course',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('family__isnull', False), ('kind', 'exam')), models.Q(models.Q(('kind', 'exam'), _negated=True), ('family', None)), _connector='OR'), name='courses_course_family_iff_exam_kind', violation_error_message='An exam course needs its exam family, and only it has one.'),
        ),
        migrations.AddConstraint(
            model_name='course',
            constraint=models.UniqueConstraint(condition=models.Q(('kind', 'exam')), fields=('family',), name='courses_course_one_per_family', violation_error_message='This exam family already has its course.'),
        ),
    ]
