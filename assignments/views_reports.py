"""Grade reports (relevés de notes) and their exports. Who sees which
candidates: ``courses.relations.followed_enrolments`` (through
``assignments.reports``); a course outside them is a 404."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify

from core.spreadsheets import csv_response, ods_response

from .permissions import can_view_grade_report
from .reports import export_table, grade_report, parse_id

FORMATS = {"csv": csv_response, "ods": ods_response}


def _report(request):
    course_id = parse_id(request.GET.get("cours"))
    if request.GET.get("cours") and course_id is None:
        raise Http404
    report = grade_report(
        request.user,
        course_id=course_id,
        preparation_id=parse_id(request.GET.get("preparation")),
        paper_id=parse_id(request.GET.get("epreuve")),
    )
    if not report["courses"]:
        # Nobody whose grades this person follows (candidates, producers).
        raise PermissionDenied
    if course_id is not None and report["course"] is None:
        raise Http404
    if report["course"] is not None and not can_view_grade_report(request.user, report["course"]):
        raise Http404  # the selector and the predicate agree; kept as a guard
    return report


def grade_report_page(request):
    report = _report(request)
    query = request.GET.urlencode()
    return render(request, "assignments/grade_report.html", {**report, "query": query})


def grade_report_export(request, fmt):
    if fmt not in FORMATS:
        raise Http404
    report = _report(request)
    if report["course"] is None:
        raise Http404
    header, rows = export_table(report)
    name = f"releve-{slugify(report['course'].title)}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    if fmt == "ods":
        return ods_response(name, header, rows, sheet_name=report["course"].title[:31])
    return csv_response(name, header, rows)
