"""The named relationships between people, courses and centres, each with
ONE status policy. Every selector, permission, admin form, import and
service asks here rather than writing its own filter, so that changing a
rule means changing one function.

- **candidate of a preparation**: ``Registration.candidate``, any
  registration status. A withdrawn or finished candidate keeps read access
  (decision 0001); acting needs ``courses.selectors.tracking_registration``.
- **candidate of a course**: a candidate ``Enrolment``, enrolment
  **active**, any registration status. Removing an exam suspends the
  enrolment (no access); withdrawing keeps reading (decision 0001).
- **tutor of**: ``Registration.tutor``, registration **active** only. The
  tutor's work is planned on active candidates: a withdrawn or finished
  candidate leaves the board, the courses, the copies, the quizzes, the
  forums and the calendar of their former tutor (decision 0001).
- **tutor of record**: ``Registration.tutor``, any status. Only for the
  tutoring file the tutor wrote (candidate page, themes, interview), which
  decision 0001 keeps readable after a withdrawal.
- **trainer of**, **producer of**: a trainer (producer) ``Enrolment``,
  enrolment **active**: a suspended staff enrolment is a withdrawn right.
- **coordinator of**: ``Centre.coordinators``; no status, the centre's
  registrations of every status (coordinators handle withdrawals and see
  them in admin, decision 0001).
- **may be named tutor / hold a staff role**: an active ``StaffRole`` grant
  (decision 0017): a tutor grant in the registration's centre, never a
  candidate of the preparation (``tutor_refusal``, ``staff_role_refusal``).
  Granting a trainer or producer role creates the staff enrolment, granting
  a coordinator role the ``Centre.coordinators`` row, so the relations
  above keep reading those rows.

Administrators (``is_superuser``) hold every relation in the predicates
(``is_*_of``) but not in the querysets of who holds a relation
(``trainers_of(course)`` lists real trainers only).

Each relation comes in three shapes: a queryset (``candidates_of_tutor``,
``courses_of_trainer``, ...), a predicate (``is_tutor_of(user, candidate)``)
and a ``Q`` to put inside another app's query, reached through a join path
(``tutor_q(user, via="registration__")`` for a model with a
``registration`` foreign key).
"""

from django.contrib.auth import get_user_model
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet

from .models import Course, Enrolment, Preparation, Registration

ACTIVE_REGISTRATION = Registration.Status.ACTIVE
ACTIVE_ENROLMENT = Enrolment.Status.ACTIVE
STAFF_ROLES = (Enrolment.Role.TRAINER, Enrolment.Role.PRODUCER)


def _authenticated(user) -> bool:
    return user is not None and user.is_authenticated


# --- Tutor of ---------------------------------------------------------------


def tutor_q(user, *, via: str = "") -> Q:
    """``Q`` of the registrations (at ``via``, e.g. ``"registration__"``)
    that ``user`` tutors: they are its tutor and it is active."""
    return Q(**{f"{via}tutor": user, f"{via}status": ACTIVE_REGISTRATION})


def tutor_of_record_q(user, *, via: str = "") -> Q:
    """``Q`` of the registrations ``user`` is or was the tutor of, whatever
    their status: only for the tutoring file (threads, interview notes)."""
    return Q(**{f"{via}tutor": user})


def registrations_of_tutor(user) -> QuerySet[Registration]:
    """Active registrations whose tutor ``user`` is."""
    if not _authenticated(user):
        return Registration.objects.none()
    return Registration.objects.filter(tutor_q(user))


def candidates_of_tutor(user) -> QuerySet:
    """The candidates ``user`` tutors (through an active registration)."""
    if not _authenticated(user):
        return get_user_model().objects.none()
    return get_user_model().objects.filter(
        Exists(registrations_of_tutor(user).filter(candidate=OuterRef("pk")))
    )


def is_tutor(user) -> bool:
    """Does ``user`` tutor anyone today?"""
    return _authenticated(user) and registrations_of_tutor(user).exists()


def is_tutor_of(user, candidate) -> bool:
    """Does ``user`` tutor ``candidate`` (an active registration of
    ``candidate`` names ``user`` as tutor)? Administrators: yes."""
    if not _authenticated(user):
        return False
    if user.is_superuser:
        return True
    return registrations_of_tutor(user).filter(candidate=candidate).exists()


