"""What other apps use from ``assignments`` (contract; the assignments issue
fills the bodies). Every function costs a constant number of queries."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Deadline:
    title: str
    due_at: datetime.datetime  # aware; the candidate's own (extension) when ``user`` given
    course_id: int
    course_title: str
    url: str
    assignment_id: int


@dataclass(frozen=True)
class Grade:
    assignment_title: str
    grade: Decimal
    scale: int  # out of (20 by default)
    returned_at: datetime.datetime
    url: str  # submission page, for the candidate, their tutor, trainers


@dataclass
class SubmissionStats:
    handed_in: int = 0  # submitted / late / graded / returned
    due: int = 0  # open assignments of their courses not handed in yet, due date passed or not
    late: int = 0  # due date (with extension) passed and nothing handed in, or handed in late
    latest_grades: list[Grade] = field(default_factory=list)  # newest first, at most 3


def deadlines_for(user, start: datetime.datetime, end: datetime.datetime) -> list[Deadline]:
    """Assignment deadlines between ``start`` and ``end`` that ``user`` may see
    (candidates: their courses, with their own extension; trainers: their
    courses; tutors: their candidates' courses)."""
    return []


def candidate_submission_stats(candidate_ids) -> dict[int, SubmissionStats]:
    """{candidate id: SubmissionStats} for the tutor board. The caller has
    checked that it may see these candidates."""
    return {cid: SubmissionStats() for cid in candidate_ids}


def grades_for(candidate) -> list[Grade]:
    """Every returned grade of ``candidate``, newest first (the caller checked
    access: the candidate, their tutor, a coordinator of their centre)."""
    return []


def url_for_activity(activity) -> str | None:
    """Page of the assignment behind an ``assignment`` activity, if any."""
    return None
