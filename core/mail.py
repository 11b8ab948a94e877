"""The one way the site sends email.

``send(template, to, context, dedup_key=...)`` renders the French subject, text
and (when the template exists) HTML now, writes one ``OutgoingEmail`` row in
the caller's transaction and queues ``core.tasks.send_email`` (by name, through
the task outbox) after commit. That task, on the ``emails`` queue, locks the
row, sends it and records the outcome, retrying transient SMTP errors with
exponential backoff; ``MAX_ATTEMPTS`` failures leave it "failed" with the error,
for administrators to read (admin, "Outgoing emails").

A ``dedup_key`` (unique in the table) makes a second call with the same key
queue nothing: a task that decides an email may safely run twice.
``send_rendered`` takes a subject and body already written (stored reminders,
allauth's own messages)."""

from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import translation

from . import outbox
from .models import OutgoingEmail
from .text import one_line

SEND_TASK = "core.tasks.send_email"
MAX_ATTEMPTS = 5


def render(template: str, context: dict | None = None) -> tuple[str, str, str]:
    """(subject, text, html) of ``template``: ``<template>_subject.txt``,
    ``<template>.txt`` and the optional ``<template>.html``, in French."""
    context = context or {}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}.txt", context)
        try:
            html_template = get_template(f"{template}.html")
        except TemplateDoesNotExist:
            html = ""
        else:
            html = html_template.render(context)
    return subject, body, html


def send(
    template: str,
    to: Iterable[str] | str,
    context: dict | None = None,
    *,
    dedup_key: str | None = None,
    headers: dict | None = None,
    from_email: str | None = None,
) -> OutgoingEmail | None:
    """Queue the email ``template`` rendered with ``context`` to ``to``.
    Returns the row (the existing one when ``dedup_key`` was used before), or
    None when there is no address to send to."""
    subject, body, html = render(template, context)
    return send_rendered(
        to=to,
        subject=subject,
        body=body,
        html=html,
        template=template,
        dedup_key=dedup_key,
        headers=headers,
        from_email=from_email,
    )


@transaction.atomic
def send_rendered(
    *,
    to: Iterable[str] | str,
    subject: str,
    body: str,
    html: str = "",
    template: str = "",
    dedup_key: str | None = None,
    headers: dict | None = None,
    from_email: str | None = None,
) -> OutgoingEmail | None:
    """Queue an email already written (see ``send``)."""
    recipients = [to] if isinstance(to, str) else [address for address in to if address]
    if not recipients:
        return None
    fields = {
        "template": template[:200],
        "to": list(dict.fromkeys(recipients)),
        "subject": one_line(subject)[:998],
        "body": body,
        "html": html or "",
        "headers": headers or {},
        "from_email": from_email or "",
    }
    if dedup_key:
        existing = OutgoingEmail.objects.filter(dedup_key=dedup_key).first()
        if existing is not None:
            return existing
        try:
            with transaction.atomic():  # a savepoint: a concurrent twin wins
                email = OutgoingEmail.objects.create(dedup_key=dedup_key[:200], **fields)
        except IntegrityError:
            return OutgoingEmail.objects.get(dedup_key=dedup_key[:200])
    else:
        email = OutgoingEmail.objects.create(**fields)
    outbox.enqueue(SEND_TASK, email.pk)
    return email


def is_queued(dedup_key: str) -> bool:
    """Whether an email with this de-duplication key was written already."""
    return OutgoingEmail.objects.filter(dedup_key=dedup_key[:200]).exists()


def counts_by_kind() -> dict[str, dict[str, int]]:
    """Operations (metrics): emails still queued and given up on, by kind
    (the app of their template: "accounts", "forums", "tutoring"...; "other"
    without one). One query, on the (status, created_at) index."""
    from django.db.models import Count

    counted = [OutgoingEmail.Status.QUEUED, OutgoingEmail.Status.FAILED]
    rows = (
        OutgoingEmail.objects.filter(status__in=counted)
        .values_list("template", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    from django.apps import apps

    # Every app of the project has its series, at 0 when nothing waits.
    found: dict[str, dict[str, int]] = {
        config.label: {"pending": 0, "failed": 0}
        for config in apps.get_app_configs()
        if str(config.path).startswith(str(settings.BASE_DIR))
        and not str(config.path).startswith(str(settings.BASE_DIR / ".venv"))
    }
    found["other"] = {"pending": 0, "failed": 0}
    for template, status, n in rows:
        kind = template.split("/", 1)[0] if "/" in template else "other"
        entry = found.setdefault(kind, {"pending": 0, "failed": 0})
        entry["pending" if status == OutgoingEmail.Status.QUEUED else "failed"] += n
    return found
