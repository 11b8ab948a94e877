"""The Celery application: configured from Django settings (``CELERY_*``),
JSON only, tasks acknowledged late and autodiscovered in each app's
``tasks.py``. Periodic tasks are listed in ``settings.CELERY_BEAT_SCHEDULE``."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("callisto")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
