"""What the tutor board repeats on each of its rows (the candidate page
shows some of it too). Written in Python rather than as included templates
or per-row ``{% blocktranslate %}``: a board of 40 candidates draws some 150
progress bars, and the template machinery was most of the time it took to
build it."""

import datetime
from functools import lru_cache

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language, gettext, ngettext

from core.dates import format_date

register = template.Library()

_BADGES = {"high": "text-bg-danger", "watch": "text-bg-warning", "none": "text-bg-success"}


@register.simple_tag
def progress_bar(item):
    """The progress bar of a course or a section (``title``, ``percent``,
    ``done``, ``total``), labelled with its title."""
    return format_html(
        '<div class="progress" role="progressbar" aria-label="{title}" aria-valuenow="{percent}"'
        ' aria-valuemin="0" aria-valuemax="100" style="height: 1.1rem">\n'
        '  <div class="progress-bar bg-primary" style="width: {percent}%"></div>\n'
        "</div>\n"
        '<span class="small">{title} : {percent} % ({done}/{total})</span>',
        title=item.title,
        percent=item.percent,
        done=item.done,
        total=item.total,
    )


@register.simple_tag
def risk_badge(risk):
    """A candidate's drop-out risk (``tutoring.risk.Risk``): its level as a
    badge, and the reasons behind it."""
    level = risk.level
    reasons = ""
    if risk.reasons:
        reasons = format_html(
            '\n  <ul class="small mb-0 ps-3">{}</ul>',
            format_html_join("", "<li>{}</li>", ((reason,) for reason in risk.reasons)),
        )
    return format_html(
        '<div class="tutoring-risk tutoring-risk-{level}">\n'
        '  <span class="badge {badge}">{warning}{label}</span>{reasons}\n'
        "</div>",
        level=level,
        badge=_BADGES.get(level, "text-bg-success"),
        warning="⚠ " if level == "high" else "",
        label=risk.label,
        reasons=reasons,
    )


@register.simple_tag
def copies_summary(stats):
    """ "3 handed in, 1 due, 1 late" for ``assignments.api.SubmissionStats``,
    each count with its own plural (« 1 attendue », « 2 attendues »)."""
    return gettext("%(handed_in)s, %(due)s, %(late)s") % {
        "handed_in": ngettext("%(count)s handed in", "%(count)s handed in", stats.handed_in)
        % {"count": stats.handed_in},
        "due": ngettext("%(count)s due", "%(count)s due", stats.due) % {"count": stats.due},
        "late": ngettext("%(count)s late", "%(count)s late", stats.late) % {"count": stats.late},
    }


@lru_cache(maxsize=1024)
def _long_date(day: datetime.date, language: str | None) -> str:
    # ``language`` keys the cache: the month is named in the active one.
    return format_date(day, "j F Y")


@register.filter(expects_localtime=True)
def long_date(value):
    """``value|date:"j F Y"`` (in the current time zone and language),
    remembered per day: the board shows two such dates on every row."""
    if not value:
        return ""
    day = value.date() if isinstance(value, datetime.datetime) else value
    return _long_date(day, get_language())
