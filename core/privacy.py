"""Personal data (RGPD): export, erasure and retention across every app.

Each app that holds personal data has a ``<app>/privacy.py`` module with
some of these functions (all optional):

- ``export_data(user) -> dict``: JSON-serialisable data about ``user``;
- ``export_files(user) -> list[tuple[str, str]]``: (name in the ZIP,
  storage name) of the files they uploaded or received;
- ``anonymise(user) -> None``: remove or blank what identifies ``user``
  beyond what must be kept (grades stay, without the identity);
- ``apply_retention(now) -> int``: delete what is past its retention period
  (copies: ``RETENTION_MONTHS_COPIES`` after their preparation closed).

This module gathers them; views and tasks call it."""

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
    data, files = {}, []
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
