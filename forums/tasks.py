"""Forum email tasks: thin shells around ``forums.services``; they take ids
and are safe to run twice (the deliveries say what was sent)."""

from celery import shared_task

from . import services

TASK_OPTIONS = {"acks_late": True, "time_limit": 300, "soft_time_limit": 240}


@shared_task(**TASK_OPTIONS)
def fan_out_post(post_id: int) -> int:
    """Record the deliveries of a new post and queue them in batches."""
    batches = services.post_fan_out(post_id=post_id)
    for batch in batches:
        send_deliveries.delay(batch)
    return len(batches)


@shared_task(**TASK_OPTIONS)
def send_deliveries(delivery_ids: list[int]) -> int:
    """Send one batch of immediate emails."""
    return services.deliveries_send(delivery_ids=delivery_ids)


@shared_task(**TASK_OPTIONS)
def send_daily_digests() -> int:
    """Daily at a fixed hour (CELERY_BEAT_SCHEDULE): queue the digests."""
    user_ids = services.digest_recipients()
    for i in range(0, len(user_ids), services.BATCH_SIZE):
        send_digests.delay(user_ids[i : i + services.BATCH_SIZE])
    return len(user_ids)


@shared_task(**TASK_OPTIONS)
def send_digests(user_ids: list[int]) -> int:
    """One digest per user of the batch (none when nothing is new)."""
    return sum(1 for user_id in user_ids if services.digest_send(user_id=user_id))
