from celery import shared_task

from . import services


@shared_task(acks_late=True, time_limit=300)
def send_review_reminders(today: str | None = None) -> list[int]:
    """Monthly: email each production group its "À relire" list. Safe to
    run twice (one reminder row per course and month)."""
    import datetime

    day = datetime.date.fromisoformat(today) if today else None
    return services.review_reminders_prepare(today=day)
