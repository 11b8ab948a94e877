"""Copies in the RGPD export, and deleted after their retention period
(the grade and the record of the file stay)."""

import datetime

import pytest
from django.utils import timezone

from assignments import privacy, services
from assignments.models import SubmissionFile
from tests.assignments.factories import pdf_upload

pytestmark = pytest.mark.django_db


def test_copies_are_exported_and_deleted_after_retention(
    candidate, assignment, preparation, media_root, settings
):
    services.submission_upload(actor=candidate, assignment=assignment, uploads=[pdf_upload()])
    data = privacy.export_data(candidate)
    assert data["submissions"][0]["files"][0]["name"] == "copie.pdf"
    [(arcname, stored)] = privacy.export_files(candidate)
    assert arcname.endswith("copie.pdf")
    assert (media_root / stored).exists()

    settings.RETENTION_MONTHS_COPIES = 24
    # One year after the preparation closed: kept.
    assert privacy.apply_retention(timezone.now()) == 0
    assert (media_root / stored).exists()
    # More than 24 months after it closed: the file goes, the record stays.
    later = timezone.make_aware(
        datetime.datetime.combine(preparation.closes_on, datetime.time(12))
    ) + datetime.timedelta(days=25 * 31)
    assert privacy.apply_retention(later) == 1
    assert not (media_root / stored).exists()
    record = SubmissionFile.objects.get()
    assert record.sha256 and record.size and not record.file
    assert privacy.apply_retention(later) == 0  # idempotent
