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
