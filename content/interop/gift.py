"""GIFT, Moodle's text format for questions (qformat_gift), read and written
as Moodle does.

Questions are separated by blank lines; lines starting with ``//`` are
comments. ``$CATEGORY: name`` switches category; ``::title::`` names a
question; the answers are between braces: ``=right ~wrong`` (multiple
choice; ``~%50%`` weights and no ``=`` for several right answers),
``TRUE``/``FALSE`` (``#wrong feedback#right feedback``), ``=a =b`` (short
answer), ``#value:margin`` or ``#min..max`` (numerical), ``=item -> answer``
(matching), nothing (essay); no braces at all: a description. ``#`` starts
an answer's feedback, ``####`` the general feedback; ``[html]``,
``[moodle]``, ``[plain]`` or ``[markdown]`` in front of a text gives its
format. ``\\:``, ``\\~``, ``\\=``, ``\\#``, ``\\{``, ``\\}``, ``\\\\`` and
``\\n`` escape the special characters (a backslash, a new line)."""

from __future__ import annotations

import html
import re
from decimal import Decimal

from django.utils.translation import gettext as _

from . import ChoiceData, FormatError, QuestionData, decimal_or_none, has_formatting, rich_text
from . import text_of as _plain

# Escaped characters stand for themselves: swapped for private-use
# characters while the structure is read, then put back.
_ESCAPES = {
    ":": "\ue001",
    "#": "\ue002",
    "=": "\ue003",
    "{": "\ue004",
    "}": "\ue005",
    "~": "\ue006",
}
_BACKSLASH = "\ue000"
_NEWLINE = "\ue007"
_UNESCAPE = {v: k for k, v in _ESCAPES.items()} | {_BACKSLASH: "\\", _NEWLINE: "\n"}
_WEIGHT = re.compile(r"^%(-?\d{1,3}(?:\.\d+)?)%")
_FORMATS = ("html", "moodle", "plain", "markdown")
MAX_CHOICE_LENGTH = 500


def _pre(text: str) -> str:
    text = text.replace("\\\\", _BACKSLASH)
    for char, placeholder in _ESCAPES.items():
        text = text.replace("\\" + char, placeholder)
    return text.replace("\\n", _NEWLINE)


def _post(text: str) -> str:
    return "".join(_UNESCAPE.get(ch, ch) for ch in text)


