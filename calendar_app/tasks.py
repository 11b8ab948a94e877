from celery import shared_task

from courses import api as courses_api


@shared_task(
    bind=True,
    acks_late=True,
    soft_time_limit=120,
    time_limit=180,
    max_retries=3,
    default_retry_delay=60,
)
def build_calendar_pdf(self, preparation_id: int, candidate_id: int | None = None) -> str:
    """Build the PDF calendar of a preparation (group version, or a
    candidate's own). Safe to run twice: skipped when nothing changed; on
    failure the last good PDF stays and the task retries."""
    from django.contrib.auth import get_user_model

    from .services import calendar_pdf_build

    if not courses_api.Preparation.objects.filter(pk=preparation_id).exists():
        return "gone"
    if candidate_id and not get_user_model().objects.filter(pk=candidate_id).exists():
        return "gone"
    try:
        pdf = calendar_pdf_build(preparation_id=preparation_id, candidate_id=candidate_id)
    except Exception as exc:
        if self.request.called_directly or self.request.is_eager:
            raise
        raise self.retry(exc=exc) from exc
    return pdf.file.name


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def send_due_reminders() -> int:
    """Daily (Celery beat): queue the reminders due today and send again the
    ones left unsent. Safe to run twice (one row per person and reminder)."""
    from .reminders import reminders_queue_due

    return reminders_queue_due()


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90)
def send_reminder_email(reminder_id: int) -> bool:
    """Hand one reminder to the email pipeline (core.mail, which retries
    and records the outcome) unless already done."""
    from .reminders import reminder_deliver

    return reminder_deliver(reminder_id=reminder_id)
