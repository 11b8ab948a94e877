from celery import shared_task


@shared_task(acks_late=True, soft_time_limit=600, time_limit=660)
def send_daily_digests() -> int:
    """Daily (beat): one digest email per person with notifications waiting
    for it. Safe to run twice (notifications.services.digest_send)."""
    from .services import digest_recipients, digest_send

    return sum(digest_send(user_id=user_id) for user_id in digest_recipients())
