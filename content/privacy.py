"""Personal data held by the content app, for the RGPD export and erasure
(gathered by ``core.privacy`` once merged: every ``<app>.privacy`` module).

Quiz attempts are results (kept on anonymisation, like grades: the account
itself loses its identity); refused-answer logs are deleted; glossary
proposals and error reports stay with the content they improve, without
their author's name."""

from .models import Attempt, ErrorReport, GlossaryEntry, QuizIncident, ReviewRecord


def export_data(user) -> dict:
    return {
        "quiz_attempts": [
            {
                "course": a.quiz.activity.course.title,
                "quiz": a.quiz.activity.title,
                "attempt": a.number,
                "started_at": a.started_at,
                "submitted_at": a.submitted_at,
                "score": a.score,
                "out_of": a.max_score,
                "percent": a.percent,
                "passed": a.passed,
            }
            for a in Attempt.objects.filter(user=user).select_related("quiz__activity__course")
        ],
        "error_reports": [
            {
                "activity": r.activity.title,
                "reported_at": r.created_at,
                "text": r.text,
                "status": r.status,
                "answer": r.answer,
            }
            for r in ErrorReport.objects.filter(reporter=user).select_related("activity")
        ],
        "glossary_proposals": [
            {"course": e.course.title, "term": e.term, "status": e.status}
            for e in GlossaryEntry.objects.filter(proposed_by=user).select_related("course")
        ],
        "reviews": [
            {"activity": r.activity.title, "reviewed_on": r.reviewed_on, "note": r.note}
            for r in ReviewRecord.objects.filter(reviewer=user).select_related("activity")
        ],
    }


def anonymise(user) -> None:
    QuizIncident.objects.filter(user=user).delete()
    GlossaryEntry.objects.filter(proposed_by=user).update(proposed_by=None)
