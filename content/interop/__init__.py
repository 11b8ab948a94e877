"""Moving content in and out in Moodle's formats: GIFT and Moodle XML
question files, Moodle glossary XML and CSV glossaries, Moodle course
backups (.mbz).

The parsers here read bytes and return plain data (:class:`QuestionData`,
:class:`EntryData`...), with what could not be kept said in French; they
touch no database. ``content.services`` turns that data into rows, through
the same checks as the editors."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from decimal import Decimal

from core import markup as core_markup
from courses.api import clean_html


class FormatError(ValueError):
    """A file that cannot be read at all (not GIFT, not XML, an XML bomb...):
    the message is French and meant for the person who sent it."""


@dataclass
class ChoiceData:
    text: str = ""
    fraction: Decimal | None = None
    feedback: str = ""
    match: str = ""
    tolerance: Decimal | None = None


@dataclass
class QuestionData:
    """One question read from a file, before it is saved. ``kind`` is one of
    ``content.models.Question.Kind`` or None when it cannot be kept
    (``skipped`` says why); ``notes`` list what was left out of a kept one."""

    source_type: str
    name: str = ""
    text: str = ""
    feedback: str = ""
    points: Decimal = Decimal("1")
    kind: str | None = None
    choices: list[ChoiceData] = field(default_factory=list)
    category: str = ""
    notes: list[str] = field(default_factory=list)
    skipped: str = ""
    moodle_id: str = ""
    context_id: str = ""

    @property
    def label(self) -> str:
        return self.name or text_of(self.text)[:80] or self.source_type


@dataclass
class EntryData:
    """One glossary entry read from a file."""

    term: str
    definition: str
    aliases: list[str] = field(default_factory=list)
    approved: bool = True
    notes: list[str] = field(default_factory=list)
    skipped: str = ""
    moodle_id: str = ""


_TAGS = re.compile(r"<[^>]*>")
_BLOCK_ENDS = re.compile(r"</(p|div|li|h[1-6]|tr)>|<br\s*/?>", re.IGNORECASE)
_MARKUP = re.compile(r"<(?!/?(p|br|span)\b)[a-z]", re.IGNORECASE)


def text_of(markup: str) -> str:
    """The plain text of some HTML (tags dropped, entities decoded, spaces
    folded): for titles, choices and feedback kept as plain text."""
    cleaned = core_markup.text_only(markup)
    cleaned = _BLOCK_ENDS.sub(" ", cleaned)
    cleaned = html.unescape(_TAGS.sub("", cleaned))
    return re.sub(r"\s+", " ", cleaned).strip()


def has_formatting(markup: str) -> bool:
    """Whether ``markup`` holds formatting beyond paragraphs and line breaks
    (lost when it is kept as plain text)."""
    return bool(_MARKUP.search(markup or ""))


def rich_text(text: str, text_format: str) -> str:
    """Question or definition text as stored here: sanitised HTML. Moodle's
    formats: ``html`` and ``moodle`` (auto-format: HTML allowed, line
    breaks kept) are sanitised; ``plain`` and ``markdown`` are escaped."""
    text = text or ""
    if text_format in ("plain", "markdown"):
        return "<br>".join(html.escape(line) for line in text.strip().splitlines())
    if text_format == "moodle" and "<" not in text:
        text = "<br>".join(text.strip().splitlines())
    return clean_html(text).strip()


def decimal_or_none(raw) -> Decimal | None:
    from decimal import InvalidOperation

    try:
        value = Decimal(str(raw).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None
