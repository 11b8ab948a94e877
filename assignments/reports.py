"""Grade reports (relevés de notes): candidates by assignments of one course,
for the people who follow those candidates (``courses.relations``:
trainers, tutors, coordinators, administrators), with filters and the CSV
and ODS exports (``core.spreadsheets``).

A cell shows the returned grade of the copy's latest returned round; a copy
under blind marking, grades not released, shows nothing to those who may
not know whose it is. A constant number of queries: courses, rows,
assignments, copies, grades (and the coordinated centres)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from core.links import url_maker
from courses.api import centres_of_coordinator, courses_followed_by, followed_enrolments

from .models import Assignment, Feedback, Submission

MAX_ID = 2**31 - 1
CENT = Decimal("0.01")


def parse_id(raw) -> int | None:
    """A filter's id from the query string: None unless a sensible integer."""
    try:
        value = int(str(raw or "").strip())
    except ValueError:
        return None
    return value if 0 < value <= MAX_ID else None


@dataclass
class Cell:
    grade: Decimal | None = None
    status: str = ""  # the copy's status label, "" when none handed in
    url: str = ""
    hidden: bool = False  # blind marking: not shown


@dataclass
class Row:
    candidate_id: int
    name: str
    preparation: str
    centre: str
    cells: list[Cell] = field(default_factory=list)
    average: Decimal | None = None


def _average(values) -> Decimal | None:
    values = [v for v in values if v is not None]
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(CENT)


def grade_report(user, *, course_id=None, preparation_id=None, paper_id=None) -> dict:
    courses = list(courses_followed_by(user).order_by("position", "title").only("pk", "title"))
    course = next((c for c in courses if c.pk == course_id), None)
    if course is None and courses and course_id is None:
        course = courses[0]
    report = {
        "courses": courses,
        "course": course,
        "preparations": [],
        "preparation": None,
        "papers": [],
        "paper": None,
        "assignments": [],
        "rows": [],
        "averages": [],
    }
    if course is None:
        return report
    enrolments = list(
        followed_enrolments(user)
        .filter(course=course)
        .select_related("user", "registration__preparation__centre")
        .order_by("user__last_name", "user__first_name", "user_id", "pk")
    )
    preparations = {}
    for enrolment in enrolments:
        preparation = enrolment.registration.preparation
        preparations[preparation.pk] = preparation
    report["preparations"] = sorted(preparations.values(), key=lambda p: p.name)
    report["preparation"] = preparations.get(preparation_id)
    if report["preparation"] is not None:
        enrolments = [e for e in enrolments if e.registration.preparation_id == preparation_id]
    assignments = list(
        Assignment.objects.filter(course=course)
        .select_related("exam_paper")
        .order_by("due_at", "pk")
    )
    papers = {a.exam_paper_id: a.exam_paper for a in assignments if a.exam_paper_id}
    report["papers"] = sorted(papers.values(), key=lambda p: (p.position, p.name))
    report["paper"] = papers.get(paper_id)
    if report["paper"] is not None:
        assignments = [a for a in assignments if a.exam_paper_id == paper_id]
    report["assignments"] = assignments
    candidate_ids = {e.user_id for e in enrolments}
    assignment_ids = [a.pk for a in assignments]
    copies = {}
    grades: dict[int, Decimal] = {}
    if candidate_ids and assignment_ids:
        for pk, assignment_id, candidate_id, status in Submission.objects.filter(
            assignment_id__in=assignment_ids,
            candidate_id__in=candidate_ids,
            status__in=Submission.HANDED_IN,
        ).values_list("pk", "assignment_id", "candidate_id", "status"):
            copies[(candidate_id, assignment_id)] = (pk, status)
        # Latest returned round of each copy: the rows come oldest first.
        for submission_id, grade in (
            Feedback.objects.filter(
                submission__assignment_id__in=assignment_ids,
                submission__candidate_id__in=candidate_ids,
                returned_at__isnull=False,
                grade__isnull=False,
            )
            .order_by("submission_id", "handin")
            .values_list("submission_id", "grade")
        ):
            grades[submission_id] = grade
    knows_identity = _identity_rule(user)
    statuses = dict(Submission.Status.choices)
    submission_url = url_maker("assignments:submission")
    rows = []
    for enrolment in enrolments:
        registration = enrolment.registration
        row = Row(
            candidate_id=enrolment.user_id,
            name=_sort_name(enrolment.user),
            preparation=registration.preparation.name,
            centre=registration.preparation.centre.name,
        )
        for assignment in assignments:
            found = copies.get((enrolment.user_id, assignment.pk))
            if found is None:
                row.cells.append(Cell())
                continue
            pk, status = found
            if assignment.hides_identity and not knows_identity(registration):
                row.cells.append(Cell(hidden=True))
                continue
            grade = grades.get(pk)
            row.cells.append(
                Cell(
                    grade=grade,
                    status=str(statuses.get(status, status)),
                    url=submission_url(pk),
                )
            )
        row.average = _average(
            _out_of_20(cell.grade, a.scale) for cell, a in zip(row.cells, assignments, strict=True)
        )
        rows.append(row)
    report["rows"] = rows
    report["averages"] = [
        _average(row.cells[i].grade for row in rows) for i in range(len(assignments))
    ]
    return report


def _out_of_20(grade, scale):
    if grade is None:
        return None
    return grade if scale == 20 else (grade * 20 / scale).quantize(CENT)


def _sort_name(user) -> str:
    if user.last_name:
        return f"{user.last_name.upper()} {user.first_name}".strip()
    return user.get_display_name()


def _identity_rule(user):
    """``registration -> may user know whose copy it is`` under blind marking
    (``permissions.can_view_identity``: the tutor, the centre's
    coordinators)."""
    if user.is_superuser:
        return lambda registration: False
    centre_ids = set(centres_of_coordinator(user).values_list("pk", flat=True))

    def knows(registration) -> bool:
        return (
            registration.tutor_id == user.pk and registration.status == registration.Status.ACTIVE
        ) or registration.preparation.centre_id in centre_ids

    return knows


def export_table(report) -> tuple[list, list]:
    """(header, rows) of the report for ``core.spreadsheets``."""
    header = [_("Candidate"), _("Preparation"), _("Centre")]
    header += [f"{a.title} (/{a.scale})" for a in report["assignments"]]
    header.append(_("Average /20"))
    rows = []
    for row in report["rows"]:
        cells = [row.name, row.preparation, row.centre]
        cells += [None if c.hidden else c.grade for c in row.cells]
        cells.append(row.average)
        rows.append(cells)
    return header, rows
