"""Emails about copies. Tasks take ids and write the email (core.mail, sent
by the one email task); the database records what was decided and the email
rows carry a de-duplication key, so running one twice sends nothing more."""

from celery import shared_task
from django.conf import settings
from django.db import transaction

from core import mail

from .models import Feedback, Submission


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90)
def send_receipt(submission_id: int, handin: int) -> bool:
    """Email the candidate the receipt of hand-in round ``handin``: file
    names and SHA-256. Sent once per round."""
    with transaction.atomic():
        submission = (
            Submission.objects.select_for_update(of=("self",))
            .select_related("assignment__course", "candidate")
            .filter(pk=submission_id)
            .first()
        )
        if submission is None or submission.receipt_sent_for >= handin:
            return False
        candidate = submission.candidate
        if not candidate.email:
            return False
        files = list(submission.files.filter(handin=handin).order_by("number"))
        context = {
            "submission": submission,
            "assignment": submission.assignment,
            "candidate": candidate,
            "files": files,
            "handin": handin,
            "url": settings.SITE_URL + submission.assignment.get_absolute_url(),
        }
        Submission.objects.filter(pk=submission.pk).update(receipt_sent_for=handin)
        mail.send(
            "assignments/emails/receipt",
            [candidate.email],
            context,
            dedup_key=f"assignments.receipt:{submission.pk}:{handin}",
        )
    return True


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90)
def send_return_email(feedback_id: int) -> bool:
    """Tell the candidate their copy was returned (once per feedback)."""
    with transaction.atomic():
        feedback = (
            Feedback.objects.select_for_update(of=("self",))
            .select_related("submission__assignment__course", "submission__candidate")
            .filter(pk=feedback_id, returned_at__isnull=False)
            .first()
        )
        if feedback is None or feedback.return_email_sent:
            return False
        submission = feedback.submission
        candidate = submission.candidate
        if not candidate.email:
            return False
        from notifications import api as notifications_api

        if not notifications_api.email_now(candidate, notifications_api.COPY_RETURNED):
            return False  # "On the site only" or in the daily digest ("Mon compte")
        context = {
            "feedback": feedback,
            "assignment": submission.assignment,
            "candidate": candidate,
            "url": settings.SITE_URL + submission.assignment.get_absolute_url(),
        }
        Feedback.objects.filter(pk=feedback.pk).update(return_email_sent=True)
        mail.send(
            "assignments/emails/returned",
            [candidate.email],
            context,
            dedup_key=f"assignments.returned:{feedback.pk}",
        )
    return True


@shared_task(acks_late=True, soft_time_limit=600, time_limit=660)
def build_copies_archive(archive_id: int) -> bool:
    """Build the ZIP of copies asked for (idempotent)."""
    from .services import archive_build

    return archive_build(archive_id=archive_id)
