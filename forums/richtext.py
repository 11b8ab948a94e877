"""The rich text of forum messages: the site's sanitiser, policy "forum"
(core/markup.py).

Messages are typed in a plain text area: text without markup becomes
paragraphs; the few tags of the policy are kept, everything else (scripts,
event handlers, styles, images, iframes) is stripped."""

import html
import re

import nh3
from django.utils.html import linebreaks, strip_tags
from django.utils.safestring import SafeString, mark_safe

from core import markup

_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")


def sanitise(raw: str) -> str:
    """Safe HTML for ``raw`` (markup or plain text)."""
    raw = (raw or "").strip()
    if not _TAG.search(raw):
        raw = linebreaks(raw, autoescape=True)
    return markup.clean(raw, "forum")


def to_text(safe_html: str) -> str:
    """Plain text of sanitised HTML (search, emails)."""
    text = re.sub(r"</(p|li|blockquote|pre)>|<br\s*/?>", "\n", safe_html)
    text = html.unescape(strip_tags(text))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _forum_cleaner() -> nh3.Cleaner:
    """``markup.clean(..., "forum")`` as one prebuilt ``nh3.Cleaner``: the
    same rules, without rebuilding them for each message shown (half the
    cost of cleaning a message)."""
    rules = markup.POLICIES["forum"]
    return nh3.Cleaner(
        tags=set(rules.tags),
        clean_content_tags=markup._DROPPED_WITH_CONTENT - rules.tags,
        attributes={tag: set(names) for tag, names in rules.attributes.items()},
        url_schemes=set(rules.url_schemes),
        link_rel=rules.link_rel,
    )


_CLEANER = _forum_cleaner()


def shown(body: str | None) -> SafeString:
    """A stored message cleaned again as it is shown (core/markup.py: a row
    written around the sanitiser is still safe on screen), as the template
    filter ``clean:"forum"`` does."""
    return mark_safe(_CLEANER.clean(body or "").strip())  # noqa: S308 - nh3 has just sanitised it
