"""The rich-text subset of forum messages, sanitised with nh3 (Ammonia).

Messages are typed in a plain text area: text without markup becomes
paragraphs; the few tags below are kept, everything else (scripts, event
handlers, styles, images, iframes) is stripped."""

import html
import re

import nh3
from django.utils.html import linebreaks, strip_tags

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "a",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")


def sanitise(raw: str) -> str:
    """Safe HTML for ``raw`` (markup or plain text)."""
    raw = (raw or "").strip()
    if not _TAG.search(raw):
        raw = linebreaks(raw, autoescape=True)
    return nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style", "iframe", "object", "template"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
    ).strip()


def to_text(safe_html: str) -> str:
    """Plain text of sanitised HTML (search, emails)."""
    text = re.sub(r"</(p|li|blockquote|pre)>|<br\s*/?>", "\n", safe_html)
    text = html.unescape(strip_tags(text))
    return re.sub(r"\n{3,}", "\n\n", text).strip()
