"""The HTML of a thread page's messages, written in Python.

This was ``_thread_posts.html``, the costliest part of the page: some
twenty template nodes per message (conditions, filters, translations,
``{% url %}``, ``{% csrf_token %}``), rendered for every first visit. Here
each message is a few string joins of values escaped once, the labels are
translated once per page and the links reversed once per process. The
output is byte for byte what the template wrote
(tests/forums/test_thread_html.py compares it with copies saved before)."""

import datetime
from dataclasses import dataclass

from django.template.defaultfilters import filesizeformat, linebreaksbr, truncatewords
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.html import conditional_escape as esc
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import richtext
from .selectors import PostRow


def when(local: datetime.datetime) -> str:
    """``format_date(local, "j F Y, H:i")`` (« 1er mars 2026, 09:05 »)
    without parsing the format for each message: half the cost of a
    message's line (tests/forums/test_thread_html.py compares the two)."""
    first = local.day == 1 and (get_language() or "").startswith("fr")
    day = "1er" if first else str(local.day)
    return f"{day} {MONTHS[local.month]} {local.year:04d}, {local.hour:02d}:{local.minute:02d}"


class _Urls:
    """A link's address reversed once per process with a stand-in id, then
    completed per message (``reverse`` costs more than the rest of a line)."""

    _ID = 987654321

    def __init__(self):
        self._parts: dict[str, tuple[str, str]] = {}

    def __call__(self, name: str, pk: int) -> str:
        if name not in self._parts:
            before, after = reverse(name, args=[self._ID]).split(str(self._ID))
            self._parts[name] = (esc(before), esc(after))
        before, after = self._parts[name]
        return f"{before}{pk}{after}"


url = _Urls()


@dataclass(frozen=True, slots=True)
class Labels:
    """The words of the page, translated and escaped once per page."""

    hidden_text: str
    hidden_badge: str
    attachments: str
    quote: str
    edit: str
    hide: str
    show: str

    @classmethod
    def now(cls) -> "Labels":
        return cls(
            hidden_text=esc(_("This message was hidden by the moderators.")),
            hidden_badge=esc(_("Hidden from participants")),
            attachments=esc(_("Attachments")),
            quote=esc(_("Quote")),
            edit=esc(_("Edit")),
            hide=esc(_("Hide")),
            show=esc(_("Show again")),
        )


@dataclass(frozen=True, slots=True)
class Reader:
    """What the messages of a page show depends on: the reader's rights, the
    reply address and (moderators) their CSRF field."""

    is_moderator: bool
    can_reply: bool
    reply_url: str
    csrf_input: str
    labels: Labels


def csrf_input(token: str) -> str:
    """What ``{% csrf_token %}`` writes."""
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)


def article(post: PostRow, can_edit: bool, reader: Reader) -> str:
    """One message, as an ``<article>`` and its trailing newline."""
    pk, author = post.pk, esc(post.author_name)
    created = timezone.localtime(post.created_at)
    edited = ""
    if post.edited_at:
        date = esc(when(timezone.localtime(post.edited_at)))
        edited = " · " + _("edited %(date)s") % {"date": date}
    return (
        f'<article class="card mb-3 forum-post{" border-warning" if post.is_hidden else ""}"'
        f' id="message-{pk}" aria-labelledby="message-{pk}-author">\n'
        '  <div class="card-header bg-white d-flex flex-wrap justify-content-between gap-2">\n'
        f'    <h3 class="h6 mb-0" id="message-{pk}-author">{author}</h3>\n'
        f'    <span class="small text-body-secondary"><time datetime="{created.isoformat()}">'
        f"{esc(when(created))}</time>{edited}</span>\n"
        "  </div>\n"
        '  <div class="card-body">\n'
        f"    {_body(post, reader)}\n"
        "  </div>\n"
        f"  {_actions(post, can_edit, reader, author)}\n"
        "</article>\n"
    )


def _body(post: PostRow, reader: Reader) -> str:
    labels = reader.labels
    if post.is_hidden and not reader.is_moderator:
        return f'\n      <p class="fst-italic mb-0">{labels.hidden_text}</p>\n    '
    badge = f'<p class="badge text-bg-warning">{labels.hidden_badge}</p>' if post.is_hidden else ""
    return (
        f"\n      {badge}\n"
        f"      {_quotation(post, labels)}\n"
        f'      <div class="post-body">{richtext.shown(post.body)}</div>\n'
        f"      {_attachments(post, labels)}\n    "
    )


def _quotation(post: PostRow, labels: Labels) -> str:
    quoted = post.quoted
    if quoted is None:
        return ""
    wrote = _("%(author)s wrote:") % {"author": esc(quoted.author_name)}
    if quoted.is_hidden:
        excerpt = f'<p class="fst-italic">{labels.hidden_text}</p>'
    else:
        excerpt = f"<p>{linebreaksbr(truncatewords(quoted.body_text, 60), autoescape=True)}</p>"
    return (
        "\n"
        '        <blockquote class="blockquote-quote border-start border-3 ps-3'
        ' text-body-secondary">\n'
        f'          <p class="small mb-1">{wrote}</p>\n'
        f"          {excerpt}\n"
        "        </blockquote>\n      "
    )


def _attachments(post: PostRow, labels: Labels) -> str:
    if not post.attachments:
        return ""
    items = "".join(
        f'<li><a href="{url("forums:attachment", pk)}">{esc(name)}</a>'
        f' <span class="small text-body-secondary">({esc(filesizeformat(size))})</span></li>'
        for pk, name, size in post.attachments
    )
    return (
        f'\n        <h4 class="h6 mt-3">{labels.attachments}</h4>\n        <ul>{items}</ul>\n      '
    )


def _actions(post: PostRow, can_edit: bool, reader: Reader, author: str) -> str:
    if not (reader.can_reply or can_edit or reader.is_moderator):
        return ""
    labels, pk = reader.labels, post.pk
    whose = _("the message of %(author)s") % {"author": author}
    of_author = f'<span class="visually-hidden"> {whose}</span>'
    quote = edit = hide = ""
    if reader.can_reply and not post.is_hidden:
        quote = (
            f'<a class="btn btn-sm btn-outline-primary" href="{reader.reply_url}?citer={pk}">'
            f"{labels.quote}{of_author}</a>"
        )
    if can_edit:
        edit = (
            f'<a class="btn btn-sm btn-outline-secondary" href="{url("forums:post_edit", pk)}">'
            f"{labels.edit}{of_author}</a>"
        )
    if reader.is_moderator:
        hide = (
            "\n"
            f'      <form method="post" action="{url("forums:post_hide", pk)}">\n'
            f"        {reader.csrf_input}\n"
            f'        <input type="hidden" name="hidden" value="{0 if post.is_hidden else 1}">\n'
            '        <button type="submit" class="btn btn-sm btn-outline-danger">'
            f"{labels.show if post.is_hidden else labels.hide}{of_author}</button>\n"
            "      </form>\n    "
        )
    return (
        "\n"
        '  <div class="card-body border-top py-2 d-flex flex-wrap gap-2">\n'
        f"    {quote}\n"
        f"    {edit}\n"
        f"    {hide}\n"
        "  </div>\n  "
    )
