"""A course outline's HTML (course page, the studio's preview as a
candidate), written in Python rather than by a template loop.

A 60-activity outline made Django's template engine render about 1,700
nodes (each activity's link, badges, tick form and their ``{% if %}``),
half of the page's CPU. Here each activity is a few string joins; the words
are translated once per outline. The HTML is the one the earlier template
loop rendered, character for character (tests/courses/test_page_html.py
compares it with golden files).

An activity's state badge and tick form are written here only: the
activity page shows them through the template tags
``{% activity_state_badge %}`` and ``{% activity_tick_form %}``
(courses/templatetags/courses_tags.py), which call ``state_badge`` and
``tick_form`` below.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.middleware.csrf import get_token
from django.utils.dateformat import time_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.dates import format_date

from .models import Activity

_MANUAL = Activity.CompletionRule.MANUAL.value
_NONE = Activity.CompletionRule.NONE.value


@dataclass
class Outline:
    """What the outline shows beside its rows: ``sections`` is
    [(section, [activity, ...]), ...] (models or rows with the same
    attribute names: pk, title, summary, is_essential; pk, title, kind,
    completion_rule, is_visible); ``done`` the ids of the activities the
    reader completed; ``sessions`` {activity id: WorkshopDate}."""

    sections: Sequence[tuple[object, Sequence[object]]]
    page_url: Callable[[int], str]
    tick_url: Callable[[int], str] | None = None
    done: set[int] | frozenset[int] = frozenset()
    sessions: dict = field(default_factory=dict)
    calendar_links: Iterable[object] = ()
    registration: object | None = None
    can_act: bool = False


class _Words:
    """The outline's words, translated and escaped once per language."""

    def __init__(self):
        self.hidden = escape(_("hidden"))
        self.essentials = escape(_("Essentials"))
        self.to_print = escape(_("to print and tick"))
        self.tick, self.untick = escape(_("Mark as done")), escape(_("Mark as not done"))
        self.done, self.todo = escape(_("Done")), escape(_("To do"))
        self.held = _("Session held on %(day)s")
        self.next = _("Next session: %(day)s at %(time)s")
        self.automatic = _("Completed automatically (%(rule)s)")
        # str(): ``escape`` of a lazy label would stay lazy, translated and
        # escaped anew at each activity.
        self.kinds = {value: escape(str(label)) for value, label in Activity.Kind.choices}
        self.rules = {value: escape(str(label)) for value, label in Activity.CompletionRule.choices}


_WORDS: dict[str | None, _Words] = {}


def _words() -> _Words:
    """The outline's words in the active language, built once per process
    and language (the catalogues do not change while it runs)."""
    language = get_language()
    words = _WORDS.get(language)
    if words is None:
        words = _WORDS[language] = _Words()
    return words


def _escape(text: str) -> SafeString:
    """``django.utils.html.escape`` for a ``str`` (no lazy string here),
    without its wrapper: a title or two per activity."""
    return SafeString(html.escape(text))


def render(outline: Outline, request) -> SafeString:
    """The outline's sections (or "No activity yet.")."""
    words = _words()
    if not outline.sections:
        return mark_safe(f"\n  <p>{escape(_('No activity yet.'))}</p>\n")  # noqa: S308 - escaped
    tick_form = (
        _tick_forms(words, csrf_token=get_token(request), next_url=request.path)
        if outline.can_act and outline.tick_url
        else None
    )
    links = "".join(
        f'\n        <li class="list-group-item"><a href="{escape(link.url)}">'
        f"{escape(link.label)}</a> "
        f'<span class="small text-body-secondary">{words.to_print}</span></li>\n      '
        for link in outline.calendar_links
    )
    parts = []
    for section, activities in outline.sections:
        badge = (
            f' <span class="badge text-bg-info">{words.essentials}</span>'
            if section.is_essential
            else ""
        )
        summary = f"<p>{escape(section.summary)}</p>" if section.summary else ""
        parts.append(
            f'\n  <section class="mb-4" aria-labelledby="section-{section.pk}">\n'
            f'    <h2 class="h4" id="section-{section.pk}">{escape(section.title)}{badge}</h2>\n'
            f"    {summary}\n"
            '    <ul class="list-group">\n      '
        )
        parts.extend(_item(outline, words, activity, tick_form) for activity in activities)
        parts.append(f"\n      {links if section.is_essential else ''}\n    </ul>\n  </section>\n")
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped above