def decode(data: bytes) -> str:
    """GIFT files are UTF-8; Windows-1252 (a file saved by Notepad in France)
    is accepted too."""
    if b"\x00" in data:
        raise FormatError(_("This file is not a text file."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def blocks(text: str) -> list[list[str]]:
    """The questions of a file: runs of non-blank lines."""
    found, current = [], []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = line.strip()
        if not line:
            if current:
                found.append(current)
            current = []
        else:
            current.append(line)
    if current:
        found.append(current)
    return found


def _with_format(raw: str, default: str) -> tuple[str, str]:
    """(text, format) of a GIFT text that may start with ``[format]``."""
    raw = raw.strip()
    if raw.startswith("["):
        end = raw.find("]")
        if end > 0 and raw[1:end] in _FORMATS:
            return _post(raw[end + 1 :]).strip(), raw[1:end]
    return _post(raw).strip(), default


def _weight(answer: str) -> tuple[Decimal | None, str]:
    match = _WEIGHT.match(answer)
    if not match:
        return None, answer
    value = Decimal(match[1])
    if not -100 <= value <= 100:
        raise _Invalid(_("An answer weight must be between -100 % and 100 %."))
    return value / 100, answer[match.end() :]


class _Invalid(Exception):
    pass


def _plain_choice(raw: str, default_format: str, notes: list[str]) -> tuple[str, str]:
    """(choice text, feedback) of an answer, as plain text."""
    text_part, _sep, feedback_part = raw.partition("#")
    text, fmt = _with_format(text_part, default_format)
    if fmt not in ("plain", "markdown"):
        if has_formatting(text):
            _note(notes, _("The formatting of the answers was not kept (plain text only)."))
        text = _plain(text)
    feedback = ""
    if feedback_part.strip():
        fb_text, fb_format = _with_format(feedback_part, default_format)
        feedback = fb_text if fb_format in ("plain", "markdown") else _plain(fb_text)
    if len(text) > MAX_CHOICE_LENGTH:
        raise _Invalid(_("An answer is longer than 500 characters."))
    if len(feedback) > MAX_CHOICE_LENGTH:
        feedback = feedback[: MAX_CHOICE_LENGTH - 1] + "…"
        _note(notes, _("A feedback longer than 500 characters was shortened."))
    return text, feedback


def _note(notes: list[str], note: str) -> None:
    if note not in notes:
        notes.append(note)


def _split_answers(answer_text: str, separator: str) -> list[str]:
    parts = answer_text.split(separator)
    if parts and not parts[0].strip():
        parts = parts[1:]
    return [p.strip() for p in parts]


def parse(data: bytes) -> list[QuestionData]:
    """Every question of a GIFT file, in order, each kept or skipped with its
    reason. Raises ``FormatError`` when the file is not text or holds no
    question at all."""
    text = decode(data)
    questions: list[QuestionData] = []
    category = ""
    for lines in blocks(text):
        lines = [line for line in lines if not line.startswith("//")]
        if not lines:
            continue
        block = _pre("\n".join(lines))
        if block.startswith("$CATEGORY:"):
            category = _post(block[len("$CATEGORY:") :]).strip()
            continue
        question = _read(block)
        question.category = category
        questions.append(question)
    if not questions:
        raise FormatError(_("No question was found in this file: is it a GIFT file?"))
    return questions


def _read(block: str) -> QuestionData:
    name = ""
    if block.startswith("::"):
        end = block.find("::", 2)
        if end >= 0:
            name = _post(block[2:end]).strip()
            block = block[end + 2 :].strip()
        else:
            block = block[2:]
    start, finish = block.find("{"), block.find("}")
    question = QuestionData(source_type="", name=name[:255])
    if start < 0 and finish < 0:
        question.source_type = "description"
        question.text = rich_text(*_with_format(block, "moodle"))
        question.skipped = _("A description is only text: there is nothing to answer.")
        return question
    if start < 0 or finish < start:
        question.source_type = "?"
        question.text = html.escape(_post(block))[:2000]
        question.skipped = _("Its braces { } do not match: write \\{ and \\} for literal braces.")
        return question
    answer_text = block[start + 1 : finish].strip()
    if block.rstrip().endswith("}") and not block[finish + 1 :].strip():
        question_text = block[:start]
    else:
        question_text = block[:start] + "_____" + block[finish + 1 :]
    general = ""
    separator = answer_text.rfind("####")
    if separator >= 0:
        general = answer_text[separator + 4 :]
        answer_text = answer_text[:separator].strip()
    text, text_format = _with_format(question_text, "moodle")
    question.text = rich_text(text, text_format)
    if general.strip():
        question.feedback = rich_text(*_with_format(general, text_format))
    if not name:
        question.name = _plain(question.text)[:80]
    try:
        _answers(question, answer_text, text_format)
    except _Invalid as invalid:
        question.kind = None
        question.choices = []
        question.skipped = str(invalid)
    return question


def _answers(question: QuestionData, answer_text: str, fmt: str) -> None:
    notes = question.notes
    if answer_text == "":
        question.source_type = "essay"
        question.skipped = _(
            "An essay question needs a trainer to mark it, and quizzes here are marked "
            "automatically: make it an assignment."
        )
        return
    if answer_text.startswith("#"):
        question.source_type = "numerical"
        question.kind = "numerical"
        body = answer_text[1:]
        wrong_feedback = None
        if "~" in body:
            body, wrong_feedback = body.split("~", 1)
        answers = _split_answers(body, "=")
        if not answers:
            raise _Invalid(_("A numerical question needs at least one answer."))
        for answer in answers:
            weight, answer = _weight(answer)
            value_part, _sep, feedback_part = answer.partition("#")
            feedback = _plain(_with_format(feedback_part, fmt)[0]) if feedback_part.strip() else ""
            value_text = _post(value_part).strip()
            question.choices.append(
                _numeric_choice(value_text, Decimal(1) if weight is None else weight, feedback)
            )
        if wrong_feedback is not None:
            _text, _sep, feedback_part = wrong_feedback.partition("#")
            question.choices.append(
                ChoiceData(
                    text="*",
                    fraction=Decimal(0),
                    tolerance=Decimal(0),
                    feedback=_plain(_with_format(feedback_part, fmt)[0]),
                )
            )
        return
    if "~" in answer_text:
        question.source_type = "multichoice"
        single = "=" in answer_text
        question.kind = "single" if single else "multiple"
        answers = _split_answers(answer_text.replace("=", "~="), "~")
        if len(answers) < 2:
            raise _Invalid(_("A multiple-choice question needs at least two answers."))
        for answer in answers:
            if answer.startswith("="):
                weight, answer = Decimal(1), answer[1:]
            else:
                weight, answer = _weight(answer)
                weight = Decimal(0) if weight is None else weight
            text, feedback = _plain_choice(answer, fmt, notes)
            question.choices.append(ChoiceData(text=text, fraction=weight, feedback=feedback))
        return
    if "=" in answer_text and "->" in answer_text:
        question.source_type = "match"
        question.kind = "matching"
        answers = _split_answers(answer_text, "=")
        if len(answers) < 2:
            raise _Invalid(_("A matching question needs at least two pairs."))
        for answer in answers:
            if "->" not in answer:
                raise _Invalid(_("Each pair of a matching question is written “item -> answer”."))
            item, _arrow, match = answer.partition("->")
            item_text, item_format = _with_format(item, fmt)
            if item_format not in ("plain", "markdown"):
                if has_formatting(item_text):
                    _note(notes, _("The formatting of the answers was not kept (plain text only)."))
                item_text = _plain(item_text)
            match_text = _post(match).strip()
            if len(item_text) > MAX_CHOICE_LENGTH or len(match_text) > MAX_CHOICE_LENGTH:
                raise _Invalid(_("An answer is longer than 500 characters."))
            if not match_text:
                raise _Invalid(_("Each pair of a matching question is written “item -> answer”."))
            question.choices.append(ChoiceData(text=item_text, match=match_text))
        return
    head = answer_text.split("#", 1)[0].strip()
    if head in ("T", "TRUE", "F", "FALSE"):
        question.source_type = "truefalse"
        question.kind = "true_false"
        parts = answer_text.split("#", 2)
        wrong = _plain(_with_format(parts[1], fmt)[0]) if len(parts) > 1 else ""
        right = _plain(_with_format(parts[2], fmt)[0]) if len(parts) > 2 else ""
        is_true = head in ("T", "TRUE")
        question.choices = [
            ChoiceData(
                text="true", fraction=Decimal(int(is_true)), feedback=right if is_true else wrong
            ),
            ChoiceData(
                text="false",
                fraction=Decimal(int(not is_true)),
                feedback=wrong if is_true else right,
            ),
        ]
        return
    question.source_type = "shortanswer"
    question.kind = "short"
    answers = _split_answers(answer_text, "=")
    if not answers:
        raise _Invalid(_("A short-answer question needs at least one accepted answer."))
    for answer in answers:
        weight, answer = _weight(answer)
        text, feedback = _plain_choice(answer, fmt, notes)
        if not text:
            raise _Invalid(_("A short-answer question has an empty answer."))
        question.choices.append(
            ChoiceData(
                text=text, fraction=Decimal(1) if weight is None else weight, feedback=feedback
            )
        )


def _numeric_choice(value_text: str, fraction: Decimal, feedback: str) -> ChoiceData:
    if value_text in ("", "*"):
        return ChoiceData(text="*", fraction=fraction, tolerance=Decimal(0), feedback=feedback)
    if ".." in value_text[1:]:
        low_text, high_text = (
            value_text.split("..", 1) if not value_text.startswith("..") else ("", "")
        )
        low, high = decimal_or_none(low_text), decimal_or_none(high_text)
        if low is None or high is None or high < low:
            raise _Invalid(_("“%(value)s” is not a range of numbers.") % {"value": value_text})
        middle = (low + high) / 2
        return ChoiceData(
            text=_number(middle), fraction=fraction, tolerance=high - middle, feedback=feedback
        )
    value_part, _sep, margin_part = value_text.partition(":")
    value = decimal_or_none(value_part)
    margin = decimal_or_none(margin_part) if margin_part.strip() else Decimal(0)
    if value is None or margin is None or margin < 0:
        raise _Invalid(_("“%(value)s” is not a number.") % {"value": value_text})
    return ChoiceData(text=_number(value), fraction=fraction, tolerance=margin, feedback=feedback)


def _number(value: Decimal) -> str:
    """A decimal written plainly: 1537, 3.14, -0.5 (never 1.537E+3)."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


# --- Writing ---------------------------------------------------------------------


def _escape(text: str) -> str:
    out = (text or "").replace("\\", "\\\\")
    for char in "#=~{}:":
        out = out.replace(char, "\\" + char)
    return out.replace("\r", "").replace("\n", "\\n")


def _percent(fraction: Decimal) -> str:
    return _number((Decimal(fraction) * 100).quantize(Decimal("0.00001")))


def write(bank_name: str, questions) -> str:
    """A GIFT file of ``questions`` (Question objects with their choices),
    under the category ``bank_name``. Points are not part of GIFT."""
    from content import scoring

    out = [f"$CATEGORY: {_escape(bank_name)}", ""]
    for question in questions:
        choices = sorted(question.choices.all(), key=lambda c: (c.position, c.pk))
        kind = question.kind
        correct = sum(1 for c in choices if c.is_correct)
        out.append(f"// question: {question.pk}  name: {question.name or ''}".rstrip())
        title = _escape(question.name or _plain(question.text)[:80])
        head = f"::{title}::[html]{_escape(question.text)}"
        general = f"\t####{_escape(question.feedback)}\n" if question.feedback else ""
        if kind == "true_false" and len(choices) == 2:
            # The editor's order: the "true" choice first, then "false".
            true_choice, false_choice = choices
            is_true = scoring.worth(kind, true_choice, correct) > 0
            right, wrong = (true_choice, false_choice) if is_true else (false_choice, true_choice)
            body = "TRUE" if is_true else "FALSE"
            if wrong.feedback or right.feedback:
                body += "#" + _escape(html.escape(wrong.feedback, quote=False))
            if right.feedback:
                body += "#" + _escape(html.escape(right.feedback, quote=False))
            if question.feedback:
                body += "####" + _escape(question.feedback)
            out.extend([head + "{" + body + "}", ""])
            continue
        lines = [head + ("{#" if kind == "numerical" else "{")]
        for choice in choices:
            feedback = (
                "#" + _escape(html.escape(choice.feedback, quote=False)) if choice.feedback else ""
            )
            share = scoring.worth(kind, choice, correct)
            if kind == "single":
                mark = "=" if share == 1 else ("~" if share == 0 else f"~%{_percent(share)}%")
                lines.append(f"\t{mark}[plain]{_escape(choice.text)}{feedback}")
            elif kind == "multiple":
                lines.append(f"\t~%{_percent(share)}%[plain]{_escape(choice.text)}{feedback}")
            elif kind == "short":
                lines.append(f"\t=%{_percent(share)}%{_escape(choice.text)}{feedback}")
            elif kind == "numerical":
                if choice.text.strip() == "*":
                    lines.append(f"\t~{feedback or '#'}")
                else:
                    margin = _number(Decimal(choice.tolerance or 0))
                    lines.append(f"\t=%{_percent(share)}%{choice.text}:{margin}{feedback}")
            elif kind == "matching":
                item = f"[plain]{_escape(choice.text)}" if choice.text else ""
                lines.append(f"\t={item} -> {_escape(choice.match)}")
        if general:
            lines.append(general.rstrip("\n"))
        lines.append("}")
        out.extend(lines)
        out.append("")
    return "\n".join(out) + "\n"
