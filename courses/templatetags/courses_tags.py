from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext

from courses import outline
from courses.sanitize import clean_html

register = template.Library()


@register.filter
def sanitized(html):
    """Rich text made safe to show (see courses/sanitize.py)."""
    return mark_safe(clean_html(html))  # noqa: S308 - cleaned by nh3 just above


def progress_text(progress) -> str:
    """ "50 % — 1 of 2 activities done" (the visible and spoken value)."""
    return ngettext(
        "%(percent)s %% — %(done)s of %(total)s activity done",
        "%(percent)s %% — %(done)s of %(total)s activities done",
        progress.done,
    ) % {"percent": progress.percent, "done": progress.done, "total": progress.total}


@register.inclusion_tag("courses/includes/progress.html")
def progress_bar(course, progress, heading_id=""):
    """A course's progress bar with its text and aria values."""
    return {
        "course": course,
        "progress": progress,
        "heading_id": heading_id,
        "text": progress_text(progress),
    }


@register.simple_tag
def activity_state_badge(done):
    """An activity's state badge, "Done" or "To do" (written by
    ``courses.outline``, as in the course outline)."""
    return outline.state_badge(bool(done))


@register.simple_tag(takes_context=True)
def activity_tick_form(context, activity, done):
    """The form that ticks ``activity`` (posted to its ``tick_url``, back to
    this page) or unticks it when ``done`` (written by ``courses.outline``,
    as in the course outline)."""
    return outline.tick_form(
        action=activity.tick_url,
        title=activity.title,
        done=bool(done),
        csrf_token=str(context["csrf_token"]),
        next_url=context["request"].path,
    )
