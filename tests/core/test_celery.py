"""A task round-trips through a real Celery worker on Redis."""

import uuid

import pytest
from django.core.cache import cache

from config.celery import app
from core.tasks import ping


def test_ping_runs_eagerly_in_unit_tests():
    assert ping.delay("eager").get() == "pong"
    assert cache.get("health:ping:eager")


@pytest.mark.worker
def test_ping_round_trips_through_a_real_worker(celery_worker_process):
    token = uuid.uuid4().hex
    result = ping.apply_async(args=[token])
    assert result.get(timeout=60) == "pong"
    assert cache.get(f"health:ping:{token}")


def test_celery_is_configured_for_safe_retries():
    assert app.conf.task_serializer == "json"
    assert app.conf.accept_content == ["json"]
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    # Beat sends a heartbeat to each queue, routed to that queue (/sante/).
    for queue in ("default", "emails", "pdf"):
        entry = app.conf.beat_schedule[f"core-heartbeat-{queue}"]
        assert entry["task"] == "core.tasks.heartbeat"
        assert entry["args"] == [queue]
        assert entry["options"]["queue"] == queue


@pytest.mark.parametrize(
    ("task_name", "queue"),
    [
        ("core.tasks.send_email", "emails"),
        ("forums.tasks.send_daily_digests", "default"),  # writes rows; core.tasks.send_email sends
        ("calendar_app.tasks.build_calendar_pdf", "pdf"),
        ("core.tasks.ping", "default"),
    ],
)
def test_emails_and_pdfs_have_their_own_queues(task_name, queue):
    """A flood of emails never delays a PDF: separate queues, separate workers."""
    route = app.amqp.router.route({}, task_name, args=(), kwargs={})
    assert route["queue"].name == queue