def is_tutor_of_registration(user, registration: Registration) -> bool:
    """Is ``user`` the tutor of ``registration`` while it is active? Reads
    the loaded row (no query)."""
    return (
        _authenticated(user)
        and registration.tutor_id == user.pk
        and registration.status == ACTIVE_REGISTRATION
    )


def is_tutor_of_record(user, registration: Registration) -> bool:
    """Is ``user`` the tutor named on ``registration``, whatever its status
    (the tutoring file)? No query."""
    return _authenticated(user) and registration.tutor_id == user.pk


def courses_of_tutor(user) -> QuerySet[Course]:
    """Courses in which ``user`` tutors a candidate (an active candidate
    enrolment of an active registration they tutor)."""
    if not _authenticated(user):
        return Course.objects.none()
    return Course.objects.filter(Exists(tutored_enrolments(user).filter(course=OuterRef("pk"))))


def tutored_enrolments(user) -> QuerySet[Enrolment]:
    """Active candidate enrolments of the candidates ``user`` tutors."""
    return Enrolment.objects.filter(
        tutor_q(user, via="registration__"),
        role=Enrolment.Role.CANDIDATE,
        status=ACTIVE_ENROLMENT,
    )


def has_tutor(user) -> bool:
    """Has ``user`` a tutor of record on one of their registrations (any
    status: a withdrawn candidate still rereads their themes)?"""
    return (
        _authenticated(user)
        and Registration.objects.filter(candidate=user, tutor__isnull=False).exists()
    )


# --- Candidate of -----------------------------------------------------------


def candidate_enrolments_q(*, via: str = "") -> Q:
    """``Q`` of the enrolments (at ``via``) that make their user a candidate
    of the course: candidate role, enrolment active (any registration
    status: decision 0001)."""
    return Q(**{f"{via}role": Enrolment.Role.CANDIDATE, f"{via}status": ACTIVE_ENROLMENT})


def is_candidate_of(user, course: Course) -> bool:
    """Is ``user`` a candidate of ``course`` (reading: an active candidate
    enrolment, whatever the registration's status)?"""
    if not _authenticated(user):
        return False
    return Enrolment.objects.filter(candidate_enrolments_q(), user=user, course=course).exists()


def registrations_of_candidate(user) -> QuerySet[Registration]:
    """Every registration of ``user`` as a candidate, any status."""
    if not _authenticated(user):
        return Registration.objects.none()
    return Registration.objects.filter(candidate=user)


def active_roles_of(user) -> set[str]:
    """The course roles ``user`` holds through an active enrolment
    (``"candidate"``, ``"trainer"``, ``"producer"``); one query."""
    if not _authenticated(user):
        return set()
    return set(
        Enrolment.objects.filter(user=user, status=ACTIVE_ENROLMENT)
        .values_list("role", flat=True)
        .distinct()
    )


def menu_roles(user) -> dict[str, bool]:
    """The roles the menus show (``core.roles``, remembered at login): the
    course roles held through an active enrolment, whether ``user`` tutors
    anyone today and whether they have a tutor of record. Three queries."""
    from accounts.api import is_coordinator

    roles = active_roles_of(user)
    return {
        "candidate": Enrolment.Role.CANDIDATE in roles,
        "trainer": Enrolment.Role.TRAINER in roles,
        "producer": Enrolment.Role.PRODUCER in roles,
        "tutor": is_tutor(user),
        "tutored": has_tutor(user),
        "coordinator": user.is_staff and is_coordinator(user),
    }


# --- Trainer of and producer of -----------------------------------------------


def staff_enrolments(role, *, user=None) -> QuerySet[Enrolment]:
    """Active enrolments with ``role`` (one of ``STAFF_ROLES`` or a tuple of
    them), of ``user`` when given."""
    roles = role if isinstance(role, tuple | list) else (role,)
    enrolments = Enrolment.objects.filter(role__in=roles, status=ACTIVE_ENROLMENT)
    return enrolments if user is None else enrolments.filter(user=user)


def trainer_enrolments(user=None) -> QuerySet[Enrolment]:
    """The "trainer of" rows: active trainer enrolments (of ``user``)."""
    return staff_enrolments(Enrolment.Role.TRAINER, user=user)


