""" "Mes notes": every returned grade of a candidate's copies
(``assignments.api.graded_copies_for``) and every quiz attempt
(``content.api.quiz_results_for``), out of 20, per course and per épreuve,
with averages and a chart over time. Two queries; the person's own only."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from .charts import grade_chart

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Line:
    kind: str  # "copy" or "quiz"
    title: str
    course_id: int
    course_title: str
    paper: str  # the épreuve (quizzes: "Quiz")
    grade_20: Decimal
    grade: Decimal  # as given (copies: out of ``scale``; quizzes: out of 20)
    scale: int
    date: object  # aware datetime
    url: str
    feedback_url: str


def average(values) -> Decimal | None:
    values = list(values)
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(CENT)


def lines_for(user) -> list[Line]:
    from assignments.api import graded_copies_for

    from .api import quiz_results_for

    lines = [
        Line(
            kind="copy",
            title=c.assignment_title,
            course_id=c.course_id,
            course_title=c.course_title,
            paper=c.exam_paper or _("Other assignments"),
            grade_20=c.grade_20,
            grade=c.grade,
            scale=c.scale,
            date=c.returned_at,
            url=c.url,
            feedback_url=c.feedback_url,
        )
        for c in graded_copies_for(user)
    ]
    quiz = _("Quizzes")
    lines += [
        Line(
            kind="quiz",
            title=r.title,
            course_id=r.course_id,
            course_title=r.course_title,
            paper=quiz,
            grade_20=r.grade_20,
            grade=r.grade_20,
            scale=20,
            date=r.submitted_at,
            url=r.url,
            feedback_url=r.url,
        )
        for r in quiz_results_for(user)
    ]
    lines.sort(key=lambda line: line.date)
    return lines


def gradebook(user) -> dict:
    lines = lines_for(user)
    by_course: dict[int, dict] = {}
    by_paper: dict[str, list[Line]] = {}
    for line in lines:
        course = by_course.setdefault(
            line.course_id, {"title": line.course_title, "lines": [], "papers": {}}
        )
        course["lines"].append(line)
        course["papers"].setdefault(line.paper, []).append(line)
        by_paper.setdefault(line.paper, []).append(line)
    courses = []
    for course in sorted(by_course.values(), key=lambda c: c["title"]):
        courses.append(
            {
                "title": course["title"],
                "papers": [
                    {
                        "name": name,
                        "lines": paper_lines,
                        "average": average(p.grade_20 for p in paper_lines),
                    }
                    for name, paper_lines in sorted(course["papers"].items())
                ],
                "average": average(p.grade_20 for p in course["lines"]),
                "count": len(course["lines"]),
            }
        )
    papers = [
        {"name": name, "count": len(found), "average": average(p.grade_20 for p in found)}
        for name, found in sorted(by_paper.items())
    ]
    copies = [line for line in lines if line.kind == "copy"]
    quizzes = [line for line in lines if line.kind == "quiz"]
    return {
        "lines": lines,
        "courses": courses,
        "papers": papers,
        "average": average(line.grade_20 for line in lines),
        "copies_average": average(line.grade_20 for line in copies),
        "quizzes_average": average(line.grade_20 for line in quizzes),
        "copies_count": len(copies),
        "quizzes_count": len(quizzes),
        "chart": grade_chart(lines),
    }
