"""What other apps use from ``forums``. Subscriptions on enrolment are made
by forums itself, listening to ``courses.signals.enrolments_changed``."""

from django.db.models import F, Q


def url_for_activity(activity) -> str | None:
    """Page of the forum behind a ``forum`` activity: the forum linked to
    it, else its course's general forum, if any. One query."""
    from .models import Forum

    forum = (
        Forum.objects.filter(
            Q(activity_id=activity.pk)
            | Q(course_id=activity.course_id, kind=Forum.Kind.GENERAL, activity=None)
        )
        .order_by(F("activity_id").asc(nulls_last=True))  # the linked forum first
        .only("pk")
        .first()
    )
    return forum.get_absolute_url() if forum else None


def unread_count(user) -> int:
    """Unread posts in the forums ``user`` follows (top bar badge). One query."""
    from .selectors import unread_total

    return unread_total(user)


def report_error(*, reporter, activity, text: str, report_url: str = ""):
    """Post an error report about ``activity`` in the "Signalements" forum of
    the reporter's preparation that includes the activity's course (staff
    answer there; the reporter follows the thread). Returns the thread, or
    None when the reporter has no such preparation. Runs in the caller's
    transaction."""
    from django.utils.html import escape
    from django.utils.translation import gettext as _

    from courses.api import Registration

    from . import permissions, services
    from .models import Forum

    preparation_ids = Registration.objects.filter(
        candidate=reporter, enrolments__course_id=activity.course_id
    ).values_list("preparation_id", flat=True)
    forum = (
        Forum.objects.filter(preparation_id__in=preparation_ids, kind=Forum.Kind.REPORTS)
        .order_by("-preparation__session_year")
        .first()
    )
    if forum is None or not permissions.can_start_thread(reporter, forum):
        return None
    link = f' <a href="{escape(report_url)}">{escape(report_url)}</a>' if report_url else ""
    intro = _("Error reported in “%(title)s” (%(course)s):") % {
        "title": activity.title,
        "course": activity.course.title,
    }
    body = (
        f"<p>{escape(intro)}</p><p>{escape(text)}</p><p>{escape(_('Follow the report:'))}{link}</p>"
    )
    return services.thread_create(
        actor=reporter,
        forum=forum,
        title=_("Error: %(title)s") % {"title": activity.title},
        body=body,
    )


def forum_for_activity(*, activity, title: str, description: str = "", announcements=False):
    """The forum opened by a ``forum`` activity (created when missing; an
    imported Moodle forum). Runs in the caller's transaction."""
    from .models import Forum

    forum, _created = Forum.objects.get_or_create(
        activity=activity,
        defaults={
            "course_id": activity.course_id,
            "kind": Forum.Kind.ANNOUNCEMENTS if announcements else Forum.Kind.GENERAL,
            "title": title[:200],
            "description": description,
        },
    )
    return forum
