"""Rich text of sheets and intros: the site's sanitiser, policy "content"
(core/markup.py), applied when saved (``RichTextField``) and again when
shown (so content imported by any route is safe)."""

from core import markup


def clean_html(html: str) -> str:
    """Keep formatting, links, tables and images; drop scripts, styles,
    event handlers and ``javascript:`` URLs."""
    return markup.clean(html, "content")
