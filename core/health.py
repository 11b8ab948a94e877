"""Checks behind ``/sante/``: the database, the cache and the broker, then
the heartbeats of Celery beat and of each queue's workers.

Each check answers "ok", "eager" (no broker, or tasks run in the web process:
no worker is expected), "error" (unreachable: the reason is logged, never
shown), "stale" (a heartbeat older than ``HEALTH_MAX_AGE_SECONDS``),
"missing" (no heartbeat ever recorded) or "unknown" (the heartbeats cannot be
read because the cache is down, which the cache check already names).

Heartbeats live in the shared cache, so every web node reads the same ones:

- ``beat``: written by the beat process itself each time it publishes a task
  (the heartbeat tasks below go out every ``HEALTH_HEARTBEAT_SECONDS``, so a
  live beat writes at least that often) and when it starts.
- ``queue:<name>``: written by a worker when it runs the heartbeat task that
  beat sends to that queue. Its age is also the queue's delay: a worker stuck
  behind a backlog of two hours answers two hours late.
"""

import logging
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from kombu import Connection

logger = logging.getLogger(__name__)

OK_STATES = frozenset({"ok", "eager"})
# "unknown" only follows a cache error, which is what fails then.
NOT_FAILING = OK_STATES | {"unknown"}


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("Health check: database unreachable")
        return "error"
    return "ok"


def check_cache() -> str:
    key = f"health:{uuid.uuid4().hex}"
    try:
        cache.set(key, "1", timeout=5)
        value = cache.get(key)
        cache.delete(key)
    except Exception:
        logger.exception("Health check: cache unreachable")
        return "error"
    return "ok" if value == "1" else "error"


def check_broker() -> str:
    if settings.CELERY_BROKER_URL.startswith("memory://"):
        return "eager"
    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:
        logger.exception("Health check: broker unreachable")
        return "error"
    return "ok"


# --- Heartbeats -----------------------------------------------------------------


def heartbeat_parts() -> list[str]:
    return ["beat", *(f"queue:{queue}" for queue in settings.HEALTH_QUEUES)]


def _key(part: str) -> str:
    return f"health:heartbeat:{part}"


def record_heartbeat(part: str) -> None:
    """Note that ``part`` is alive now. No expiry: an old heartbeat must stay
    readable to tell its age (and survives ``volatile-*`` eviction)."""
    cache.set(_key(part), time.time(), timeout=None)


def check_heartbeats() -> tuple[dict[str, str], dict[str, int | None]]:
    """The state and the age in seconds of each heartbeat (one cache read)."""
    parts = heartbeat_parts()
    if settings.CELERY_TASK_ALWAYS_EAGER or settings.CELERY_BROKER_URL.startswith("memory://"):
        return dict.fromkeys(parts, "eager"), dict.fromkeys(parts)
    try:
        stamps = cache.get_many([_key(part) for part in parts])
    except Exception:
        logger.exception("Health check: heartbeats unreadable")
        return dict.fromkeys(parts, "unknown"), dict.fromkeys(parts)
    now = time.time()
    states, ages = {}, {}
    for part in parts:
        stamp = stamps.get(_key(part))
        if stamp is None:
            states[part], ages[part] = "missing", None
            continue
        age = max(0, round(now - float(stamp)))
        ages[part] = age
        states[part] = "ok" if age <= settings.HEALTH_MAX_AGE_SECONDS else "stale"
    return states, ages


def run_all(*, web_only: bool = False) -> dict:
    """The whole report of ``/sante/``. ``web_only``: only what this web
    process needs to answer pages (database, cache, broker), for load
    balancers and the container health check, which must not take every web
    node out because a worker is down."""
    checks = {"database": check_database(), "cache": check_cache(), "broker": check_broker()}
    report = {"checks": checks}
    if not web_only:
        states, ages = check_heartbeats()
        checks.update(states)
        report["heartbeat_ages"] = ages
    failing = [part for part, state in checks.items() if state not in NOT_FAILING]
    report = {"status": "error" if failing else "ok", "failing": failing, **report}
    return report


# --- Hooks called by the Celery signals (config/celery.py) -------------------------

_in_beat = False


def beat_started() -> None:
    """In the beat process, at start: record beat's heartbeat and send a
    first heartbeat to each queue, so a fresh deployment is healthy at once
    rather than after the first interval."""
    global _in_beat
    _in_beat = True
    from .tasks import heartbeat

    try:
        record_heartbeat("beat")
        for queue in settings.HEALTH_QUEUES:
            heartbeat.apply_async(
                args=[queue], queue=queue, expires=settings.HEALTH_MAX_AGE_SECONDS
            )
    except Exception:
        # Beat retries on its own schedule; starting must not fail for this.
        logger.exception("First heartbeats not sent")


def task_published() -> None:
    """After any task is published: in the beat process, that is its heartbeat."""
    if _in_beat:
        try:
            record_heartbeat("beat")
        except Exception:
            logger.exception("Beat heartbeat not recorded")
