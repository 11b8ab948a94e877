"""The Celery application: configured from Django settings (``CELERY_*``),
JSON only, tasks acknowledged late and autodiscovered in each app's
``tasks.py``. Periodic tasks are listed in ``settings.CELERY_BEAT_SCHEDULE``."""

import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("callisto")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


# Operations (core/health.py, core/metrics.py): beat's heartbeat, and the count
# of tasks that failed for good. The handlers import lazily: this module is
# loaded before Django is set up.
@signals.beat_init.connect
def _beat_started(sender=None, **kwargs):
    from core.health import beat_started

    beat_started()


@signals.after_task_publish.connect
def _task_published(sender=None, **kwargs):
    from core.health import task_published

    task_published()


@signals.task_failure.connect
def _task_failed(sender=None, **kwargs):
    from core.metrics import count_task_failure

    count_task_failure(getattr(sender, "name", str(sender)))