def producer_enrolments(user=None) -> QuerySet[Enrolment]:
    """The "producer of" rows: active producer enrolments (of ``user``)."""
    return staff_enrolments(Enrolment.Role.PRODUCER, user=user)


def trained_course_ids(user) -> QuerySet:
    """Ids of the courses ``user`` trains (a subquery)."""
    return trainer_enrolments(user).values("course_id")


def produced_course_ids(user) -> QuerySet:
    """Ids of the courses ``user`` produces (a subquery)."""
    return producer_enrolments(user).values("course_id")


def courses_of_trainer(user) -> QuerySet[Course]:
    """Courses ``user`` trains (every course for administrators)."""
    if not _authenticated(user):
        return Course.objects.none()
    if user.is_superuser:
        return Course.objects.all()
    return Course.objects.filter(Exists(trainer_enrolments(user).filter(course=OuterRef("pk"))))


def courses_of_producer(user) -> QuerySet[Course]:
    """Courses ``user`` produces (every course for administrators)."""
    if not _authenticated(user):
        return Course.objects.none()
    if user.is_superuser:
        return Course.objects.all()
    return Course.objects.filter(Exists(producer_enrolments(user).filter(course=OuterRef("pk"))))


def trainers_of(course) -> QuerySet:
    """The people who train ``course`` (administrators are not listed)."""
    trains = trainer_enrolments().filter(user=OuterRef("pk"), course=course)
    return get_user_model().objects.filter(Exists(trains))


def producers_of(course) -> QuerySet:
    """The people who produce ``course``."""
    produces = producer_enrolments().filter(user=OuterRef("pk"), course=course)
    return get_user_model().objects.filter(Exists(produces))


def is_trainer_of(user, course) -> bool:
    """Does ``user`` train ``course``? Administrators train every course."""
    if not _authenticated(user):
        return False
    if user.is_superuser:
        return True
    return trainer_enrolments(user).filter(course=course).exists()


def is_producer_of(user, course) -> bool:
    """Does ``user`` belong to ``course``'s production group? Administrators:
    yes."""
    if not _authenticated(user):
        return False
    if user.is_superuser:
        return True
    return producer_enrolments(user).filter(course=course).exists()


# --- Coordinator of -----------------------------------------------------------


def coordinator_q(user, *, via: str = "centre__") -> Q:
    """``Q`` of the rows whose centre (at ``via``, ``"centre__"`` for a
    preparation, ``"preparation__centre__"`` for a registration) ``user``
    coordinates."""
    return Q(**{f"{via}coordinators": user})


def centres_of_coordinator(user) -> QuerySet:
    """Centres ``user`` coordinates (every centre for administrators)."""
    from accounts.api import centres_coordinated_by

    return centres_coordinated_by(user)


def is_coordinator_of(user, centre) -> bool:
    """Does ``user`` coordinate ``centre`` (by row or id)? Administrators:
    yes."""
    if not _authenticated(user) or centre is None:
        return False
    if user.is_superuser:
        return True
    centre_id = getattr(centre, "pk", centre)
    return centres_of_coordinator(user).filter(pk=centre_id).exists()


def registrations_of_coordinator(user) -> QuerySet[Registration]:
    """The registrations of the centres ``user`` coordinates, any status
    (all for administrators)."""
    if not _authenticated(user):
        return Registration.objects.none()
    if user.is_superuser:
        return Registration.objects.all()
    return Registration.objects.filter(coordinator_q(user, via="preparation__centre__"))


# --- Staff roles: who may be named tutor, trainer, producer -----------------
# The grants (``StaffRole``, decision 0017) are the one source of who may
# hold a staff role; the rule below is asked by the registration admin form
# (the tutors offered and the validation), the CSV import, the services that
# name a tutor (``register_candidate``) and ``role_grant``.


def active_grants(*, role=None, centre_ids=None, user=None) -> QuerySet:
    """Active (not withdrawn) ``StaffRole`` grants, filtered when given."""
    from .models import StaffRole

    grants = StaffRole.objects.filter(withdrawn_at=None)
    if role is not None:
        grants = grants.filter(role=role)
    if centre_ids is not None:
        grants = grants.filter(centre_id__in=centre_ids)
    if user is not None:
        grants = grants.filter(user=user)
    return grants


