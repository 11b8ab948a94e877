"""Writes about preparations, enrolments and completion.

Keyword-only, atomic, idempotent. Access is checked by the caller (views use
``courses.permissions``)."""

import logging
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import (
    Activity,
    Completion,
    Course,
    Enrolment,
    Exam,
    LastVisit,
    Preparation,
    Registration,
    Section,
    SupportRequest,
)
from .signals import completion_changed, enrolments_changed

logger = logging.getLogger(__name__)


def _queue_task(task, *args) -> None:
    """Publish ``task`` after commit through the transactional outbox."""
    from core.outbox import enqueue

    enqueue(task, *args)


def _audit(*, actor, action: str, target, summary: str) -> None:
    from core.audit import record

    record(actor=actor, action=action, target=target, summary=summary)


def courses_for_exams(exams) -> list[Course]:
    """The courses a registration for ``exams`` calls for: Les Fondamentaux,
    Les Ateliers, the "Devenir X" course of each exam's family (one course
    serves the external, internal and professional variants), and the RAEP
    course when an exam is internal or a professional exam."""
    exams = list(exams)
    kinds = [Course.Kind.FONDAMENTAUX, Course.Kind.ATELIERS]
    if any(exam.needs_raep for exam in exams):
        kinds.append(Course.Kind.RAEP)
    families = {exam.family_id for exam in exams if exam.family_id is not None}
    condition = Q(kind__in=kinds) | Q(kind=Course.Kind.EXAM, family__in=families)
    return list(Course.objects.filter(condition).order_by("position", "pk"))


CHANGE_KINDS = ("added", "reactivated", "suspended")


@dataclass
class EnrolmentChanges:
    """What a re-sync did (or, dry, would do): course ids added (new
    enrolment), reactivated (a suspended one made active) and suspended, over
    ``registrations`` registrations."""

    added: set[int] = field(default_factory=set)
    reactivated: set[int] = field(default_factory=set)
    suspended: set[int] = field(default_factory=set)
    registrations: int = 1
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CHANGE_KINDS, 0))

    @property
    def activated(self) -> set[int]:
        return self.added | self.reactivated

    @property
    def changed(self) -> bool:
        return any(self.counts.values())

    def merge(self, other: "EnrolmentChanges") -> None:
        self.registrations += other.registrations
        for kind in CHANGE_KINDS:
            self.counts[kind] += other.counts[kind]

    def summary(self) -> str:
        """The French report of the command and the admin action."""
        parts = [
            ngettext(
                "%(count)s registration checked",
                "%(count)s registrations checked",
                self.registrations,
            )
            % {"count": self.registrations},
            ngettext(
                "%(count)s enrolment added", "%(count)s enrolments added", self.counts["added"]
            )
            % {"count": self.counts["added"]},
            ngettext(
                "%(count)s enrolment reactivated",
                "%(count)s enrolments reactivated",
                self.counts["reactivated"],
            )
            % {"count": self.counts["reactivated"]},
            ngettext(
                "%(count)s enrolment suspended",
                "%(count)s enrolments suspended",
                self.counts["suspended"],
            )
            % {"count": self.counts["suspended"]},
        ]
        return _("%(parts)s.") % {"parts": ", ".join(parts)}


