"""The PDF calendar of a preparation: what goes in it and its rendering by
WeasyPrint (called from a Celery task, never in a request)."""

import hashlib
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from assignments import api as assignments_api
from courses import api as courses_api

from .models import Event
from .selectors import local_bounds

# Replaced after hashing, so that the hash only changes with the inputs.
GENERATED_AT = "@@GENERATED_AT@@"


def _courses_of(preparation, candidate=None):
    enrolments = courses_api.Enrolment.objects.filter(
        role=courses_api.Enrolment.Role.CANDIDATE,
        status=courses_api.Enrolment.Status.ACTIVE,
        registration__preparation=preparation,
    )
    if candidate is not None:
        enrolments = enrolments.filter(registration__candidate=candidate)
    return courses_api.Course.objects.filter(pk__in=enrolments.values("course_id"))


def pdf_context(preparation, candidate=None) -> dict:
    """Events of the preparation and of its courses within its dates, and the
    tracked activities of its courses; for a candidate, their deadlines and
    which lines they have completed. A constant number of queries."""
    start, end = local_bounds(preparation.opens_on, preparation.closes_on)
    courses = list(_courses_of(preparation, candidate).order_by("position", "title"))
    course_ids = [c.pk for c in courses]
    events = list(
        Event.objects.filter(Q(preparation=preparation) | Q(course_id__in=course_ids))
        .filter(starts_at__lt=end, ends_at__gte=start)
        .select_related("course")
        .order_by("starts_at", "pk")
    )
    activities = list(
        courses_api.Activity.objects.filter(course_id__in=course_ids, is_visible=True)
        .exclude(completion_rule="none")
        .select_related("course", "section")
        .order_by("course__position", "course__title", "section__position", "position", "pk")
    )
    done: set[int] = set()
    if candidate is not None:
        done = set(
            courses_api.Completion.objects.filter(
                user=candidate,
                activity_id__in=[a.pk for a in activities]
                + [e.activity_id for e in events if e.activity_id],
            ).values_list("activity_id", flat=True)
        )
    lines = [
        {
            "starts_at": e.starts_at,
            "ends_at": e.ends_at,
            "title": e.title,
            "kind": e.get_kind_display(),
            "where": e.place or (e.course.title if e.course_id else ""),
            "done": e.activity_id in done if e.activity_id else None,
        }
        for e in events
    ]
    if candidate is not None:
        for deadline in assignments_api.deadlines_for(candidate, start, end):
            lines.append(
                {
                    "starts_at": deadline.due_at,
                    "ends_at": None,
                    "title": deadline.title,
                    "kind": Event.Kind.DEADLINE.label,
                    "where": deadline.course_title,
                    "done": None,
                }
            )
    lines.sort(key=lambda line: line["starts_at"])
    by_course: dict[int, dict] = {}
    for activity in activities:
        group = by_course.setdefault(activity.course_id, {"course": activity.course, "rows": []})
        group["rows"].append({"activity": activity, "done": activity.pk in done})
    return {
        "preparation": preparation,
        "candidate": candidate,
        "lines": lines,
        "activity_groups": list(by_course.values()),
        "generated_at": GENERATED_AT,
    }


def render_html(preparation, candidate=None) -> tuple[str, str]:
    """(HTML with a generation-time placeholder, hash of its inputs)."""
    with translation.override(settings.LANGUAGE_CODE), timezone.override(settings.TIME_ZONE):
        html = render_to_string(
            "calendar_app/pdf/calendar.html", pdf_context(preparation, candidate)
        )
    return html, hashlib.sha256(html.encode()).hexdigest()


def _static_roots() -> list[Path]:
    roots = [Path(settings.STATIC_ROOT)]
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            if getattr(storage, "location", None):
                roots.append(Path(storage.location))
    return [root.resolve() for root in roots]


def _fetcher_class():
    import weasyprint

    class LocalStaticFetcher(weasyprint.URLFetcher):
        """Reads local static files only: no network, no other file."""

        def fetch(self, url, headers=None):
            if not url.startswith("file://"):
                raise ValueError(f"Refused URL in a PDF: {url}")
            path = Path(url[len("file://") :].split("?")[0]).resolve()
            if not any(path.is_relative_to(root) for root in _static_roots()):
                raise ValueError(f"Refused file in a PDF: {url}")
            return super().fetch(url, headers)

    return LocalStaticFetcher


def render_pdf(html: str) -> bytes:
    import weasyprint

    base_url = Path(settings.BASE_DIR / "static").as_uri() + "/"
    return weasyprint.HTML(
        string=html, base_url=base_url, url_fetcher=_fetcher_class()()
    ).write_pdf()
