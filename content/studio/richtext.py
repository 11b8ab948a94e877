"""Rich text as the studio receives it.

The editor (static/js/richtext.js, Squire) posts HTML and says so in a
hidden ``<field>-format`` input; without JavaScript the textarea holds
plain paragraphs (Markdown: blank line between paragraphs, ``- `` for a
list, ``## `` for a heading, ``**bold**``), turned into HTML here. Either
way the result goes through the sheets' sanitiser (``courses.api.clean_html``,
nh3) before it is stored: no one is ever asked to type HTML."""

import markdown
from django import forms
from django.utils.translation import gettext_lazy as _
from markdownify import markdownify

from courses.api import clean_html

HTML = "html"


def text_to_html(text: str) -> str:
    """Paragraphs typed without the editor, as clean HTML."""
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        return ""
    # Markdown's raw HTML is escaped first: the fallback takes text only.
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return clean_html(markdown.markdown(escaped, extensions=["sane_lists", "nl2br"]))


def html_to_text(html: str) -> str:
    """Stored HTML as the paragraphs the fallback textarea shows."""
    if not html:
        return ""
    return markdownify(clean_html(html), heading_style="ATX", bullets="-").strip()


class RichTextarea(forms.Textarea):
    """A textarea the editor script enhances (``data-richtext``). The stored
    HTML goes in ``data-html`` for the editor; the textarea itself shows it
    as plain paragraphs, for whoever has no JavaScript."""

    template_name = "content/studio/widgets/richtext.html"

    def __init__(self, attrs=None):
        super().__init__({"rows": 12, "data-richtext": "1", **(attrs or {})})

    def format_value(self, value):
        return value or ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        html = clean_html(value or "")
        context["widget"]["value"] = html_to_text(html)
        context["widget"]["attrs"]["data-html"] = html
        context["widget"]["format_name"] = f"{name}-format"
        return context

    def value_from_datadict(self, data, files, name):
        value = data.get(name)
        if value is None:
            return None
        if data.get(f"{name}-format") == HTML:
            return clean_html(value)
        return text_to_html(value)


class RichTextField(forms.CharField):
    """Formatted text (sheets, summaries, instructions), clean HTML out."""

    widget = RichTextarea

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text",
            _(
                "Headings, bold, italics, lists, quotations and links. Without the editor: "
                "leave a blank line between paragraphs, start list items with “- ”."
            ),
        )
        kwargs.setdefault("max_length", 200_000)
        super().__init__(strip=True, **kwargs)
