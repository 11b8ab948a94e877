"""Exam families: the model and the family of exams and exam courses (filled
by 0005); the one-course-per-exam constraints go."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0003_activity_updated_at"),
    ]

    operations = [
        migrations.CreateModel(
            name='ExamFamily',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, unique=True, verbose_name='name')),
                ('slug', models.SlugField(max_length=80, unique=True, verbose_name='short name')),
                ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position')),
            ],
            options={
                'verbose_name': 'exam family',
                'verbose_name_plural': 'exam families',
                'ordering': ['position', 'name'],
            },
        ),
        migrations.AddField(
            model_name='exam',
            name='family',
            field=models.ForeignKey(blank=True, help_text="Its family's “Devenir…” course prepares this exam.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='exams', to='courses.examfamily', verbose_name='family'),
        ),
        migrations.AddField(
            model_name='course',
            name='family',
            field=models.ForeignKey(blank=True, help_text='For exam courses (Devenir…) only: the course serves every exam of the family (external, internal, professional).', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='courses', to='courses.examfamily', verbose_name='exam family'),
        ),
        migrations.RemoveConstraint(
            model_name='course',
            name='courses_course_exam_iff_exam_kind',
        ),
        migrations.RemoveConstraint(
            model_name='course',
            name='courses_course_one_per_exam',
        ),
    ]
