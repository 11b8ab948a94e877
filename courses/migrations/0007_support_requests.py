"""The candidates' support requests (signaler une difficulté, demander un
entretien)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0006_course_family_replaces_exam"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='SupportRequest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('difficulty', 'report a difficulty'), ('interview', 'ask for an interview')], max_length=20, verbose_name='request')),
                ('message', models.TextField(max_length=5000, verbose_name='message')),
                ('status', models.CharField(choices=[('open', 'open'), ('handled', 'handled')], default='open', max_length=20, verbose_name='status')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='sent at')),
                ('handled_at', models.DateTimeField(blank=True, null=True, verbose_name='handled at')),
            ],
            options={
                'verbose_name': 'support request',
                'verbose_name_plural': 'support requests',
                'ordering': ['-created_at', '-pk'],
            },
        ),
        migrations.AddField(
            model_name='supportrequest',
            name='handled_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='handled by'),
        ),
        migrations.AddField(
            model_name='supportrequest',
            name='registration',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='support_requests', to='courses.registration', verbose_name='registration'),
        ),
        migrations.AddIndex(
            model_name='supportrequest',
            index=models.Index(fields=['status', '-created_at'], name='courses_sup_status_9eef40_idx'),
        ),
    ]
