"""What the tutor board repeats on each of its rows (the candidate page
shows some of it too). Written in Python rather than as included templates
or per-row ``{% blocktranslate %}``: a board of 40 candidates draws some 150
progress bars, and the template machinery was most of the time it took to
build it."""

import datetime
from functools import lru_cache
from html import escape

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, ngettext

from core.dates import format_date

register = template.Library()

_BADGES = {"high": "text-bg-danger", "watch": "text-bg-warning", "none": "text-bg-success"}

_PROGRESS_BAR = (
    '<div class="progress" role="progressbar" aria-label="{title}" aria-valuenow="{percent}"'
    ' aria-valuemin="0" aria-valuemax="100" style="height: 1.1rem">\n'
    '  <div class="progress-bar bg-primary" style="width: {percent}%"></div>\n'
    "</div>\n"
    '<span class="small">{title} : {percent} % ({done}/{total})</span>'
)


def progress_bar_html(item) -> str:
    """``progress_bar`` as a plain string, for callers that join many:
    ``str.format`` on the escaped title instead of ``format_html``."""
    return _PROGRESS_BAR.format(
        title=escape(item.title), percent=item.percent, done=item.done, total=item.total
    )


@register.simple_tag
def progress_bar(item):
    """The progress bar of a course or a section (``title``, ``percent``,
    ``done``, ``total``), labelled with its title."""
    return mark_safe(progress_bar_html(item))  # noqa: S308 - the title is escaped


def risk_badge_html(risk) -> str:
    """``risk_badge`` as a plain string (see ``progress_bar_html``)."""
    level = risk.level
    reasons = ""
    if risk.reasons:
        items = "".join(f"<li>{escape(reason)}</li>" for reason in risk.reasons)
        reasons = f'\n  <ul class="small mb-0 ps-3">{items}</ul>'
    warning = "⚠ " if level == "high" else ""
    return (
        f'<div class="tutoring-risk tutoring-risk-{level}">\n'
        f'  <span class="badge {_BADGES.get(level, "text-bg-success")}">'
        f"{warning}{escape(str(risk.label))}</span>{reasons}\n"
        "</div>"
    )


@register.simple_tag
def risk_badge(risk):
    """A candidate's drop-out risk (``tutoring.risk.Risk``): its level as a
    badge, and the reasons behind it."""
    return mark_safe(risk_badge_html(risk))  # noqa: S308 - reasons and label are escaped


@register.simple_tag
def copies_summary(stats):
    """ "3 handed in, 1 due, 1 late" for ``assignments.api.SubmissionStats``,
    each count with its own plural (« 1 attendue », « 2 attendues »)."""
    return _copies_summary(stats.handed_in, stats.due, stats.late, get_language())


