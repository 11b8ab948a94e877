import re
from decimal import Decimal

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from courses.api import clean_html

register = template.Library()

_PARAGRAPH = re.compile(r"<p(\s[^>]*)?>")


@register.filter
def rich(html, inline=False):
    """A question text or explanation (plain text or HTML), cleaned by the
    sheets' sanitiser. ``inline``: paragraphs become block spans, for a
    ``<legend>`` (which may not hold paragraphs)."""
    cleaned = clean_html(html or "")
    if inline:
        cleaned = _PARAGRAPH.sub(r'<span class="d-block"\1>', cleaned).replace("</p>", "</span>")
    return mark_safe(cleaned)  # noqa: S308 - cleaned by nh3 just above


def _number(value) -> str:
    return format(Decimal(value).normalize(), "f").replace(".", ",")


@register.filter
def choice_summary(choice, kind) -> str:
    """How a choice reads in the bank and the previews: "UNIMARC (50 %)",
    "1537 ± 0,5", "ISBN → livre", "* (any other answer)"."""
    if kind == "matching":
        return f"{choice.text} → {choice.match}" if choice.text else f"→ {choice.match}"
    text = choice.text
    if kind in ("short", "numerical") and text.strip() == "*":
        text = _("* (any other answer)")
    elif kind == "numerical" and choice.tolerance:
        text = f"{text} ± {_number(choice.tolerance)}"
    if choice.fraction is not None and choice.fraction not in (0, 1):
        text = f"{text} ({_number(Decimal(choice.fraction) * 100)} %)"
    return text
