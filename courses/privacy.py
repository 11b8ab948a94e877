"""Personal data held by courses (see core/privacy.py). Registrations,
enrolments and completions are kept on anonymisation: they carry no
identity once the account is anonymised, and the centres' statistics need
them."""

from .models import Completion, LastVisit, Registration


def export_data(user) -> dict:
    return {
        "registrations": [
            {
                "preparation": str(r.preparation),
                "centre": str(r.preparation.centre),
                "exams": [str(e) for e in r.exams.all()],
                "tutor": r.tutor.get_display_name() if r.tutor else None,
                "status": r.status,
                "registered_at": r.created_at,
                "withdrawn_at": r.withdrawn_at,
                "withdrawal_reason": r.withdrawal_reason,
            }
            for r in Registration.objects.filter(candidate=user)
            .select_related("preparation__centre", "tutor")
            .prefetch_related("exams")
        ],
        "completions": [
            {
                "course": c.activity.course.title,
                "activity": c.activity.title,
                "completed_at": c.completed_at,
                "source": c.source,
            }
            for c in Completion.objects.filter(user=user).select_related("activity__course")
        ],
    }


def anonymise(user) -> None:
    Registration.objects.filter(candidate=user).update(withdrawal_reason="")
    LastVisit.objects.filter(user=user).delete()
