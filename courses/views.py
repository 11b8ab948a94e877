"""Course pages. Access comes from ``courses.selectors`` (404 for what the
user may not see)."""

from django.shortcuts import get_object_or_404, render

from .selectors import activities_visible_to, courses_visible_to


def course_detail(request, slug):
    course = get_object_or_404(courses_visible_to(request.user), slug=slug)
    activities = activities_visible_to(request.user, course).select_related("section")
    return render(
        request, "courses/course_detail.html", {"course": course, "activities": activities}
    )


def activity_detail(request, slug, activity_id):
    course = get_object_or_404(courses_visible_to(request.user), slug=slug)
    activity = get_object_or_404(activities_visible_to(request.user, course), pk=activity_id)
    return render(request, "courses/activity_detail.html", {"course": course, "activity": activity})