@transaction.atomic
def enrolments_sync(*, registration: Registration, dry_run: bool = False) -> EnrolmentChanges:
    """THE one way candidate enrolments follow the rules: make
    ``registration``'s enrolments match its exams (``courses_for_exams``):
    create the missing ones, reactivate suspended ones, suspend (never
    delete) the others; completions are never touched. Idempotent: a second
    run changes nothing. ``dry_run`` only reports. Access: the caller
    decided (registration service, admin scoped to the centre, command)."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    wanted = {course.pk for course in courses_for_exams(registration.exams.all())}
    existing = {e.course_id: e for e in registration.enrolments.all()}
    changes = EnrolmentChanges()
    changes.added = wanted - set(existing)
    changes.reactivated = {
        course_id
        for course_id in wanted & set(existing)
        if existing[course_id].status == Enrolment.Status.SUSPENDED
    }
    changes.suspended = {
        course_id
        for course_id, enrolment in existing.items()
        if course_id not in wanted and enrolment.status == Enrolment.Status.ACTIVE
    }
    for kind in CHANGE_KINDS:
        changes.counts[kind] = len(getattr(changes, kind))
    if dry_run or not changes.changed:
        return changes
    now = timezone.now()
    for course_id in sorted(changes.added):
        # One by one: the cached fragments listen to each enrolment's save.
        Enrolment.objects.create(
            user_id=registration.candidate_id,
            course_id=course_id,
            role=Enrolment.Role.CANDIDATE,
            registration=registration,
        )
    for course_id in changes.reactivated:
        enrolment = existing[course_id]
        enrolment.status = Enrolment.Status.ACTIVE
        enrolment.suspended_at = None
        enrolment.save(update_fields=["status", "suspended_at"])
    for course_id in changes.suspended:
        enrolment = existing[course_id]
        enrolment.status = Enrolment.Status.SUSPENDED
        enrolment.suspended_at = now
        enrolment.save(update_fields=["status", "suspended_at"])
    enrolments_changed.send(
        sender=Registration,
        registration=registration,
        activated_course_ids=changes.activated,
        suspended_course_ids=changes.suspended,
    )
    return changes


def enrolments_resync(*, actor, registrations, dry_run: bool = False) -> EnrolmentChanges:
    """Re-sync every registration of ``registrations`` (a queryset) with
    ``enrolments_sync`` and add up what changed; each registration in its own
    transaction, so that a long run does not hold every lock. With an
    ``actor`` (command, admin action) and changes, one audit row says who
    re-synced what. Access: the caller limited ``registrations``."""
    total = EnrolmentChanges(registrations=0)
    for registration in registrations.order_by("pk").iterator(chunk_size=500):
        total.merge(enrolments_sync(registration=registration, dry_run=dry_run))
    if actor is not None and total.changed and not dry_run:
        _audit(
            actor=actor,
            action="courses.enrolments.resynced",
            target=None,
            summary=total.summary(),
        )
    return total


def preparation_resync(*, actor, preparation: Preparation, dry_run: bool = False):
    """Re-sync the enrolments of every registration of ``preparation`` (its
    exams or courses changed, or staff asked). Access: the caller checked
    that ``actor`` coordinates its centre (admin) or is an administrator."""
    return enrolments_resync(
        actor=actor,
        registrations=Registration.objects.filter(preparation=preparation),
        dry_run=dry_run,
    )


def course_resync(*, actor, course: Course, previous_family_id: int | None = None):
    """A course was created or its kind or family changed: re-sync the
    registrations it may concern (the exams of its old and new family for an
    exam course, everyone for the shared courses). Access: the caller (course
    admin, administrators only)."""
    if course.kind == Course.Kind.EXAM:
        families = {course.family_id, previous_family_id} - {None}
        registrations = Registration.objects.filter(exams__family__in=families).distinct()
    else:
        registrations = Registration.objects.all()
    return enrolments_resync(actor=actor, registrations=registrations)


def exam_resync(*, actor, exam: Exam):
    """An exam's family or kind changed: re-sync the registrations for it."""
    return enrolments_resync(actor=actor, registrations=Registration.objects.filter(exams=exam))


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
    Running it again with other exams adds and suspends courses accordingly.
    A ``tutor`` must be allowed by ``relations.tutor_refusal`` (a tutor grant
    in the preparation's centre, not a candidate of it): ``ValidationError``
    otherwise. The caller checked that ``actor`` may register here."""
    from .relations import tutor_refusal

    if tutor is not None and preparation.has_tutors:
        refusal = tutor_refusal(tutor, preparation, candidate=candidate)
        if refusal:
            raise ValidationError({"tutor": refusal})
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


# Where a course's workshop sessions go when it has none yet.
WORKSHOP_SECTION_TITLE = "Les ateliers"


def workshop_activity_create(*, course: Course, title: str, body: str = "") -> Activity:
    """A workshop-session activity of ``course``, completed on attendance,
    at the end of the section holding the course's workshops (the one of
    its latest workshop activity), or of a new "Les ateliers" section at
    the end of the course. Access is checked by the caller (the calendar's
    workshop services: trainers of the course)."""
    latest = (
        Activity.objects.filter(course=course, kind=Activity.Kind.WORKSHOP)
        .select_related("section")
        .order_by("-pk")
        .first()
    )
    if latest is not None:
        section = latest.section
    else:
        section = Section.objects.filter(course=course, title=WORKSHOP_SECTION_TITLE).first()
        if section is None:
            last = Section.objects.filter(course=course).order_by("-position").first()
            section = Section.objects.create(
                course=course,
                title=WORKSHOP_SECTION_TITLE,
                position=min(last.position + 1, 32767) if last else 0,
            )
    last_activity = Activity.objects.filter(section=section).order_by("-position").first()
    return Activity.objects.create(
        course=course,
        section=section,
        kind=Activity.Kind.WORKSHOP,
        title=title[:200],
        body=body,
        position=min(last_activity.position + 1, 32767) if last_activity else 0,
        completion_rule=Activity.CompletionRule.ATTENDANCE,
    )


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


# --- What candidates do on the course pages ---------------------------------------


def activity_set_done(*, actor, activity: Activity, done: bool) -> bool:
    """Tick (``done=True``) or untick a manual activity for ``actor``.

    Raises ``ValidationError`` when the activity is not ticked by hand and
    ``PermissionDenied`` when ``actor`` may not act in its course (not a
    candidate there, registration withdrawn or finished, activity not open
    yet). The caller has checked that ``actor`` may see the activity.
    Returns True when something changed."""
    from .selectors import tracking_registration

    if activity.completion_rule != Activity.CompletionRule.MANUAL:
        raise ValidationError(
            _("This activity is completed automatically; it cannot be ticked by hand.")
        )
    if not activity.is_available():
        raise PermissionDenied(_("This activity is not open yet."))
    if tracking_registration(actor, activity.course) is None:
        raise PermissionDenied(
            _("Only a candidate with an active registration can tick this activity.")
        )
    if done:
        return complete_activity(user=actor, activity=activity, source=Completion.Source.MANUAL)
    return uncomplete_activity(user=actor, activity=activity)


def activity_visit(*, user, activity: Activity, can_track: bool) -> None:
    """Remember ``activity`` as the last one ``user`` opened in its course
    ("Reprendre") and complete it when its rule is "on view" and ``user``
    may act there (``can_track``, checked by the caller)."""
    LastVisit.objects.update_or_create(
        user=user,
        course_id=activity.course_id,
        defaults={"activity": activity, "visited_at": timezone.now()},
    )
    if can_track and activity.completion_rule == Activity.CompletionRule.VIEW:
        complete_activity(user=user, activity=activity, source=Completion.Source.VIEW)


@transaction.atomic
def withdraw_registration(*, actor, registration: Registration, reason: str) -> Registration:
    """The candidate ``actor`` declares their withdrawal from ``registration``:
    it becomes withdrawn (nothing is deleted, see decision 0001) and, after
    commit, the centre's coordinators and contact address and the tutor are
    emailed. Raises ``PermissionDenied`` when ``actor`` is not the candidate
    or the registration is no longer active."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.candidate_id != actor.pk:
        raise PermissionDenied(_("Only the candidate can declare their withdrawal."))
    if not registration.is_active:
        raise PermissionDenied(_("This registration is already closed."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Please give a reason.")})
    _withdraw(actor=actor, registration=registration, reason=reason)
    return registration


def _withdraw(*, actor, registration: Registration, reason: str) -> None:
    """The one way a registration becomes withdrawn (the candidate's
    declaration, or staff in admin): dated, audited, and the centre and the
    tutor emailed after commit. ``registration`` is locked by the caller."""
    registration.status = Registration.Status.WITHDRAWN
    registration.withdrawn_at = timezone.now()
    registration.withdrawal_reason = reason
    registration.save(update_fields=["status", "withdrawn_at", "withdrawal_reason"])
    _audit(
        actor=actor,
        action="courses.registration.withdrawn",
        target=registration,
        summary=reason[:200],
    )
    _queue_task("courses.tasks.send_withdrawal_notification", registration.pk)


@transaction.atomic
def registration_set_status(
    *, actor, registration: Registration, status: str, reason: str = ""
) -> Registration:
    """Staff change the status of ``registration`` (admin): withdrawn (dated,
    with a reason, the centre and the tutor emailed, as when the candidate
    declares it), active again (the withdrawal date and reason cleared) or
    finished. Every change is in the audit log with ``actor``. Access: the
    caller (the admin, scoped to the coordinator's centres) checked it.
    Returns the registration as saved."""
    if status not in Registration.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == status:
        return registration
    previous = registration.status
    if status == Registration.Status.WITHDRAWN:
        reason = reason.strip() or _("Withdrawal recorded by %(name)s.") % {
            "name": actor.get_full_name() or actor.get_username()
        }
        _withdraw(actor=actor, registration=registration, reason=reason)
        return registration
    registration.status = status
    fields = ["status"]
    if previous == Registration.Status.WITHDRAWN:
        registration.withdrawn_at = None
        registration.withdrawal_reason = ""
        fields += ["withdrawn_at", "withdrawal_reason"]
    registration.save(update_fields=fields)
    action = "reactivated" if status == Registration.Status.ACTIVE else status
    _audit(
        actor=actor,
        action=f"courses.registration.{action}",
        target=registration,
        summary=f"{previous} → {status}",
    )
    return registration


@transaction.atomic
def candidates_import(*, actor, preparation: Preparation, rows) -> list[Registration]:
    """Create (or reuse, same centre) the accounts of ``rows`` and register
    them in ``preparation``, all or nothing. ``rows`` come from
    ``courses.imports.check_candidates_csv`` without errors; new accounts get
    no usable password and an activation email after commit. The caller
    checked that ``actor`` coordinates the preparation's centre."""
    from django.contrib.auth import get_user_model

    from accounts.api import send_activation

    User = get_user_model()
    registrations = []
    for row in rows:
        user = row.existing_user
        if user is None:
            user = User(
                username=row.username,
                email=row.email,
                first_name=row.first_name,
                last_name=row.last_name,
                centre=preparation.centre,
            )
            user.set_unusable_password()
            user.full_clean(validate_unique=True)
            user.save()
            send_activation(user, actor=actor)
        registrations.append(
            register_candidate(
                actor=actor,
                candidate=user,
                preparation=preparation,
                exams=row.exams,
                tutor=row.tutor,
            )
        )
    _audit(
        actor=actor,
        action="courses.candidates.imported",
        target=preparation,
        summary=f"{len(registrations)} candidates",
    )
    return registrations


# --- Staff roles (decision 0017) ------------------------------------------------


def _role_place(grant) -> str:
    return f"{grant.centre.name} — {grant.course.title}" if grant.course_id else grant.centre.name


def _role_email(grant, *, granted: bool) -> None:
    """Tell the person, through core.mail (after commit), that ``grant`` was
    given or withdrawn."""
    from core import mail

    if not grant.user.email:
        return
    event = "granted" if granted else "withdrawn"
    mail.send(
        f"courses/emails/role_{event}",
        [grant.user.email],
        {"grant": grant, "person": grant.user},
        dedup_key=f"courses.role.{event}.{grant.pk}",
    )


def _role_side_effects(grant, *, user_ids) -> None:
    """Renew what the menus and the cached pages remember of the person."""
    from core import fragments, roles

    for user_id in user_ids:
        roles.roles_changed(user_id)
        fragments.bump(fragments.user_scope(user_id))
    fragments.bump(fragments.CONTENT)


@transaction.atomic
def staff_role_ensure(*, user, role: str, centre, course: Course | None = None, granted_by=None):
    """The active grant of ``role`` to ``user`` in ``centre`` (for
    ``course``), created when missing with its effect (the staff enrolment
    of a trainer or producer, the centre's coordinators for a coordinator).
    Returns (grant, created). No right is checked, no audit, no email: for
    ``role_grant`` and for seeding data (the demo, the bench), never from a
    request."""
    from accounts.api import coordinator_set

    from .models import StaffRole

    grant = StaffRole.objects.filter(
        user=user, role=role, centre=centre, course=course, withdrawn_at=None
    ).first()
    created = grant is None
    if created:
        grant = StaffRole.objects.create(
            user=user, role=role, centre=centre, course=course, granted_by=granted_by
        )
    if role in StaffRole.COURSE_ROLES and course is not None:
        enrol_staff(user=user, course=course, role=role)
    elif role == StaffRole.Role.COORDINATOR:
        coordinator_set(centre_id=centre.pk, user=user, coordinator=True)
    return grant, created


@transaction.atomic
def role_grant(*, actor, user, role: str, centre, course: Course | None = None):
    """Grant ``role`` to ``user`` in ``centre`` (for ``course``: trainers and
    producers). Idempotent: an active grant is returned as is. A trainer or
    producer grant creates or reactivates the staff enrolment of the course;
    a coordinator grant adds the person to the centre's coordinators.
    Audited, and the person is emailed after commit.

    Raises ``PermissionDenied`` unless ``actor`` may grant it
    (``permissions.can_grant_role``: a coordinator of ``centre`` for its
    people and courses, an administrator anywhere) and ``ValidationError``
    when the rule of ``relations.staff_role_refusal`` refuses (a candidate
    never holds a staff role in their own preparation)."""
    from .models import StaffRole
    from .permissions import can_grant_role
    from .relations import staff_role_refusal

    if role not in StaffRole.Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if role not in StaffRole.COURSE_ROLES:
        course = None
    if not can_grant_role(actor, user=user, role=role, centre=centre, course=course):
        raise PermissionDenied(_("You may not grant this role."))
    refusal = staff_role_refusal(user, role, centre, course)
    if refusal:
        raise ValidationError(refusal)
    # Serialise grants of the same person (the unique constraint would
    # otherwise turn a double click into an error page).
    type(user).objects.select_for_update().filter(pk=user.pk).first()
    grant, created = staff_role_ensure(
        user=user, role=role, centre=centre, course=course, granted_by=actor
    )
    if not created:
        return grant
    _audit(
        actor=actor,
        action="courses.role.granted",
        target=grant,
        summary=f"{user.get_username()}: {role} — {_role_place(grant)}",
    )
    _role_email(grant, granted=True)
    _role_side_effects(grant, user_ids=[user.pk])
    return grant


@transaction.atomic
def role_withdraw(*, actor, grant):
    """Withdraw ``grant`` (dated, with its author; nothing deleted).
    Withdrawing the last active trainer (producer) grant of the person for
    the course suspends their staff enrolment; a coordinator grant removes
    them from the centre's coordinators. A tutor grant is refused while its
    holder tutors an active registration of the centre: name another tutor
    first. Audited; the person is emailed after commit.

    Raises ``PermissionDenied`` unless ``actor`` may withdraw it
    (``permissions.can_withdraw_role``) and ``ValidationError`` when it is
    already withdrawn or still needed."""
    from accounts.api import coordinator_set

    from .models import StaffRole
    from .permissions import can_withdraw_role
    from .relations import ACTIVE_REGISTRATION, active_grants

    if not can_withdraw_role(actor, grant):
        raise PermissionDenied(_("You may not withdraw this role."))
    grant = (
        StaffRole.objects.select_for_update(of=("self",))
        .select_related("user", "centre", "course")
        .get(pk=grant.pk)
    )
    if grant.withdrawn_at is not None:
        raise ValidationError(_("This role has already been withdrawn."))
    if grant.role == StaffRole.Role.TUTOR:
        tutored = Registration.objects.filter(
            tutor=grant.user, preparation__centre=grant.centre, status=ACTIVE_REGISTRATION
        ).count()
        if tutored:
            raise ValidationError(
                ngettext(
                    "%(name)s still tutors %(count)s candidate of the centre: name another "
                    "tutor first.",
                    "%(name)s still tutors %(count)s candidates of the centre: name another "
                    "tutor first.",
                    tutored,
                )
                % {
                    "name": grant.user.get_full_name() or grant.user.get_username(),
                    "count": tutored,
                }
            )
    grant.withdrawn_at = timezone.now()
    grant.withdrawn_by = actor
    grant.save(update_fields=["withdrawn_at", "withdrawn_by"])
    if grant.role in StaffRole.COURSE_ROLES:
        still = active_grants(role=grant.role, user=grant.user).filter(course=grant.course)
        if not still.exists():
            Enrolment.objects.filter(
                user=grant.user,
                course=grant.course,
                role=grant.role,
                registration=None,
                status=Enrolment.Status.ACTIVE,
            ).update(status=Enrolment.Status.SUSPENDED, suspended_at=grant.withdrawn_at)
    elif grant.role == StaffRole.Role.COORDINATOR:
        coordinator_set(centre_id=grant.centre_id, user=grant.user, coordinator=False)
    _audit(
        actor=actor,
        action="courses.role.withdrawn",
        target=grant,
        summary=f"{grant.user.get_username()}: {grant.role} — {_role_place(grant)}",
    )
    _role_email(grant, granted=False)
    _role_side_effects(grant, user_ids=[grant.user_id])
    return grant


# --- Support requests: "Signaler une difficulté / demander un entretien" -------

SUPPORT_MESSAGE_MAX = 5000


@transaction.atomic
def support_request_create(
    *, actor, registration: Registration, kind: str, message: str
) -> SupportRequest:
    """The candidate ``actor`` reports a difficulty or asks for an interview
    about ``registration``: the request is recorded (and audited) and, after
    commit, the responsables pédagogiques of the centre, its contact address
    and the tutor (Callisto) are emailed. Raises ``PermissionDenied`` unless
    ``actor`` is the registration's candidate and it is active,
    ``ValidationError`` for an unknown kind or an empty or too long
    message."""
    from .permissions import can_request_support

    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if not can_request_support(actor, registration):
        raise PermissionDenied(_("Only the candidate of an active registration can send this."))
    if kind not in SupportRequest.Kind.values:
        raise ValidationError({"kind": _("Choose what you are asking for.")})
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": _("Please write a few words.")})
    if len(message) > SUPPORT_MESSAGE_MAX:
        raise ValidationError(
            {"message": _("Your message is too long (5,000 characters at most).")}
        )
    support_request = SupportRequest.objects.create(
        registration=registration, kind=kind, message=message
    )
    _audit(
        actor=actor,
        action=f"courses.support_request.{kind}",
        target=support_request,
        summary=message[:200],
    )
    _queue_task("courses.tasks.send_support_request_notification", support_request.pk)
    return support_request


@transaction.atomic
def support_request_mark_handled(*, actor, support_request: SupportRequest) -> bool:
    """A responsable pédagogique of the request's centre (or an
    administrator) marks ``support_request`` handled: dated, signed, audited.
    Returns False when it was handled already. Raises ``PermissionDenied``
    for anyone else (the admin also scopes its list to the centre)."""
    from .relations import is_coordinator_of

    support_request = (
        SupportRequest.objects.select_for_update()
        .select_related("registration__preparation__centre")
        .get(pk=support_request.pk)
    )
    centre = support_request.registration.preparation.centre
    if not is_coordinator_of(actor, centre):
        raise PermissionDenied(_("Only the centre's coordinators handle its requests."))
    if support_request.status == SupportRequest.Status.HANDLED:
        return False
    support_request.status = SupportRequest.Status.HANDLED
    support_request.handled_at = timezone.now()
    support_request.handled_by = actor
    support_request.save(update_fields=["status", "handled_at", "handled_by"])
    _audit(
        actor=actor,
        action="courses.support_request.handled",
        target=support_request,
        summary=str(support_request)[:200],
    )
    return True
