from celery import shared_task
from django.core.cache import cache
from django.utils import timezone


@shared_task(name="core.tasks.ping", acks_late=True, soft_time_limit=20, time_limit=30)
def ping(token: str = "beat") -> str:  # noqa: S107 - not a secret
    """Health ping: records in the cache when a worker last answered, so the
    round trip web → broker → worker → cache can be observed. Safe to run
    twice (it only overwrites the same key)."""
    cache.set(f"health:ping:{token}", timezone.now().isoformat(), timeout=3600)
    return "pong"


@shared_task(
    bind=True,
    name="core.tasks.heartbeat",
    ignore_result=True,
    acks_late=False,
    soft_time_limit=20,
    time_limit=30,
)
def heartbeat(self, queue: str) -> None:
    """Worker heartbeat: beat sends one to each queue every
    ``HEALTH_HEARTBEAT_SECONDS``; the worker that runs it records the time for
    ``/sante/`` (core/health.py). Safe to run twice (it overwrites one key)."""
    from .health import record_heartbeat

    delivered = (self.request.delivery_info or {}).get("routing_key") or queue
    record_heartbeat(f"queue:{delivered}")


@shared_task(name="core.tasks.flush_outbox", acks_late=True, soft_time_limit=50, time_limit=60)
def flush_outbox() -> int:
    """Publish the outbox messages the broker missed (beat, every minute)."""
    from .outbox import flush

    return flush()


@shared_task(name="core.tasks.selftest_mark", acks_late=True, soft_time_limit=60, time_limit=90)
def selftest_mark(key: str, seconds: float = 0.0) -> bool:
    """Operations self-test: counts each run, sleeps, then records its effect
    once whatever the number of runs (used to prove that a task interrupted
    by a lost worker is run again and takes effect exactly once)."""
    import time

    runs = f"selftest:runs:{key}"
    cache.add(runs, 0, timeout=3600)
    cache.incr(runs)
    time.sleep(seconds)
    if cache.add(f"selftest:done:{key}", timezone.now().isoformat(), timeout=3600):
        cache.add(f"selftest:effects:{key}", 0, timeout=3600)
        cache.incr(f"selftest:effects:{key}")
        return True
    return False


@shared_task(name="core.tasks.build_data_export", acks_late=True, time_limit=600)
def build_data_export(export_id: int) -> None:
    """Build a user's RGPD export ZIP, then email them (idempotent)."""
    from .privacy import build_export
    from .services import notify_export_ready

    export = build_export(export_id)
    notify_export_ready(export)


@shared_task(name="core.tasks.apply_retention", acks_late=True, time_limit=1800)
def apply_retention() -> dict:
    """Daily: delete personal data past its retention period."""
    from .privacy import apply_retention as run

    return run()
