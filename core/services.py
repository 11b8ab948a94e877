"""Writes of the core app (notifications about personal data)."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from . import mail
from .models import DataExport


def notify_export_ready(export: DataExport) -> bool:
    """Email the user that their export is ready (once)."""
    updated = DataExport.objects.filter(pk=export.pk, notified_at__isnull=True).update(
        notified_at=timezone.now()
    )
    if not updated or not export.user.email:
        return False
    context = {
        "user": export.user,
        "url": settings.SITE_URL + reverse("my_data"),
        "days": 7,
    }
    mail.send(
        "core/emails/export_ready",
        [export.user.email],
        context,
        dedup_key=f"core.export-ready:{export.pk}",
    )
    return True
