"""Reads about courses: every queryset here returns only what ``user`` may see."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from .models import Activity, Completion, Course, Enrolment, Registration

STAFF_ROLES = (Enrolment.Role.TRAINER, Enrolment.Role.PRODUCER)


def _active_enrolments(user):
    return Enrolment.objects.filter(status=Enrolment.Status.ACTIVE).filter(
        Q(user=user) | Q(registration__tutor=user, registration__status="active")
    )


def courses_visible_to(user):
    """Courses ``user`` may read: their active enrolments (any role; a
    withdrawn or finished candidate keeps read access, see
    docs/decisions/0001-withdrawn-candidates-access.md), the courses of the
    candidates they tutor, everything for administrators. Hidden courses only
    for their trainers and producers."""
    if not user.is_authenticated:
        return Course.objects.none()
    if user.is_superuser:
        return Course.objects.all()
    enrolled = _active_enrolments(user).filter(course=OuterRef("pk"))
    staff = Enrolment.objects.filter(
        course=OuterRef("pk"), user=user, role__in=STAFF_ROLES, status=Enrolment.Status.ACTIVE
    )
    return Course.objects.filter(Exists(enrolled)).filter(Q(is_visible=True) | Exists(staff))


def courses_edited_by(user):
    """Courses whose content ``user`` may edit (producers, trainers, admins)."""
    if not user.is_authenticated:
        return Course.objects.none()
    if user.is_superuser:
        return Course.objects.all()
    return Course.objects.filter(
        Exists(
            Enrolment.objects.filter(
                course=OuterRef("pk"),
                user=user,
                role__in=STAFF_ROLES,
                status=Enrolment.Status.ACTIVE,
            )
        )
    )


def activities_visible_to(user, course: Course | None = None):
    """Activities ``user`` may open: visible and available ones of the
    courses they read; all of them in the courses they edit."""
    now = timezone.now()
    editable = courses_edited_by(user)
    readable = courses_visible_to(user)
    activities = Activity.objects.filter(course__in=readable)
    if course is not None:
        activities = activities.filter(course=course)
    return activities.filter(
        Q(is_visible=True, available_from__isnull=True)
        | Q(is_visible=True, available_from__lte=now)
        | Q(course__in=editable)
    )


def tracking_registration(user, course: Course):
    """The active registration through which ``user`` is a candidate of
    ``course`` (None when they cannot tick or hand in anything there)."""
    return (
        Registration.objects.filter(
            candidate=user,
            status=Registration.Status.ACTIVE,
            enrolments__course=course,
            enrolments__status=Enrolment.Status.ACTIVE,
        )
        .order_by("pk")
        .first()
    )


def registrations_visible_to(user):
    """Registrations ``user`` may see: their own, the ones they tutor, their
    centres' ones for coordinators, all for administrators."""
    if not user.is_authenticated:
        return Registration.objects.none()
    if user.is_superuser:
        return Registration.objects.all()
    return Registration.objects.filter(
        Q(candidate=user) | Q(tutor=user) | Q(preparation__centre__coordinators=user)
    ).distinct()


def trainers_of(course: Course):
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(
            enrolments__course=course,
            enrolments__role=Enrolment.Role.TRAINER,
            enrolments__status=Enrolment.Status.ACTIVE,
        )
        .distinct()
    )


@dataclass(frozen=True)
class Progress:
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def _tracked_activities():
    return Activity.objects.filter(is_visible=True).exclude(
        completion_rule=Activity.CompletionRule.NONE
    )


def progress_by_course(user, course_ids) -> dict[int, Progress]:
    """{course id: Progress} for ``user``, in one aggregate query."""
    rows = (
        _tracked_activities()
        .filter(course_id__in=list(course_ids))
        .values("course_id")
        .annotate(total=Count("pk"), done=Count("completions", filter=Q(completions__user=user)))
    )
    progress = {course_id: Progress(0, 0) for course_id in course_ids}
    for row in rows:
        progress[row["course_id"]] = Progress(row["done"], row["total"])
    return progress


def progress_for_users(user_ids, course_ids) -> dict[tuple[int, int], Progress]:
    """{(user id, course id): Progress} for many users, in two queries
    (tutor boards, coordinators' lists)."""
    user_ids, course_ids = list(user_ids), list(course_ids)
    totals = dict(
        _tracked_activities()
        .filter(course_id__in=course_ids)
        .values("course_id")
        .annotate(total=Count("pk"))
        .values_list("course_id", "total")
    )
    done = (
        Completion.objects.filter(
            user_id__in=user_ids,
            activity__in=_tracked_activities().filter(course_id__in=course_ids),
        )
        .values("user_id", "activity__course_id")
        .annotate(done=Count("pk"))
    )
    done_map = {(row["user_id"], row["activity__course_id"]): row["done"] for row in done}
    return {
        (uid, cid): Progress(done_map.get((uid, cid), 0), totals.get(cid, 0))
        for uid in user_ids
        for cid in course_ids
    }
