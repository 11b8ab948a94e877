"""Reads of the course studio: only the courses ``user`` produces
(``content.selectors.courses_produced_by``), with what each page needs."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q

from courses.api import Activity, Section

from ..models import ErrorReport, Revision
from ..selectors import courses_produced_by


def studio_courses(user):
    """The courses ``user`` produces, with their numbers of sections,
    activities and open error reports (one query)."""
    return (
        courses_produced_by(user)
        .annotate(
            section_count=Count("sections", distinct=True),
            activity_count=Count("activities", distinct=True),
            open_reports=Count(
                "activities__error_reports",
                filter=Q(activities__error_reports__status__in=ErrorReport.OPEN_STATUSES),
                distinct=True,
            ),
        )
        .order_by("position", "title")
    )


def studio_outline(course) -> list[Section]:
    """Every section of ``course`` in the order candidates see them, each
    with all its activities (hidden ones too) in ``section.items``, each
    activity with its number of open error reports (two queries)."""
    activities = Activity.objects.annotate(
        open_reports=Count(
            "error_reports", filter=Q(error_reports__status__in=ErrorReport.OPEN_STATUSES)
        )
    ).order_by("position", "pk")
    sections = list(
        Section.objects.filter(course=course)
        .order_by("-is_essential", "position", "pk")
        .prefetch_related(Prefetch("activities", queryset=activities, to_attr="items"))
    )
    return sections


def revisions_of(obj):
    """The revisions of an activity or a section, newest first, with their
    authors."""
    return (
        Revision.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        )
        .select_related("author", "restored_from")
        .order_by("-created_at", "-pk")
    )
