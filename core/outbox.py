"""Transactional outbox for Celery tasks (issue "Security, privacy and
reliability": no lost receipt when Redis or the worker is down).

``enqueue(task, *args, **kwargs)`` inside the transaction that makes the
change; the task is published after commit. A broker failure never breaks
the request: the message waits and ``core.tasks.flush_outbox`` (Celery beat,
every minute) publishes it when the broker answers again."""

import logging

from celery import current_app
from django.db import transaction
from django.utils import timezone

from .models import OutboxMessage

logger = logging.getLogger(__name__)


def enqueue(task, *args, **kwargs) -> OutboxMessage:
    name = task if isinstance(task, str) else task.name
    message = OutboxMessage.objects.create(task_name=name, args=list(args), kwargs=kwargs)
    transaction.on_commit(lambda: publish(message.pk))
    return message


def publish(message_id: int) -> bool:
    """Send one pending message to the broker; True when sent. Safe to call
    concurrently (the row is locked) and repeatedly (sent rows are skipped)."""
    app = current_app
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, sent_at__isnull=True)
            .first()
        )
        if message is None:
            return False
        message.attempts += 1
        if app.conf.task_always_eager:
            # Embedded demo and unit tests: run now, let errors surface.
            app.loader.import_default_modules()
            app.tasks[message.task_name].apply(args=message.args, kwargs=message.kwargs).get()
        else:
            try:
                app.send_task(
                    message.task_name, args=message.args, kwargs=message.kwargs, retry=False
                )
            except Exception as exc:  # broker unreachable: keep it for later
                logger.warning("outbox: %s #%s not sent: %r", message.task_name, message.pk, exc)
                message.last_error = repr(exc)[:2000]
                message.save(update_fields=["attempts", "last_error"])
                return False
        message.sent_at = timezone.now()
        message.last_error = ""
        message.save(update_fields=["attempts", "sent_at", "last_error"])
        return True


def flush(older_than_seconds: int = 5, limit: int = 500) -> int:
    """Publish pending messages (oldest first); returns how many were sent."""
    cutoff = timezone.now() - timezone.timedelta(seconds=older_than_seconds)
    pending = OutboxMessage.objects.filter(sent_at__isnull=True, created_at__lte=cutoff)
    sent = 0
    for message_id in pending.order_by("created_at").values_list("pk", flat=True)[:limit]:
        if publish(message_id):
            sent += 1
        elif (
            OutboxMessage.objects.filter(pk=message_id, sent_at__isnull=True)
            .exclude(last_error="")
            .exists()
        ):
            break  # the broker is still down: try again at the next run
    return sent
