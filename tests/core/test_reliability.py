"""No lost work: the task outbox survives a broker outage, and a task whose
worker dies mid-way runs again and takes effect exactly once."""

import os
import signal
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from config.celery import app
from core import outbox
from core.models import AuditEntry, OutboxMessage
from core.tasks import ping, selftest_mark


def _reset_broker_pools():
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker_down():
    """The broker is unreachable (nothing listens on port 9)."""
    saved = (app.conf.broker_url, app.conf.task_always_eager)
    app.conf.broker_url = "redis://127.0.0.1:9/0"
    app.conf.task_always_eager = False
    _reset_broker_pools()
    yield
    app.conf.broker_url, app.conf.task_always_eager = saved
    _reset_broker_pools()


@pytest.mark.django_db
def test_outbox_runs_the_task_after_commit_in_eager_mode(django_capture_on_commit_callbacks):
    token = uuid.uuid4().hex
    with django_capture_on_commit_callbacks(execute=True):
        message = outbox.enqueue(ping, token)
    message.refresh_from_db()
    assert message.sent_at is not None
    assert cache.get(f"health:ping:{token}")


@pytest.mark.django_db
def test_nothing_is_sent_when_the_change_rolls_back(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        outbox.enqueue(ping, "rolled-back")
        raise RuntimeError("the change failed")
    assert not OutboxMessage.objects.exists()
    assert cache.get("health:ping:rolled-back") is None


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_broker_down_keeps_the_message_until_it_is_back(broker_down, celery_worker_process):
    token = uuid.uuid4().hex
    with transaction.atomic():
        message = outbox.enqueue(ping, token)
    # The request that handed the work in has succeeded; the message waits.
    message.refresh_from_db()
    assert message.sent_at is None
    assert message.attempts == 1
    assert "Error" in message.last_error or "error" in message.last_error
    assert outbox.flush(older_than_seconds=0) == 0  # still down

    # The broker is back (the real Redis and a real worker).
    app.conf.broker_url = settings.CELERY_BROKER_URL
    _reset_broker_pools()
    assert outbox.flush(older_than_seconds=0) == 1
    message.refresh_from_db()
    assert message.sent_at is not None
    deadline = time.monotonic() + 60
    while not cache.get(f"health:ping:{token}") and time.monotonic() < deadline:
        time.sleep(0.2)
    assert cache.get(f"health:ping:{token}"), "the worker never ran the task"
    assert outbox.flush(older_than_seconds=0) == 0  # sent once, not twice


def _children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True)
    return [int(line) for line in out.stdout.split()]


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_task_interrupted_by_a_killed_worker_completes_exactly_once():
    """A prefork worker whose child is killed mid-task: with ``acks_late``
    and ``reject_on_worker_lost`` the message goes back to the queue, the
    new child runs it again, and the idempotent task takes effect once."""
    queue = f"callisto-kill-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_ENV": "test",
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.celery_worker_main",  # the killed child noticed at once
            "-A",
            "config",
            "worker",
            "--pool=prefork",
            "--concurrency=1",
            "-Q",
            queue,
            "--without-gossip",
            "--without-mingle",
            "-l",
            "warning",
            "-n",
            f"{queue}@%h",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    saved = app.conf.task_always_eager
    app.conf.task_always_eager = False
    key = uuid.uuid4().hex
    try:
        selftest_mark.apply_async(args=[key, 4.0], queue=queue)
        deadline = time.monotonic() + 60
        while not cache.get(f"selftest:runs:{key}") and time.monotonic() < deadline:
            time.sleep(0.1)
        assert cache.get(f"selftest:runs:{key}") == 1, "the task never started"
        children = _children(worker.pid)
        assert children, "no pool process to kill"
        for child in children:
            os.kill(child, signal.SIGKILL)  # the process running the task dies

        deadline = time.monotonic() + 90
        while not cache.get(f"selftest:done:{key}") and time.monotonic() < deadline:
            time.sleep(0.2)
        assert cache.get(f"selftest:done:{key}"), "the task was lost with its worker"
        time.sleep(1)
        assert cache.get(f"selftest:runs:{key}") == 2  # run again after the kill
        assert cache.get(f"selftest:effects:{key}") == 1  # and took effect once
    finally:
        app.conf.task_always_eager = saved
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()


@pytest.mark.django_db
def test_audit_entries_are_append_only(user):
    from core.audit import record

    entry = record(actor=user, action="login", target=user, summary="connexion")
    assert entry.target_type == "accounts.user"
    entry.summary = "changed"
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()
    assert AuditEntry.objects.get().summary == "connexion"
