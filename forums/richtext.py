"""The rich text of forum messages: the site's sanitiser, policy "forum"
(core/markup.py).

Messages are typed in a plain text area: text without markup becomes
paragraphs; the few tags of the policy are kept, everything else (scripts,
event handlers, styles, images, iframes) is stripped."""

import html
import re

from django.utils.html import linebreaks, strip_tags

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
