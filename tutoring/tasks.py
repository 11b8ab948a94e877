"""Background work for tutoring: thin, take ids, safe to run twice (the rows
say what was decided; the emails go through core.mail with a de-duplication
key)."""

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core import mail

from .models import Message, Reminder, Thread


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90)
def send_reminder_email(reminder_id: int) -> bool:
    """Email a pending reminder once: the row is locked and marked sent in the
    same transaction as the sending."""
    with transaction.atomic():
        reminder = (
            Reminder.objects.select_for_update(of=("self",))
            .select_related("candidate")
            .filter(pk=reminder_id, status=Reminder.Status.PENDING)
            .first()
        )
        if reminder is None or not reminder.candidate.email:
            return False
        mail.send_rendered(
            to=[reminder.candidate.email],
            subject=reminder.subject,
            body=reminder.body,
            template="tutoring/emails/reminder",
            dedup_key=f"tutoring.reminder:{reminder.pk}",
        )
        reminder.status = Reminder.Status.SENT
        reminder.sent_at = timezone.now()
        reminder.save(update_fields=["status", "sent_at"])
    return True


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90)
def send_message_notification(message_id: int) -> bool:
    """Tell the tutor about a candidate's message (with its due date), or the
    candidate about the tutor's answer; once per message."""
    with transaction.atomic():
        message = (
            Message.objects.select_for_update(of=("self",))
            .select_related("thread__registration__tutor", "thread__candidate", "author")
            .filter(pk=message_id, notified_at__isnull=True)
            .first()
        )
        if message is None:
            return False
        thread = message.thread
        recipient = thread.candidate if message.from_tutor else thread.registration.tutor
        sent = False
        if message.from_tutor and recipient is not None:
            # The candidate's channel for their tutor's answers ("Mon compte").
            from notifications import api as notifications_api

            if not notifications_api.email_now(recipient, notifications_api.TUTOR_ANSWERED):
                recipient = None
        if recipient is not None and recipient.email and recipient.is_active:
            context = {
                "message": message,
                "thread": thread,
                "recipient": recipient,
                "url": settings.SITE_URL + reverse("tutoring:thread", args=[thread.pk]),
            }
            mail.send(
                "tutoring/emails/new_message",
                [recipient.email],
                context,
                dedup_key=f"tutoring.message:{message.pk}",
            )
            sent = True
        message.notified_at = timezone.now()
        message.save(update_fields=["notified_at"])
    return sent


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def send_automatic_reminders() -> int:
    """Daily (beat): automatic reminders for inactive or late candidates."""
    from .services import reminders_automatic_run

    return len(reminders_automatic_run())


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90)
def send_escalation_email(thread_id: int) -> bool:
    """Tell the course's trainers (or the centre's coordinators) that a
    candidate asks a trainer about a closed theme; once."""
    from .services import escalation_recipients

    with transaction.atomic():
        thread = (
            Thread.objects.select_for_update(of=("self",))
            .select_related("candidate", "course", "trainer_request__course")
            .filter(pk=thread_id, escalated_at__isnull=False, escalation_sent_at__isnull=True)
            .first()
        )
        if thread is None:
            return False
        trainers, copied = escalation_recipients(thread)
        recipients = [u.email for u in trainers]
        if recipients:
            request = thread.trainer_request
            context = {
                "thread": thread,
                "request": request,
                "trainers": trainers,
                "copied": copied,
                "url": settings.SITE_URL + reverse("tutoring:trainer_request", args=[request.pk]),
            }
            key = f"tutoring.escalation:{thread.pk}:{thread.escalated_at.timestamp():.0f}"
            mail.send("tutoring/emails/escalation", recipients, context, dedup_key=key)
            if copied:
                mail.send(
                    "tutoring/emails/escalation",
                    [u.email for u in copied],
                    {**context, "in_copy": True},
                    dedup_key=f"{key}:copy",
                )
        thread.escalation_sent_at = timezone.now()
        thread.save(update_fields=["escalation_sent_at"])
    return bool(recipients)


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def notify_overdue_questions() -> int:
    """Daily (beat, working days): tell each tutor once about questions whose
    answer is overdue."""
    from .services import overdue_questions_mark

    return len(overdue_questions_mark())


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90)
def send_overdue_summary(tutor_id: int, thread_ids: list[int]) -> bool:
    tutor = get_user_model().objects.filter(pk=tutor_id, is_active=True).exclude(email=None).first()
    threads = list(
        Thread.objects.filter(pk__in=thread_ids).select_related("candidate").order_by("due_on")
    )
    if tutor is None or not threads:
        return False
    context = {
        "tutor": tutor,
        "threads": threads,
        "site_url": settings.SITE_URL,
        "url": settings.SITE_URL + reverse("tutoring:board"),
    }
    mail.send(
        "tutoring/emails/overdue",
        [tutor.email],
        context,
        dedup_key=f"tutoring.overdue:{tutor.pk}:{timezone.localdate():%Y-%m-%d}:"
        + ",".join(str(pk) for pk in sorted(thread_ids))[:120],
    )
    return True
