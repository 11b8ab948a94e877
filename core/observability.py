"""Logs and error reports (docs/deployment.md, "Observability").

- Logs: in production every line is a JSON object carrying the request id
  (``X-Request-ID``, set by nginx, or made by django-guid's middleware and
  passed on to the Celery tasks a request queues); gunicorn's access lines
  too (``GunicornAccessFormatter``, config/gunicorn.py).
- Errors go to Sentry when ``SENTRY_DSN`` is set, through sentry-sdk's Django
  and Celery integrations, without personal data: no user, cookie, header
  other than a few technical ones, request body, query string or local
  variable leaves the process; log messages go as their template, without
  their arguments; any email address left in a text is masked.

This module is imported by the settings and by gunicorn's configuration:
nothing here may import Django models or settings at module level.
"""

import logging
import re
from collections.abc import Mapping

from pythonjsonlogger.json import JsonFormatter

EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")
EMAIL_MASK = "[email]"
# Request headers worth keeping in an error report: none names a person.
KEPT_HEADERS = frozenset(
    {"accept", "accept-language", "content-length", "content-type", "host", "x-request-id"}
)
# Keys whose values are always dropped, wherever they appear (extra data,
# contexts, breadcrumbs), on top of sentry-sdk's own list (passwords,
# tokens, cookies, sessions, authorization...).
PERSONAL_KEYS = [
    "email",
    "username",
    "first_name",
    "last_name",
    "full_name",
    "name",
    "phone",
    "address",
    "user",
    "recipient",
    "recipients",
    "to",
    "ip",
    "remote_addr",
    "x_forwarded_for",
    "x_real_ip",
]


class GunicornAccessFormatter(JsonFormatter):
    """Gunicorn's access lines as JSON: method, path (no query string),
    status, duration, size, request id, client and user agent."""

    def add_fields(self, log_data, record, message_dict):
        super().add_fields(log_data, record, message_dict)
        atoms = record.args if isinstance(record.args, Mapping) else {}
        if not atoms:
            return
        status = atoms.get("s", "-")
        log_data.update(
            method=atoms.get("m"),
            path=atoms.get("U"),
            status=int(status) if str(status).isdigit() else status,
            duration_ms=atoms.get("M"),
            bytes=atoms.get("B"),
            request_id=atoms.get("{x-request-id}o"),
            forwarded_for=atoms.get("{x-forwarded-for}i"),
            remote=atoms.get("h"),
            user_agent=atoms.get("a"),
        )


# --- Sentry -----------------------------------------------------------------------


def mask_emails(value):
    """``value`` with every email address in its strings masked, through
    dicts, lists and tuples."""
    if isinstance(value, str):
        return EMAIL.sub(EMAIL_MASK, value) if "@" in value else value
    if isinstance(value, dict):
        return {key: mask_emails(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [mask_emails(item) for item in value]
    return value


def scrub_event(event, hint):
    """``before_send``: what is left of an event once personal data is out.
    The request keeps its method, URL (without query string) and technical
    headers; the log message keeps its template only; the request id is
    added as a tag so that the event can be matched with the logs."""
    event.pop("user", None)
    request = event.get("request")
    if isinstance(request, dict):
        headers = request.get("headers") or {}
        event["request"] = {
            "method": request.get("method"),
            "url": (request.get("url") or "").split("?", 1)[0],
            "headers": {k: v for k, v in headers.items() if k.lower() in KEPT_HEADERS},
        }
    logentry = event.get("logentry")
    if isinstance(logentry, dict):
        event["logentry"] = {"message": logentry.get("message")}
    from django_guid import get_guid

    request_id = get_guid()
    if request_id:
        event.setdefault("tags", {})["request_id"] = request_id
    return mask_emails(event)


def scrub_breadcrumb(crumb, hint):
    """``before_breadcrumb``: a log line becomes its template (the arguments
    may name someone); SQL queries keep their text, never their parameters
    (sentry-sdk does not record them unless asked)."""
    record = (hint or {}).get("log_record")
    if record is not None:
        crumb["message"] = str(record.msg)
        crumb.pop("data", None)
    elif crumb.get("category") in ("redis", "cache"):
        # Cache keys hold session keys and user ids: keep the command only.
        crumb["message"] = (crumb.get("message") or "").split(" ", 1)[0]
        crumb.pop("data", None)
    return mask_emails(crumb)


def init_sentry(*, dsn: str, environment: str, release: str | None = None, traces: float = 0.0):
    """Start sentry-sdk with the Django, Celery and logging integrations
    (errors and ``logger.error`` lines become events, ``info`` lines
    breadcrumbs) and the scrubbing above."""
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.integrations.logging import LoggingIntegration
    from sentry_sdk.scrubber import DEFAULT_DENYLIST, DEFAULT_PII_DENYLIST, EventScrubber

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        # send_default_pii stays unset (it is deprecated): unset means no
        # personal data collected by the integrations.
        include_local_variables=False,
        max_request_body_size="never",
        # Only the integrations below (no Redis, boto3 or HTTP client ones
        # recording keys and URLs).
        auto_enabling_integrations=False,
        traces_sample_rate=traces,
        before_send=scrub_event,
        before_breadcrumb=scrub_breadcrumb,
        event_scrubber=EventScrubber(
            denylist=[*DEFAULT_DENYLIST, *PERSONAL_KEYS],
            pii_denylist=DEFAULT_PII_DENYLIST,
            recursive=True,
        ),
        integrations=[
            DjangoIntegration(transaction_style="url"),
            CeleryIntegration(),
            LoggingIntegration(level=logging.INFO, event_level=logging.ERROR),
        ],
    )
