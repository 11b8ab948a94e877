"""Personal data (RGPD): export, erasure and retention across every app.

Each app that holds personal data has a ``<app>/privacy.py`` module with
some of these functions (all optional):

- ``export_data(user) -> dict``: JSON-serialisable data about ``user``;
- ``export_files(user) -> list[tuple[str, str]]``: (name in the ZIP,
  storage name) of the files they uploaded or received;
- ``identifiers(user) -> list[str]``: other strings that name ``user``
  (a phone number, a second address), scrubbed from the audit log;
- ``anonymise(user) -> None``: remove or blank what identifies ``user``
  beyond what must be kept (grades stay, without the identity);
- ``apply_retention(now) -> int``: delete what is past its retention period
  (copies: ``RETENTION_MONTHS_COPIES`` after their preparation closed).

This module gathers them; views and tasks call it. Its own part (core's
rows: the audit entries about the person, the emails sent to them) is in
``export_core`` and ``anonymise_core``. What each app keeps, blanks or
deletes, and for how long: docs/privacy.md."""

import io
import json
import uuid
import zipfile
from importlib import import_module

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from . import audit, fragments
from .models import DataExport, ErasureRequest

EXPORT_DAYS = 7


def providers():
    found = []
    for config in apps.get_app_configs():
        if f"{config.name}.privacy" == __name__:
            continue  # this module gathers the others
        try:
            found.append((config.label, import_module(f"{config.name}.privacy")))
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.privacy":
                raise
    return found


def request_export(*, user) -> DataExport:
    from . import outbox

    with transaction.atomic():
        export = DataExport.objects.create(user=user)
        outbox.enqueue("core.tasks.build_data_export", export.pk)
        audit.record(actor=user, action="rgpd.export", target=export, summary=user.username)
    return export


def build_export(export_id: int) -> DataExport:
    """Write the ZIP of everything about the export's user (idempotent)."""
    export = DataExport.objects.select_related("user").get(pk=export_id)
    if export.status == DataExport.Status.READY:
        return export
    user = export.user
    data, files = {"core": export_core(user)}, []
    for label, module in providers():
        if hasattr(module, "export_data"):
            data[label] = module.export_data(user)
        if hasattr(module, "export_files"):
            files.extend(module.export_files(user))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "donnees.json",
            json.dumps(
                {"generated_at": timezone.now(), "user_id": user.pk, "data": data},
                cls=DjangoJSONEncoder,
                ensure_ascii=False,
                indent=2,
            ),
        )
        for arcname, storage_name in files:
            if default_storage.exists(storage_name):
                with default_storage.open(storage_name, "rb") as handle:
                    archive.writestr(f"fichiers/{arcname}", handle.read())
    name = default_storage.save(f"exports/{uuid.uuid4().hex}.zip", ContentFile(buffer.getvalue()))
    export.file = name
    export.size = len(buffer.getvalue())
    export.status = DataExport.Status.READY
    export.finished_at = timezone.now()
    export.save(update_fields=["file", "size", "status", "finished_at"])
    return export


def export_is_available(export: DataExport) -> bool:
    return (
        export.status == DataExport.Status.READY
        and export.finished_at is not None
        and timezone.now() - export.finished_at < timezone.timedelta(days=EXPORT_DAYS)
    )


@transaction.atomic
def anonymise_user(*, actor, request: ErasureRequest, answer: str = "") -> None:
    """Handle an erasure request: every app anonymises its part, then the
    account loses its identity and can no longer log in. Terms acceptances,
    grades and the audit log are kept without the identity."""
    user = request.user
    anonymise_core(user)
    for _label, module in providers():
        if hasattr(module, "anonymise"):
            module.anonymise(user)
    user.username = f"anonyme-{user.pk}"
    user.first_name = ""
    user.last_name = ""
    user.display_name = "Personne anonymisée"
    user.email = None
    user.is_active = False
    user.set_unusable_password()
    user.save()
    for export in DataExport.objects.filter(user=user).exclude(file=""):
        default_storage.delete(export.file)
    DataExport.objects.filter(user=user).delete()
    request.reason = ""  # anonymise_core blanked it in the database too
    request.status = ErasureRequest.Status.DONE
    request.handled_by = actor
    request.handled_at = timezone.now()
    request.answer = answer
    request.save()
    audit.record(
        actor=actor, action="rgpd.erasure", target=user, summary=f"anonymisation #{user.pk}"
    )
    # The apps rewrite names and texts with QuerySet.update, which no signal
    # sees: renew every cached page part (core/fragments.py) so that nobody
    # reads the person's name again, not even for FRAGMENT_CACHE_SECONDS.
    fragments.bump(fragments.CONTENT, fragments.user_scope(user))


