"""Pages written in Markdown (the legal and help pages), shown as HTML.

Markdown is what an administrator types in "Pages statiques"; the HTML
shown is sanitised (nh3): headings, paragraphs, lists, emphasis, links,
tables and quotations are kept, scripts, styles, event handlers and
``javascript:`` addresses are not. HTML typed among the Markdown (the
pages' first versions were HTML) goes through the same sanitiser."""

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "dl", "dt", "em", "h2", "h3", "h4",
    "hr", "li", "ol", "p", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "th": {"scope"},
    "ol": {"start"},
    "*": {"lang"},
}


def markdown_to_html(text: str) -> SafeString:
    """``text`` (Markdown, or HTML) as clean HTML."""
    html = markdown.markdown(text or "", extensions=["sane_lists", "tables"])
    return mark_safe(  # noqa: S308 - nh3 has just sanitised it
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes={"http", "https", "mailto", "tel"},
        )
    )