def state_badge(done: bool) -> SafeString:
    """An activity's state badge ("Done" or "To do", the words the page's
    script swaps when the activity is ticked), with its line break."""
    return mark_safe(_state_badge(_words(), done))  # noqa: S308 - escaped


def tick_form(*, action: str, title: str, done: bool, csrf_token: str, next_url: str) -> SafeString:
    """The form that ticks (or unticks, ``done``) an activity: posted to
    ``action``, back to ``next_url``; ``title`` is said to screen readers."""
    form = _tick_forms(_words(), csrf_token=csrf_token, next_url=next_url)
    return mark_safe(form(action, escape(title), done))  # noqa: S308 - escaped


def _state_badge(words: _Words, done: bool) -> str:
    return (
        f'<span class="badge {"text-bg-success" if done else "text-bg-secondary"}" data-state '
        f'data-label-done="{words.done}" data-label-todo="{words.todo}">'
        f"{words.done if done else words.todo}</span>\n"
    )


def _tick_forms(
    words: _Words, *, csrf_token: str, next_url: str
) -> Callable[[str, str, bool], str]:
    """The tick form of each activity of a page, ``form(action, escaped
    title, done)``: one CSRF token for the page (the value of the
    template's ``{% csrf_token %}``)."""
    head = (
        '<form method="post" action="{action}" class="tick-form" data-tick-form\n'
        f'      data-label-tick="{words.tick}" data-label-untick="{words.untick}">\n'
        '  <input type="hidden" name="csrfmiddlewaretoken" '
        f'value="{escape(csrf_token)}">\n'
    )
    path = escape(next_url)

    def form(action: str, title: str, done: bool) -> str:
        return (
            head.replace("{action}", escape(action), 1)
            + f'  <input type="hidden" name="done" value="{0 if done else 1}">\n'
            f'  <input type="hidden" name="next" value="{path}">\n'
            '  <button type="submit" class="btn btn-sm '
            f'{"btn-outline-secondary" if done else "btn-primary"}">\n'
            "    <span data-tick-label>"
            f"{words.untick if done else words.tick}</span>"
            f'<span class="visually-hidden">\xa0: {title}</span>\n'
            "  </button>\n</form>\n"
        )

    return form


def _session(words: _Words, session) -> str:
    if not session:
        return ""
    starts_at = localtime(session.starts_at)
    day = escape(format_date(starts_at, "l j F Y"))
    if session.is_past:
        text = words.held % {"day": day}
    else:
        text = words.next % {"day": day, "time": escape(time_format(starts_at, "H:i"))}
    return f'<span class="small text-body-secondary d-block">{text}</span>'


def _item(outline: Outline, words: _Words, activity, tick_form) -> str:
    """One activity of the outline: its link, kind, session, state and tick
    form (or the rule that completes it)."""
    pk, title, rule = activity.pk, _escape(activity.title), activity.completion_rule
    tracked = rule != _NONE
    done = pk in outline.done
    state = ""
    if outline.registration and tracked:
        state = f"\n                {_state_badge(words, done)}\n              "
    hidden = (
        "" if activity.is_visible else f'<span class="badge text-bg-warning">{words.hidden}</span>'
    )
    if tick_form is not None and rule == _MANUAL:
        action = f"\n              {tick_form(outline.tick_url(pk), title, done)}\n            "
    elif outline.registration and tracked and rule != _MANUAL:
        label = words.rules[rule] if rule in words.rules else escape(rule)
        automatic = words.automatic % {"rule": label}
        action = (
            f'\n              <span class="small text-body-secondary">{automatic}</span>'
            "\n            "
        )
    else:
        action = ""
    kind = activity.kind
    session = outline.sessions.get(pk)
    return (
        f'\n        <li class="list-group-item activity-item" id="activite-{pk}">\n'
        '          <div class="d-flex flex-wrap gap-2 align-items-center '
        'justify-content-between">\n'
        '            <div class="me-auto">\n'
        f'              <a href="{html.escape(outline.page_url(pk))}" class="fw-semibold">'
        f"{title}</a>\n"
        f'              <span class="badge text-bg-light border">'
        f"{words.kinds[kind] if kind in words.kinds else escape(kind)}</span>\n"
        f"              {_session(words, session) if session else ''}\n"
        f"              {state}\n"
        f"              {hidden}\n"
        "            </div>\n"
        f"            {action}\n"
        "          </div>\n"
        "        </li>\n      "
    )
