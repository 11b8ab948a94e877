import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder

from content import privacy, services
from content.models import GlossaryEntry, QuizIncident

from .factories import ErrorReportFactory, GlossaryEntryFactory, right_answers

pytestmark = pytest.mark.django_db


def test_export_holds_attempts_reports_and_proposals(candidate, quiz, exam_course):
    attempt = services.attempt_start(actor=candidate, quiz=quiz)
    services.attempt_submit(actor=candidate, attempt=attempt, answers=right_answers(attempt))
    ErrorReportFactory(activity=quiz.activity, reporter=candidate)
    GlossaryEntryFactory(course=exam_course, proposed_by=candidate, status="proposed")
    data = privacy.export_data(candidate)
    assert [a["percent"] for a in data["quiz_attempts"]] == [100]
    assert len(data["error_reports"]) == 1 and len(data["glossary_proposals"]) == 1
    json.dumps(data, cls=DjangoJSONEncoder)


def test_anonymise_drops_logs_and_authorship(candidate, quiz, exam_course):
    QuizIncident.objects.create(user=candidate, reason="malformed")
    GlossaryEntryFactory(course=exam_course, proposed_by=candidate)
    privacy.anonymise(candidate)
    assert not QuizIncident.objects.exists()
    assert not GlossaryEntry.objects.filter(proposed_by=candidate).exists()