def tutor_grant_q(centre_ids) -> Q:
    """The condition on a user (the outer row) of holding an active tutor
    grant in one of ``centre_ids``."""
    from .models import StaffRole

    return Q(
        Exists(
            active_grants(role=StaffRole.Role.TUTOR, centre_ids=centre_ids).filter(
                user=OuterRef("pk")
            )
        )
    )


def candidate_in_preparation_q(preparation_id) -> Q:
    """The condition on a user (the outer row) of being a candidate of the
    preparation (any registration status: a withdrawn candidate still reads
    the preparation's forums and their peers' names)."""
    return Q(
        Exists(Registration.objects.filter(candidate=OuterRef("pk"), preparation_id=preparation_id))
    )


def tutors_of_centres(centre_ids) -> QuerySet:
    """People who may be named tutor in the preparations of these centres:
    active accounts holding an active tutor grant in one of them. The
    registration admin form offers these people."""
    return get_user_model().objects.filter(is_active=True).filter(tutor_grant_q(list(centre_ids)))


def eligible_tutors(preparation) -> QuerySet:
    """People who may be named tutor of a registration of ``preparation``:
    a Callisto preparation only; an active account with an active tutor
    grant in its centre; not a candidate of the preparation."""
    if not preparation.has_tutors:
        return get_user_model().objects.none()
    return tutors_of_centres([preparation.centre_id]).exclude(
        candidate_in_preparation_q(preparation.pk)
    )


def tutor_refusal(tutor, preparation, *, candidate=None) -> str | None:
    """Why ``tutor`` may not be named tutor of ``candidate``'s registration in
    ``preparation`` (a French sentence), or None when they may
    (``eligible_tutors``). One query."""
    from django.utils.translation import gettext as _

    if tutor is None:
        return None
    if not preparation.has_tutors:
        return _("Only candidates of a Callisto preparation have a tutor.")
    if candidate is not None and getattr(candidate, "pk", candidate) == tutor.pk:
        return _("A candidate cannot be their own tutor.")
    flags = (
        get_user_model()
        .objects.filter(pk=tutor.pk)
        .annotate(
            granted=ExpressionWrapper(
                tutor_grant_q([preparation.centre_id]), output_field=BooleanField()
            ),
            candidate_here=ExpressionWrapper(
                candidate_in_preparation_q(preparation.pk), output_field=BooleanField()
            ),
        )
        .values("is_active", "granted", "candidate_here")
        .first()
    )
    if flags is None or not flags["is_active"] or not flags["granted"]:
        return _("This person is not a tutor of the centre of this preparation.")
    if flags["candidate_here"]:
        return _("A candidate of this preparation cannot be a tutor in it.")
    return None


def may_tutor_in(tutor, preparation, *, candidate=None) -> bool:
    """May ``tutor`` be named the tutor of a registration in ``preparation``
    (of ``candidate`` when given)? ``tutor_refusal`` says why not."""
    return tutor is not None and tutor_refusal(tutor, preparation, candidate=candidate) is None


def courses_of_centre(centre_id) -> QuerySet[Course]:
    """The courses of a centre: those its candidates follow (a candidate
    enrolment, any status, of a registration in one of its preparations).
    Courses are national; a centre grants trainers and producers for these."""
    return Course.objects.filter(
        Exists(
            Enrolment.objects.filter(
                course=OuterRef("pk"),
                role=Enrolment.Role.CANDIDATE,
                registration__preparation__centre_id=centre_id,
            )
        )
    )


def staff_role_refusal(user, role: str, centre, course=None) -> str | None:
    """Why ``user`` may not hold ``role`` in ``centre`` (for ``course``), or
    None. A candidate never holds a staff role in their own preparation: no
    tutor grant for an active candidate of the centre, no trainer or
    producer grant for a course they follow as a candidate there."""
    from django.utils.translation import gettext as _

    from .models import StaffRole

    centre_id = getattr(centre, "pk", centre)
    if role in StaffRole.COURSE_ROLES and course is None:
        return _("Choose the course.")
    if not user.is_active:
        return _("This account is deactivated.")
    registrations = Registration.objects.filter(
        candidate=user, preparation__centre_id=centre_id, status=ACTIVE_REGISTRATION
    )
    if role == StaffRole.Role.TUTOR and registrations.exists():
        return _("A candidate of this centre cannot be a tutor in it.")
    if role in StaffRole.COURSE_ROLES and registrations.filter(enrolments__course=course).exists():
        return _("A candidate of this course cannot be its trainer or producer.")
    return None


