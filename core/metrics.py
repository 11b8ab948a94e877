"""Prometheus metrics, served at ``/metriques/`` to the inside only.

Two kinds of figures:

- per web process, counted by ``OperationsMiddleware``: requests by method
  and status, and the time to answer by view. Under gunicorn they are kept in
  ``PROMETHEUS_MULTIPROC_DIR`` (set by config/gunicorn.py), so a scrape
  answered by any worker process adds up all of them.
- for the whole deployment, read at scrape time from Redis and PostgreSQL:
  messages waiting in each Celery queue, emails not yet sent, outbox messages
  not yet published, task failures (counted by the workers, in Redis) and the
  age of each heartbeat. Every web node reports the same values: aggregate
  them with ``max`` rather than ``sum``.

Who may read them: see ``can_read_metrics``. The middleware costs a few
microseconds a request (docs/deployment.md gives the measure).
"""

import hmac
import ipaddress
import logging
import os
import re
import uuid
from time import perf_counter

from django.conf import settings
from django.core.cache import cache
from django.http.request import split_domain_port, validate_host
from django_guid.context import guid as request_id_var
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

logger = logging.getLogger(__name__)

REQUESTS = Counter(
    "callisto_http_requests", "HTTP requests answered, by method and status.", ["method", "status"]
)
LATENCY = Histogram(
    "callisto_http_request_duration_seconds",
    "Time to answer a request, by view (until the response is handed to the server).",
    ["view"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
# Internal endpoints: answered whatever the Host header, not counted.
INTERNAL_PATHS = frozenset({"/sante/", "/metriques/"})
TASK_FAILURE_KEY = "metrics:task-failures:{}"
# An id from nginx ($request_id: 32 hex digits) or any UUID; anything else is
# replaced, so that a client cannot write what it likes into the logs.
REQUEST_ID = re.compile(r"[0-9a-fA-F]{32}|[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")
# The networks a deployment's own machines use (RFC 1918, RFC 4193, loopback).
_INSIDE_NETWORKS = ["127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]
_INSIDE_NETWORKS += ["::1/128", "fc00::/7"]
INSIDE = tuple(ipaddress.ip_network(network) for network in _INSIDE_NETWORKS)


# Each metric's children by label values: ``labels()`` validates the values
# and takes a lock at each call, for the same few views and statuses.
_CHILDREN: dict[tuple, object] = {}


def _child(metric, *values: str):
    key = (metric, *values)
    child = _CHILDREN.get(key)
    if child is None:
        child = _CHILDREN[key] = metric.labels(*values)
    return child


class OperationsMiddleware:
    """First in MIDDLEWARE. Gives the request its id: ``X-Request-ID`` as
    nginx set it, or a new one, sent back in the response and put where
    django-guid's log filter and Celery integration read it (its own
    middleware does the same at several times the cost). Counts every
    request and times it, except the internal endpoints, which it lets
    through whatever their Host header:
    the container health check asks 127.0.0.1 and Prometheus asks the
    container's name, neither of them in ALLOWED_HOSTS. Their answer does
    not depend on the host (no link, no redirect), so the request is given
    the first allowed host instead of being refused; every other path keeps
    Django's host validation."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.canonical_host = next(
            (host.lstrip(".") for host in settings.ALLOWED_HOSTS if host != "*"), None
        )

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        request_id_var.set(request_id)
        if request.path_info in INTERNAL_PATHS:
            self._pin_host(request)
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            return response
        start = perf_counter()
        response = self.get_response(request)
        elapsed = perf_counter() - start
        response["X-Request-ID"] = request_id
        match = request.resolver_match
        _child(LATENCY, match.view_name if match else "unresolved").observe(elapsed)
        method = request.method if request.method in METHODS else "other"
        _child(REQUESTS, method, str(response.status_code)).inc()
        return response

    def _pin_host(self, request):
        domain, _port = split_domain_port(request.META.get("HTTP_HOST", ""))
        if self.canonical_host and not (domain and validate_host(domain, settings.ALLOWED_HOSTS)):
            request.META["HTTP_HOST"] = self.canonical_host


def can_read_metrics(request) -> bool:
    """Metrics are for the inside. With ``METRICS_TOKEN`` set, only a request
    carrying ``Authorization: Bearer <token>`` reads them, from anywhere.
    Without it, only a request made directly from a loopback or private
    address: one that came through the proxy carries X-Forwarded-For (nginx
    always sets it, deploy/nginx.conf.template, which also refuses the path)."""
    token = settings.METRICS_TOKEN
    if token:
        supplied = request.headers.get("Authorization", "")
        return hmac.compare_digest(supplied.encode(), f"Bearer {token}".encode())
    if "X-Forwarded-For" in request.headers or "Forwarded" in request.headers:
        return False
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    return any(address in network for network in INSIDE)


def count_task_failure(task_name: str) -> None:
    """A task failed for good (no retry left): counted in Redis so that any
    web node reports the failures of every worker. Called in the worker."""
    key = TASK_FAILURE_KEY.format(task_name)
    try:
        cache.add(key, 0, timeout=None)
        cache.incr(key)
    except Exception:
        logger.exception("Task failure not counted")


class DeploymentCollector:
    """Figures of the whole deployment, read at each scrape."""

    def collect(self):
        yield from self._queues()
        yield from self._emails()
        yield from self._task_failures()
        yield from self._heartbeats()

    def _queues(self):
        broker = settings.CELERY_BROKER_URL
        if not broker.startswith(("redis://", "rediss://")):
            return
        import redis

        family = GaugeMetricFamily(
            "callisto_celery_queue_length",
            "Messages waiting in each Celery queue.",
            labels=["queue"],
        )
        try:
            client = redis.Redis.from_url(broker, socket_timeout=2, socket_connect_timeout=2)
            pipe = client.pipeline(transaction=False)
            for queue in settings.HEALTH_QUEUES:
                # Kombu keeps a list per queue, plus one per priority step used.
                for key in (queue, *(f"{queue}\x06\x16{step}" for step in (3, 6, 9))):
                    pipe.llen(key)
            lengths = pipe.execute()
            client.close()
        except Exception:
            logger.exception("Metrics: queue lengths unreadable")
            return
        for index, queue in enumerate(settings.HEALTH_QUEUES):
            family.add_metric([queue], sum(lengths[index * 4 : index * 4 + 4]))
        yield family

    def _emails(self):
        from core.mail import counts_by_kind
        from core.models import OutboxMessage

        pending = GaugeMetricFamily(
            "callisto_emails_pending", "Emails not yet sent, by kind.", labels=["kind"]
        )
        failed = GaugeMetricFamily(
            "callisto_emails_failed", "Emails given up on, by kind.", labels=["kind"]
        )
        for kind, counts in sorted(counts_by_kind().items()):
            pending.add_metric([kind], counts["pending"])
            failed.add_metric([kind], counts["failed"])
        yield pending
        yield failed
        yield GaugeMetricFamily(
            "callisto_outbox_pending",
            "Tasks written in the outbox and not yet handed to the broker.",
            value=OutboxMessage.objects.filter(sent_at__isnull=True).count(),
        )

    def _task_failures(self):
        from config.celery import app

        family = CounterMetricFamily(
            "callisto_celery_task_failures",
            "Tasks that failed for good, by task (since Redis started).",
            labels=["task"],
        )
        names = sorted(name for name in app.tasks if not name.startswith("celery."))
        keys = {TASK_FAILURE_KEY.format(name): name for name in names}
        try:
            counts = cache.get_many(list(keys))
        except Exception:
            logger.exception("Metrics: task failures unreadable")
            return
        for key, name in keys.items():
            family.add_metric([name], counts.get(key, 0))
        yield family

    def _heartbeats(self):
        from .health import check_heartbeats

        _states, ages = check_heartbeats()
        family = GaugeMetricFamily(
            "callisto_heartbeat_age_seconds",
            "Seconds since beat, or a worker of each queue, last gave a sign of life.",
            labels=["part"],
        )
        for part, age in ages.items():
            if age is not None:
                family.add_metric([part], age)
        yield family


def exposition() -> tuple[bytes, str]:
    """The text Prometheus reads: this process's (or, under gunicorn, every
    worker's) request figures, then the deployment's."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        local = CollectorRegistry()
        multiprocess.MultiProcessCollector(local)
    else:
        local = REGISTRY
    deployment = CollectorRegistry(auto_describe=False)
    deployment.register(DeploymentCollector())
    return generate_latest(local) + generate_latest(deployment), CONTENT_TYPE_LATEST
