"""A copy handed in while Redis is down is saved at once, and its receipt
goes out, once, when the broker and a worker are back (issue "Security,
privacy and reliability": no lost copy)."""

import time

import pytest
from django.conf import settings
from django.db import transaction

from assignments import services
from assignments.models import Submission, SubmissionFile
from config.celery import app
from core import outbox
from core.models import OutboxMessage
from tests.assignments.factories import pdf_upload
from tests.core.test_reliability import _reset_broker_pools, broker_down  # noqa: F401

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_hand_in_with_the_broker_down_then_receipt_once_it_is_back(
    broker_down,  # noqa: F811
    celery_worker_process,
    candidate,
    assignment,
):
    services.submission_upload(actor=candidate, assignment=assignment, uploads=[pdf_upload()])
    submission = Submission.objects.get(assignment=assignment, candidate=candidate)
    with transaction.atomic():
        services.submission_hand_in(actor=candidate, submission=submission, statement="oui")

    # The copy is saved and handed in; the receipt waits in the outbox.
    submission.refresh_from_db()
    assert submission.status == "submitted"
    assert SubmissionFile.objects.filter(submission=submission, handin=1).count() == 1
    pending = OutboxMessage.objects.get(task_name__endswith="send_receipt")
    assert pending.sent_at is None and pending.last_error

    # Redis is back, with a real worker: the beat task publishes it.
    app.conf.broker_url = settings.CELERY_BROKER_URL
    _reset_broker_pools()
    assert outbox.flush(older_than_seconds=0) == 1
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        submission.refresh_from_db()
        if submission.receipt_sent_for == 1:
            break
        time.sleep(0.3)
    assert submission.receipt_sent_for == 1, "the receipt never went out"
    assert outbox.flush(older_than_seconds=0) == 0  # once, not twice