# --- Preparations: who belongs, who takes part, who teaches -------------------
# The preparation-level relations other apps (forums, calendar) build their
# rights on, as querysets to use as subqueries.


def preparations_of_trainer(user) -> QuerySet[Preparation]:
    """Preparations whose candidates (an active candidate enrolment) follow
    a course ``user`` trains."""
    return Preparation.objects.filter(
        Exists(
            Enrolment.objects.filter(
                candidate_enrolments_q(),
                registration__preparation=OuterRef("pk"),
                course_id__in=trained_course_ids(user),
            )
        )
    )


def preparations_coordinated_or_taught_by(user) -> QuerySet[Preparation]:
    """Preparations of the centres ``user`` coordinates, or whose candidates
    follow a course they train (who moderates a preparation's forums)."""
    return Preparation.objects.filter(
        coordinator_q(user) | Q(pk__in=preparations_of_trainer(user).values("pk"))
    )


def preparations_of_member_or_coordinator(user) -> QuerySet[Preparation]:
    """Preparations ``user`` is a candidate of (any status), tutors in
    (active registration) or coordinates the centre of."""
    registrations = Registration.objects.filter(preparation=OuterRef("pk")).filter(
        Q(candidate=user) | tutor_q(user)
    )
    return Preparation.objects.filter(Exists(registrations) | coordinator_q(user)).distinct()


def registration_in(user, preparation) -> Registration | None:
    """``user``'s registration as a candidate in ``preparation`` (any
    status), or None; one query."""
    if not _authenticated(user):
        return None
    return Registration.objects.filter(candidate=user, preparation=preparation).first()


def is_active_candidate_in(user, preparation_id) -> bool:
    """Is ``user`` an active candidate of the preparation (may act there)?"""
    return (
        _authenticated(user)
        and Registration.objects.filter(
            candidate=user, preparation_id=preparation_id, status=ACTIVE_REGISTRATION
        ).exists()
    )


def preparations_of_member(user, *, or_among=None) -> QuerySet[Preparation]:
    """Preparations ``user`` belongs to: as a candidate (any status: a
    withdrawn candidate keeps reading) or as the tutor of one of its
    candidates (active registration). ``or_among``: a queryset of
    preparations also included (in the same query)."""
    registrations = Registration.objects.filter(preparation=OuterRef("pk"))
    condition = Exists(registrations.filter(candidate=user)) | Exists(
        registrations.filter(tutor_q(user))
    )
    if or_among is not None:
        condition |= Q(pk__in=or_among.values("pk"))
    return Preparation.objects.filter(condition)


def preparations_acted_in_by(user) -> QuerySet[Preparation]:
    """Preparations where ``user`` acts: an active candidate of it, or the
    tutor of one of its (active) candidates."""
    active = Registration.objects.filter(preparation=OuterRef("pk"), status=ACTIVE_REGISTRATION)
    return Preparation.objects.filter(
        Exists(active.filter(candidate=user)) | Exists(active.filter(tutor_q(user)))
    )


def courses_acted_in_by(user) -> QuerySet[Course]:
    """Courses where ``user`` acts: staff (trainer, producer), or an active
    candidate of an active registration."""
    return Course.objects.filter(
        Exists(
            Enrolment.objects.filter(
                course=OuterRef("pk"), user=user, status=ACTIVE_ENROLMENT
            ).filter(
                Q(role__in=STAFF_ROLES)
                | Q(role=Enrolment.Role.CANDIDATE, registration__status=ACTIVE_REGISTRATION)
            )
        )
    )


