"""The PDF calendar built by a real Celery worker on Redis."""

import pytest
from django.conf import settings

from calendar_app.models import CalendarPdf
from calendar_app.tasks import build_calendar_pdf
from tests.calendar_app.factories import EventFactory, paris
from tests.calendar_app.test_pdf import pdf_text


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_worker_builds_the_pdf_calendar(
    celery_worker_process, settings_override_media, _exams, preparation, candidate
):
    EventFactory(
        preparation=preparation,
        kind="written_exam",
        title="Épreuve écrite d'admissibilité",
        starts_at=paris(2027, 3, 16, 9, 0),
        ends_at=paris(2027, 3, 16, 13, 0),
    )
    result = build_calendar_pdf.apply_async(args=[preparation.pk, candidate.pk])
    name = result.get(timeout=120)
    pdf = CalendarPdf.objects.get(preparation=preparation, candidate=candidate)
    try:
        assert pdf.file.name == name
        assert not pdf.stale and pdf.generated_at
        text = pdf_text(pdf)
        assert "Mon calendrier — Préparation Callisto 2027" in text
        assert "mar 16 mars 2027, 09:00–13:00" in text
        # Running it again is harmless and skipped (same inputs).
        assert (
            build_calendar_pdf.apply_async(args=[preparation.pk, candidate.pk]).get(timeout=120)
            == name
        )
        pdf.refresh_from_db()
        assert pdf.file.name == name
    finally:
        pdf.file.delete(save=False)


@pytest.fixture
def settings_override_media(settings):
    """The worker writes where the settings of its environment say."""
    settings.MEDIA_ROOT = _worker_media_root()
    return settings


def _worker_media_root() -> str:
    import os

    return os.environ.get("MEDIA_ROOT", str(settings.BASE_DIR / "media"))


@pytest.fixture
def _exams(transactional_db):
    """Put back the exams the migrations create: an earlier transactional
    test may have flushed them (a serialized rollback collides with the
    content types recreated after such a flush)."""
    from importlib import import_module

    from django.apps import apps

    import_module("courses.migrations.0002_real_exams").create_exams(apps, None)