def _about(user):
    """The audit entries whose object is ``user``'s account."""
    from .models import AuditEntry

    return AuditEntry.objects.filter(target_type=user._meta.label_lower, target_id=str(user.pk))


def _emails_to(user):
    from .models import OutgoingEmail

    if not user.email:
        return OutgoingEmail.objects.none()
    return OutgoingEmail.objects.filter(to__contains=[user.email])


def export_core(user) -> dict:
    """The audit entries about the person or made by them, and the emails
    the site sent them (subject and date; the text was theirs already)."""
    from django.db.models import Q

    from .models import AuditEntry

    entries = (
        AuditEntry.objects.filter(
            Q(actor=user) | Q(target_type=user._meta.label_lower, target_id=str(user.pk))
        )
        .select_related("actor")
        .order_by("at", "pk")
    )
    return {
        "audit_entries": [
            {
                "at": e.at,
                "action": e.action,
                "by": e.actor.get_display_name() if e.actor else None,
                "by_you": e.actor_id == user.pk,
                "summary": e.summary,
                "ip": e.ip if e.actor_id == user.pk else None,
            }
            for e in entries
        ],
        "emails_received": [
            {"subject": m.subject, "queued_at": m.created_at, "sent_at": m.sent_at}
            for m in _emails_to(user).order_by("created_at", "pk")
        ],
    }


def _scrub(value, needles: list[str], replacement: str):
    if isinstance(value, str):
        for needle in needles:
            value = value.replace(needle, replacement)
        return value
    if isinstance(value, list):
        return [_scrub(v, needles, replacement) for v in value]
    if isinstance(value, dict):
        return {k: _scrub(v, needles, replacement) for k, v in value.items()}
    return value


def anonymise_core(user) -> None:
    """Before the account loses its identity: the audit log keeps every
    entry (who did what stays provable) but no longer names the person, in
    its summaries and details, nor keeps the IP addresses they came from;
    the emails sent to them are deleted; their erasure request keeps its
    dates, not its free text."""
    from django.db.models import Q

    from .models import AuditEntry

    replacement = f"anonyme-{user.pk}"
    found = [user.email, user.username, user.get_full_name(), user.display_name]
    for _label, module in providers():
        if hasattr(module, "identifiers"):
            found += module.identifiers(user)
    needles = sorted({n for n in found if n and len(n) >= 3}, key=len, reverse=True)
    mentions = Q(pk__in=_about(user).values("pk"))
    for needle in needles:
        mentions |= Q(summary__icontains=needle) | Q(data__icontains=needle)
    for entry in AuditEntry.objects.filter(mentions).only("summary", "data"):
        entry.summary = _scrub(entry.summary, needles, replacement)[:300]
        entry.data = _scrub(entry.data, needles, replacement)
        AuditEntry.objects.filter(pk=entry.pk).update(summary=entry.summary, data=entry.data)
    AuditEntry.objects.filter(Q(actor=user) | Q(pk__in=_about(user).values("pk"))).update(ip=None)
    _emails_to(user).delete()
    ErasureRequest.objects.filter(user=user).update(reason="")


def apply_retention(now=None) -> dict[str, int]:
    """Delete what is past its retention period, app by app; also expired
    data exports."""
    now = now or timezone.now()
    results = {}
    for label, module in providers():
        if hasattr(module, "apply_retention"):
            results[label] = module.apply_retention(now)
    expired = DataExport.objects.filter(finished_at__lt=now - timezone.timedelta(days=EXPORT_DAYS))
    for export in expired.exclude(file=""):
        default_storage.delete(export.file)
    results["exports"] = expired.delete()[0]
    return results