def preparation_member_ids(preparation_id) -> tuple[QuerySet, QuerySet]:
    """(candidate ids, tutor ids) of the active registrations of a
    preparation (subqueries)."""
    registrations = Registration.objects.filter(
        preparation_id=preparation_id, status=ACTIVE_REGISTRATION
    )
    return registrations.values("candidate_id"), registrations.exclude(tutor=None).values(
        "tutor_id"
    )


def preparation_trainer_ids(preparation_id) -> QuerySet:
    """Ids of the trainers of the courses a preparation's candidates follow
    (a subquery)."""
    return (
        trainer_enrolments()
        .filter(
            course__in=Enrolment.objects.filter(
                candidate_enrolments_q(), registration__preparation_id=preparation_id
            ).values("course_id"),
        )
        .values("user_id")
    )


def course_people_ids(course_id) -> tuple[QuerySet, Q]:
    """(trainer ids, ids of those who act in the course: staff, active
    candidates and the tutors of active candidates) of a course; one
    subquery for the first, a pair of them for the second, as ``Q``."""
    enrolled = Enrolment.objects.filter(course_id=course_id, status=ACTIVE_ENROLMENT)
    trainers = enrolled.filter(role=Enrolment.Role.TRAINER).values("user_id")
    acting = Q(
        pk__in=enrolled.filter(
            Q(role__in=STAFF_ROLES) | Q(registration__status=ACTIVE_REGISTRATION)
        ).values("user_id")
    ) | Q(
        pk__in=enrolled.filter(registration__status=ACTIVE_REGISTRATION).values(
            "registration__tutor_id"
        )
    )
    return trainers, acting


# --- Regional and Callisto ----------------------------------------------------
# What the mode of a preparation changes (docs/preparations.md, "Regional and Callisto").
# Both modes get the three courses and their content. Only a Callisto
# preparation (fully remote) gets a tutor, the national trainers' grading and
# the national workshops; a regional one's copies go to the trainers of its
# own centre, and its workshops are its centre's own (preparation events).
#
# - **national trainer**: a trainer (``trainer_enrolments``) whose account
#   belongs to no centre (``User.centre`` empty: national staff).
# - **centre trainer**: a trainer whose account belongs to a centre.
# - **grader of a copy**: a trainer of the copy's course who is national for
#   a Callisto registration, of the registration's centre for a regional one.
#   Administrators grade every copy (predicates only).
# - **national workshop**: a workshop of a course (no preparation): for the
#   candidates of Callisto preparations only; a preparation's own workshops
#   are for its candidates, whatever the mode.

CALLISTO = Preparation.Mode.CALLISTO
REGIONAL = Preparation.Mode.REGIONAL


def callisto_q(*, via: str = "") -> Q:
    """``Q`` of the preparations (at ``via``, ``"preparation__"`` for a
    registration) run in Callisto mode: tutors, national grading and
    workshops."""
    return Q(**{f"{via}mode": CALLISTO})


def is_callisto(preparation) -> bool:
    """Is ``preparation`` (a row) a Callisto one? No query."""
    return preparation.mode == CALLISTO


def national_trainer_q(*, via: str = "") -> Q:
    """``Q`` of the users (at ``via``, ``"user__"`` for an enrolment) who are
    national staff: no centre."""
    return Q(**{f"{via}centre__isnull": True})


def is_national(user) -> bool:
    """Is ``user`` national staff (their account belongs to no centre)? No
    query."""
    return _authenticated(user) and user.centre_id is None


def national_trainers_of(course) -> QuerySet:
    """The national trainers of ``course`` (who grade its Callisto copies
    and run its workshops)."""
    return trainers_of(course).filter(national_trainer_q())


def graded_registrations_q(user, *, via: str = "") -> Q:
    """``Q`` of the registrations (at ``via``) whose copies ``user``, as a
    trainer, grades: the Callisto ones for a national trainer, the regional
    ones of their own centre for a centre trainer. No query."""
    if not _authenticated(user):
        return Q(pk__in=[])
    if user.centre_id is None:
        return callisto_q(via=f"{via}preparation__")
    return Q(
        **{f"{via}preparation__mode": REGIONAL, f"{via}preparation__centre_id": user.centre_id}
    )


def graders_condition(registration) -> Q:
    """The condition on a user (a trainer) of grading ``registration``'s
    copies: national for a Callisto registration, of its centre for a
    regional one."""
    preparation = registration.preparation
    if is_callisto(preparation):
        return national_trainer_q()
    return Q(centre_id=preparation.centre_id)