@lru_cache(maxsize=1024)
def _copies_summary(handed_in: int, due: int, late: int, language: str | None) -> str:
    # Remembered per counts and language: most rows of a board repeat a few.
    return gettext("%(handed_in)s, %(due)s, %(late)s") % {
        "handed_in": ngettext("%(count)s handed in", "%(count)s handed in", handed_in)
        % {"count": handed_in},
        "due": ngettext("%(count)s due", "%(count)s due", due) % {"count": due},
        "late": ngettext("%(count)s late", "%(count)s late", late) % {"count": late},
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


# --- The rows of the tutor board -------------------------------------------------
#
# The board's <tbody> is written here in one pass: a template loop over 40
# rows resolved some 3,500 variables and tags per table, most of the time
# the page took. The HTML is the one tutoring/_board_table.html wrote (the
# tests compare it); each part keeps the template's spacing.


class _BoardText:
    """The words and links every row repeats, translated, escaped and
    resolved once per table."""

    def __init__(self, show_tutor: bool):
        from core.links import url_maker

        def text(value) -> str:
            return escape(str(value))

        self.show_tutor = show_tutor
        self.no_interview = (
            '<div class="small text-body-secondary">'
            f"{text(gettext('No first interview yet'))}</div>"
        )
        self.tutor_cell = f'<td data-label="{text(gettext("Tutor"))}">'
        self.progress_cell = (
            '\n      <td class="board-progress"'
            f' data-label="{text(gettext("Progress"))}">\n        '
        )
        self.seen_cell = (
            '\n      </td>\n      <td class="small"'
            f' data-label="{text(gettext("Last login / activity"))}">\n        '
            f"{text(gettext('Login:'))} "
        )
        self.never = text(gettext("never"))
        self.activity = f"<br>\n        {text(gettext('Activity:'))} "
        self.no_activity = text(gettext("none"))
        self.copies_cell = (
            '\n      </td>\n      <td class="small"'
            f' data-label="{text(gettext("Copies"))}">\n        '
        )
        self.unread = f' <span class="badge text-bg-warning">{text(gettext("unread"))}</span>'
        self.remind = text(gettext("Send a reminder"))
        self.questions_cell = (
            '\n      </td>\n      <td class="small"'
            f' data-label="{text(gettext("Questions"))}">\n        '
        )
        self.overdue = text(gettext("overdue since"))
        self.due = text(gettext("due"))
        self.none_waiting = text(gettext("None waiting"))
        self.trainers_asked = text(gettext("Trainers asked:"))
        self.risk_cell = f'\n      </td>\n      <td data-label="{text(gettext("Risk"))}">'
        self.candidate_url = url_maker("tutoring:candidate")
        self.thread_url = url_maker("tutoring:thread")
        self.request_url = url_maker("tutoring:trainer_request")
        self.timezone = timezone.get_current_timezone()
        self.language = get_language()
        self.today = timezone.localdate()

    def long_date(self, moment) -> str:
        return escape(_long_date(moment.astimezone(self.timezone).date(), self.language))

    def due_on(self, item) -> str:
        """`` — overdue since 2 December`` or `` — due Friday 4 December``."""
        if item.is_overdue(self.today):
            return f"<strong>{self.overdue} {escape(format_date(item.due_on, 'j F'))}</strong>"
        return f"{self.due} {escape(format_date(item.due_on, 'l j F'))}"


def _grades(stats, text: _BoardText) -> str:
    from assignments.api import format_grade

    if not stats.latest_grades:
        return ""
    items = "".join(
        f"<li>{escape(grade.assignment_title)}\xa0: {escape(format_grade(grade.grade))}"
        f" / {grade.scale}{'' if grade.read else text.unread}</li>"
        for grade in stats.latest_grades
    )
    return f'<ul class="list-unstyled mb-0">{items}</ul>'


def _unread_feedback(count: int, url: str, text: _BoardText) -> str:
    if not count:
        return ""
    said = ngettext(
        "%(counter)s returned copy not opened", "%(counter)s returned copies not opened", count
    ) % {"counter": count}
    return f'<div>{said} — <a href="{url}#relance">{text.remind}</a></div>'


def _questions(row, text: _BoardText) -> str:
    """The questions waiting for the tutor, then the requests waiting for
    the trainers (``None waiting`` when neither)."""
    threads = "".join(
        f'\n          <div><a href="{text.thread_url(thread.pk)}">{escape(thread.title)}</a>'
        f" — {text.due_on(thread)}</div>\n        "
        for thread in row.open_threads
    )
    if not row.open_threads and not row.trainer_requests:
        threads = text.none_waiting
    requests = "".join(
        f"\n          <div>{text.trainers_asked}"
        f' <a href="{text.request_url(request.pk)}">{escape(request.thread.title)}</a>'
        f" — {text.due_on(request)}</div>\n        "
        for request in row.trainer_requests
    )
    return f"{threads}\n        {requests}"


def _board_row(row, text: _BoardText) -> str:
    url = text.candidate_url(row.registration_id)
    tutor = ""
    if text.show_tutor:
        name = row.tutor.get_display_name() if row.tutor is not None else ""
        tutor = f"{text.tutor_cell}{escape(name)}</td>"
    courses = "".join(
        f"\n          {progress_bar_html(course)}\n        " for course in row.courses
    )
    login = text.long_date(row.last_login) if row.last_login else text.never
    activity = text.long_date(row.last_activity) if row.last_activity else text.no_activity
    stats = row.stats
    return (
        f'\n    <tr>\n      <th scope="row"><a href="{url}">'
        f"{escape(row.candidate.get_display_name())}</a>\n        "
        f"{'' if row.has_interview else text.no_interview}\n      </th>\n      {tutor}"
        f"{text.progress_cell}{courses}"
        f"{text.seen_cell}{login}{text.activity}{activity}"
        f"{text.copies_cell}{escape(copies_summary(stats))}\n        {_grades(stats, text)}"
        f"\n        {_unread_feedback(stats.unread_feedback, url, text)}"
        f"{text.questions_cell}{_questions(row, text)}"
        f"{text.risk_cell}{risk_badge_html(row.risk)}</td>\n    </tr>\n  "
    )


@register.simple_tag
def board_rows(rows, show_tutor):
    """Every ``<tr>`` of the tutor board (``tutoring.selectors.BoardRow``),
    with the tutor column when ``show_tutor``."""
    text = _BoardText(show_tutor)
    return mark_safe("".join(_board_row(row, text) for row in rows))  # noqa: S308 - escaped above
