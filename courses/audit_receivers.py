"""Enrolment changes, written to the audit trail (core/audit.py)."""

from core import audit

from .signals import enrolments_changed


def _enrolments_changed(sender, registration, activated_course_ids, suspended_course_ids, **kw):
    audit.record(
        actor=None,
        action="enrolments.changed",
        target=registration,
        summary=f"{registration.candidate} — {registration.preparation}",
        data={
            "activated": sorted(activated_course_ids),
            "suspended": sorted(suspended_course_ids),
        },
    )


def connect():
    enrolments_changed.connect(_enrolments_changed, dispatch_uid="core_audit_enrolments")
