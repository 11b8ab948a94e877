"""Writes about preparations, enrolments and completion.

Keyword-only, atomic, idempotent. Access is checked by the caller (views use
``courses.permissions``)."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import Activity, Completion, Course, Enrolment, Exam, Preparation, Registration
from .signals import completion_changed, enrolments_changed


def courses_for_exams(exams) -> list[Course]:
    """The courses a registration for ``exams`` calls for: Les Fondamentaux,
    Les Ateliers, one "Devenir X" course per exam, and the RAEP course when
    an exam is internal or a professional exam."""
    exams = list(exams)
    kinds = [Course.Kind.FONDAMENTAUX, Course.Kind.ATELIERS]
    if any(exam.needs_raep for exam in exams):
        kinds.append(Course.Kind.RAEP)
    condition = Q(kind__in=kinds) | Q(kind=Course.Kind.EXAM, exam__in=exams)
    return list(Course.objects.filter(condition).order_by("position", "pk"))


@transaction.atomic
def enrolments_sync(*, registration: Registration) -> tuple[set[int], set[int]]:
    """Make ``registration``'s candidate enrolments match its exams: create or
    reactivate the wanted ones, suspend (never delete) the others. Returns
    (activated course ids, suspended course ids)."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    wanted = {course.pk for course in courses_for_exams(registration.exams.all())}
    existing = {e.course_id: e for e in registration.enrolments.all()}
    now = timezone.now()
    activated, suspended = set(), set()
    for course_id in wanted:
        enrolment = existing.get(course_id)
        if enrolment is None:
            Enrolment.objects.create(
                user_id=registration.candidate_id,
                course_id=course_id,
                role=Enrolment.Role.CANDIDATE,
                registration=registration,
            )
            activated.add(course_id)
        elif enrolment.status == Enrolment.Status.SUSPENDED:
            enrolment.status = Enrolment.Status.ACTIVE
            enrolment.suspended_at = None
            enrolment.save(update_fields=["status", "suspended_at"])
            activated.add(course_id)
    for course_id, enrolment in existing.items():
        if course_id not in wanted and enrolment.status == Enrolment.Status.ACTIVE:
            enrolment.status = Enrolment.Status.SUSPENDED
            enrolment.suspended_at = now
            enrolment.save(update_fields=["status", "suspended_at"])
            suspended.add(course_id)
    if activated or suspended:
        enrolments_changed.send(
            sender=Registration,
            registration=registration,
            activated_course_ids=activated,
            suspended_course_ids=suspended,
        )
    return activated, suspended


@transaction.atomic
def register_candidate(
    *,
    actor,
    candidate,
    preparation: Preparation,
    exams: list[Exam],
    tutor=None,
) -> Registration:
    """Register ``candidate`` in ``preparation`` for ``exams`` and enrol them.
    Running it again with other exams adds and suspends courses accordingly."""
    registration, _created = Registration.objects.get_or_create(
        candidate=candidate,
        preparation=preparation,
        defaults={"tutor": tutor if preparation.has_tutors else None},
    )
    if tutor is not None and preparation.has_tutors and registration.tutor_id != tutor.pk:
        registration.tutor = tutor
        registration.save(update_fields=["tutor"])
    registration.exams.set(exams)
    enrolments_sync(registration=registration)
    return registration


@transaction.atomic
def enrol_staff(*, user, course: Course, role: str) -> Enrolment:
    """Give ``user`` a trainer or producer role in ``course`` (idempotent)."""
    enrolment, _created = Enrolment.objects.update_or_create(
        user=user,
        course=course,
        role=role,
        registration=None,
        defaults={"status": Enrolment.Status.ACTIVE, "suspended_at": None},
    )
    return enrolment


def complete_activity(*, user, activity: Activity, source: str) -> bool:
    """Record that ``user`` completed ``activity`` (idempotent). Returns True
    when a new completion was recorded. Other apps call this on submission,
    grade, quiz pass or attendance."""
    if not activity.is_tracked:
        return False
    _completion, created = Completion.objects.get_or_create(
        user=user, activity=activity, defaults={"source": source}
    )
    if created:
        completion_changed.send(sender=Activity, user=user, activity=activity, completed=True)
    return created


def uncomplete_activity(*, user, activity: Activity) -> bool:
    """Remove ``user``'s completion of ``activity``. Returns True when one was
    removed."""
    deleted, _ = Completion.objects.filter(user=user, activity=activity).delete()
    if deleted:
        completion_changed.send(sender=Activity, user=user, activity=activity, completed=False)
    return bool(deleted)