def copies_graded_by_q(user, *, via: str = "") -> Q:
    """``Q`` of the copies (``assignments.Submission`` at ``via``) ``user``
    grades: of a course they train, of a registration they grade
    (``graded_registrations_q``). Administrators: every copy."""
    if not _authenticated(user):
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    return Q(
        **{f"{via}assignment__course_id__in": trained_course_ids(user)}
    ) & graded_registrations_q(user, via=f"{via}registration__")


def grades_registration(user, registration) -> bool:
    """Does ``user``'s side (national or their centre) grade the copies of
    ``registration``? Reads the loaded rows (the preparation: one query if
    not loaded). Administrators: yes."""
    if not _authenticated(user):
        return False
    if user.is_superuser:
        return True
    preparation = registration.preparation
    if is_callisto(preparation):
        return user.centre_id is None
    return user.centre_id is not None and user.centre_id == preparation.centre_id


def is_grader_of(user, registration, course) -> bool:
    """May ``user`` grade the copies ``registration``'s candidate hands in
    for ``course`` (a trainer of the course on the registration's side)?
    Administrators: yes."""
    return grades_registration(user, registration) and is_trainer_of(user, course)


def graders_of(registration, course) -> QuerySet:
    """The trainers who grade ``registration``'s copies in ``course`` (whom
    a new copy concerns)."""
    return trainers_of(course).filter(graders_condition(registration))


def national_workshop_q(*, via: str = "") -> Q:
    """``Q`` of the events (at ``via``) that are national workshops: a
    workshop of a course, not of a preparation."""
    return Q(**{f"{via}kind": "workshop", f"{via}preparation__isnull": True})


def is_national_workshop(event) -> bool:
    """Is ``event`` (a calendar row) a national workshop? No query."""
    return event.kind == "workshop" and event.preparation_id is None


def may_attend_national_workshops(user, course) -> bool:
    """May ``user`` register to the national workshops of ``course``: an
    active candidate of it through an active Callisto registration?"""
    if not _authenticated(user):
        return False
    return Registration.objects.filter(
        callisto_q(via="preparation__"),
        candidate=user,
        status=ACTIVE_REGISTRATION,
        enrolments__course=course,
        enrolments__role=Enrolment.Role.CANDIDATE,
        enrolments__status=ACTIVE_ENROLMENT,
    ).exists()


def grading_side_q(user, *, via: str = "") -> Q:
    """``Q`` of the users (at ``via``) on ``user``'s side of the grading:
    national staff for a national trainer, their centre's people for a
    centre trainer (among the trainers named on an assignment, the ones in
    charge of the copies ``user`` grades). No query."""
    if _authenticated(user) and user.centre_id is not None:
        return Q(**{f"{via}centre_id": user.centre_id})
    return national_trainer_q(via=via)


# --- Whose grades a person follows --------------------------------------------


def followed_enrolments(user) -> QuerySet[Enrolment]:
    """Active candidate enrolments whose work and grades ``user`` follows
    (the grade reports): the candidates of the courses they train whose
    copies they grade (``graded_registrations_q``), the candidates they
    tutor (active registration), the candidates of the centres they
    coordinate (any registration status); all for administrators. Never
    another tutor's candidate nor another centre's."""
    if not _authenticated(user):
        return Enrolment.objects.none()
    enrolments = Enrolment.objects.filter(candidate_enrolments_q())
    if user.is_superuser:
        return enrolments
    return enrolments.filter(
        (
            Q(course_id__in=trained_course_ids(user))
            & graded_registrations_q(user, via="registration__")
        )
        | tutor_q(user, via="registration__")
        | coordinator_q(user, via="registration__preparation__centre__")
    )


def courses_followed_by(user) -> QuerySet[Course]:
    """Courses with a candidate whose grades ``user`` follows, and the
    courses they train."""
    if not _authenticated(user):
        return Course.objects.none()
    if user.is_superuser:
        return Course.objects.all()
    return Course.objects.filter(
        Exists(followed_enrolments(user).filter(course=OuterRef("pk")))
        | Q(pk__in=trained_course_ids(user))
    )
