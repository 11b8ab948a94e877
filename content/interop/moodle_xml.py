"""Moodle XML question files (qformat_xml), read with defusedxml (no DTD,
no entities: an XML bomb is refused) and written as Moodle writes them."""

from __future__ import annotations

import re
from decimal import Decimal
from xml.etree import ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import (
    ChoiceData,
    FormatError,
    QuestionData,
    decimal_or_none,
    has_formatting,
    rich_text,
    text_of,
)
from .gift import MAX_CHOICE_LENGTH, _number, _percent

# Moodle's names of text formats (qformat_xml) and our names.
_FORMATS = {
    "html": "html",
    "moodle_auto_format": "moodle",
    "plain_text": "plain",
    "markdown": "markdown",
}
_PLUGINFILE = re.compile(r"@@PLUGINFILE@@")
_IMG = re.compile(r"<img\b[^>]*@@PLUGINFILE@@[^>]*>", re.IGNORECASE)


def parse_xml(data: bytes, *, what: str):
    """The root element of untrusted XML: no DTD, no entity, no external
    reference. Raises ``FormatError`` (French) for anything else."""
    try:
        return SafeET.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise FormatError(
            _("%(what)s declares entities or a DTD, which are refused for safety.") % {"what": what}
        ) from exc
    except (ET.ParseError, ValueError, UnicodeError) as exc:
        raise FormatError(
            _("%(what)s is not well-formed XML (%(error)s).") % {"what": what, "error": exc}
        ) from exc


def child_text(element, path: str, default: str = "") -> str:
    if element is None:
        return default
    found = element.find(path)
    if found is None or found.text is None:
        return default
    return found.text


def _text_format(element, path: str, default_format: str = "html") -> tuple[str, str]:
    node = element.find(path)
    if node is None:
        return "", default_format
    fmt = _FORMATS.get(node.get("format", ""), default_format)
    return child_text(node, "text"), fmt


def strip_pluginfiles(markup: str, notes: list[str]) -> str:
    """Embedded files (``@@PLUGINFILE@@``) have nowhere to go in a question
    bank: images are removed, links keep their text."""
    if "@@PLUGINFILE@@" not in (markup or ""):
        return markup
    markup = _IMG.sub("", markup)
    markup = re.sub(
        r"<a\b[^>]*@@PLUGINFILE@@[^>]*>(.*?)</a>", r"\1", markup, flags=re.IGNORECASE | re.DOTALL
    )
    markup = _PLUGINFILE.sub("", markup)
    note = _("Embedded images and files were removed (they are not part of a question bank).")
    if note not in notes:
        notes.append(note)
    return markup


def _plain(markup: str, fmt: str, notes: list[str]) -> str:
    if fmt in ("plain", "markdown"):
        return (markup or "").strip()
    if has_formatting(markup):
        note = _("The formatting of the answers was not kept (plain text only).")
        if note not in notes:
            notes.append(note)
    return text_of(markup)


def _fraction(raw: str) -> Decimal:
    value = decimal_or_none(raw or "0")
    if value is None or not -100 <= value <= 100:
        raise _Invalid(_("An answer grade is not between -100 % and 100 %."))
    return value / 100


class _Invalid(Exception):
    pass


UNSUPPORTED = {
    "calculated": "calculated",
    "calculatedsimple": "calculated",
    "calculatedmulti": "calculated",
    "multianswer": "cloze",
    "ddwtos": "drag and drop",
    "ddimageortext": "drag and drop",
    "ddmarker": "drag and drop",
    "gapselect": "select missing words",
    "randomsamatch": "random short-answer matching",
    "ordering": "ordering",
}


def parse(data: bytes) -> list[QuestionData]:
    """Every question of a Moodle XML file, kept or skipped with its reason."""
    root = parse_xml(data, what=_("This file"))
    if root.tag != "quiz":
        raise FormatError(_("This file is not a Moodle XML question file (no <quiz> element)."))
    questions: list[QuestionData] = []
    category = ""
    for element in root.findall("question"):
        qtype = element.get("type", "")
        if qtype == "category":
            category = child_text(element, "category/text").strip()
            continue
        question = read_question(element, qtype)
        question.category = category
        questions.append(question)
    if not questions:
        raise FormatError(_("No question was found in this file."))
    return questions


def read_question(element, qtype: str) -> QuestionData:
    question = QuestionData(source_type=qtype)
    notes = question.notes
    question.name = child_text(element, "name/text").strip()[:255]
    text, fmt = _text_format(element, "questiontext")
    question.text = rich_text(strip_pluginfiles(text, notes), fmt)
    feedback, feedback_format = _text_format(element, "generalfeedback", fmt)
    if feedback.strip():
        question.feedback = rich_text(strip_pluginfiles(feedback, notes), feedback_format)
    grade = decimal_or_none(child_text(element, "defaultgrade", "1"))
    question.points = grade if grade is not None and 0 < grade <= 1000 else Decimal(1)
    if not question.name:
        question.name = text_of(question.text)[:80]
    hints = len(element.findall("hint"))
    if hints:
        notes.append(
            ngettext(
                "Hints are not shown here: %(count)s hint left out.",
                "Hints are not shown here: %(count)s hints left out.",
                hints,
            )
            % {"count": hints}
        )
    try:
        _read_answers(question, element, qtype, fmt)
    except _Invalid as invalid:
        question.kind, question.choices, question.skipped = None, [], str(invalid)
    return question


def _answers_of(element, default_format: str, notes: list[str]):
    for answer in element.findall("answer"):
        fmt = _FORMATS.get(answer.get("format", ""), default_format)
        text = strip_pluginfiles(child_text(answer, "text"), notes)
        feedback_markup, feedback_format = _text_format(answer, "feedback", default_format)
        feedback = _plain(strip_pluginfiles(feedback_markup, notes), feedback_format, notes)
        if len(feedback) > MAX_CHOICE_LENGTH:
            feedback = feedback[: MAX_CHOICE_LENGTH - 1] + "…"
        yield answer, text, fmt, feedback


def _read_answers(question: QuestionData, element, qtype: str, fmt: str) -> None:
    notes = question.notes
    if qtype == "description":
        question.skipped = _("A description is only text: there is nothing to answer.")
        return
    if qtype == "essay":
        question.skipped = _(
            "An essay question needs a trainer to mark it, and quizzes here are marked "
            "automatically: make it an assignment."
        )
        return
    if qtype in ("multichoice", "truefalse", "shortanswer", "numerical"):
        answers = list(_answers_of(element, fmt, notes))
    if qtype == "multichoice":
        single = child_text(element, "single", "true").strip().lower() in ("true", "1")
        question.kind = "single" if single else "multiple"
        if len(answers) < 2:
            raise _Invalid(_("A multiple-choice question needs at least two answers."))
        for answer, text, answer_format, feedback in answers:
            plain = _plain(text, answer_format, notes)
            if len(plain) > MAX_CHOICE_LENGTH:
                raise _Invalid(_("An answer is longer than 500 characters."))
            question.choices.append(
                ChoiceData(
                    text=plain, fraction=_fraction(answer.get("fraction")), feedback=feedback
                )
            )
        return
    if qtype == "truefalse":
        question.kind = "true_false"
        by_value = {
            text.strip().lower(): (answer, feedback) for answer, text, _f, feedback in answers
        }
        if set(by_value) != {"true", "false"}:
            raise _Invalid(_("A true-or-false question needs its “true” and “false” answers."))
        for value in ("true", "false"):
            answer, feedback = by_value[value]
            share = _fraction(answer.get("fraction"))
            question.choices.append(
                ChoiceData(text=value, fraction=Decimal(1 if share > 0 else 0), feedback=feedback)
            )
        return
    if qtype == "shortanswer":
        question.kind = "short"
        if child_text(element, "usecase", "0").strip() == "1":
            notes.append(
                _("Answers are compared here without case (the question was case-sensitive).")
            )
        if not answers:
            raise _Invalid(_("A short-answer question needs at least one accepted answer."))
        for answer, text, _answer_format, feedback in answers:
            plain = text_of(text)
            if not plain:
                raise _Invalid(_("A short-answer question has an empty answer."))
            if len(plain) > MAX_CHOICE_LENGTH:
                raise _Invalid(_("An answer is longer than 500 characters."))
            question.choices.append(
                ChoiceData(
                    text=plain, fraction=_fraction(answer.get("fraction")), feedback=feedback
                )
            )
        return
    if qtype == "numerical":
        question.kind = "numerical"
        if element.find("units/unit") is not None:
            notes.append(_("Units are not asked for here: only the number is checked."))
        if not answers:
            raise _Invalid(_("A numerical question needs at least one answer."))
        for answer, text, _answer_format, feedback in answers:
            raw = text_of(text)
            tolerance = decimal_or_none(child_text(answer, "tolerance", "0") or "0")
            if tolerance is None or tolerance < 0:
                raise _Invalid(_("“%(value)s” is not a number.") % {"value": raw})
            if raw in ("", "*"):
                value_text = "*"
            else:
                value = decimal_or_none(raw)
                if value is None:
                    raise _Invalid(_("“%(value)s” is not a number.") % {"value": raw})
                value_text = _number(value)
            question.choices.append(
                ChoiceData(
                    text=value_text,
                    fraction=_fraction(answer.get("fraction")),
                    tolerance=tolerance,
                    feedback=feedback,
                )
            )
        return
    if qtype in ("matching", "match"):
        question.kind = "matching"
        for sub in element.findall("subquestion"):
            sub_format = _FORMATS.get(sub.get("format", ""), fmt)
            item = _plain(strip_pluginfiles(child_text(sub, "text"), notes), sub_format, notes)
            match = text_of(child_text(sub, "answer/text"))
            if not match:
                continue
            if len(item) > MAX_CHOICE_LENGTH or len(match) > MAX_CHOICE_LENGTH:
                raise _Invalid(_("An answer is longer than 500 characters."))
            question.choices.append(ChoiceData(text=item, match=match))
        if sum(1 for c in question.choices if c.text) < 2:
            raise _Invalid(_("A matching question needs at least two pairs."))
        return
    kind = UNSUPPORTED.get(qtype, qtype or "?")
    question.skipped = _("Questions of the type “%(type)s” are not supported here.") % {
        "type": kind
    }


# --- Writing ---------------------------------------------------------------------


def _sub(parent, tag: str, text: str | None = None, **attrs):
    node = ET.SubElement(parent, tag, {k: v for k, v in attrs.items() if v is not None})
    if text is not None:
        node.text = text
    return node


def _text_node(parent, tag: str, text: str, fmt: str | None = "html"):
    node = _sub(parent, tag, format=fmt)
    _sub(node, "text", text)
    return node


def write(bank_name: str, questions) -> bytes:
    """A Moodle XML file of ``questions`` under the category ``bank_name``."""
    from content import scoring

    root = ET.Element("quiz")
    category = _sub(root, "question", type="category")
    _text_node(category, "category", bank_name, None)
    for question in questions:
        choices = sorted(question.choices.all(), key=lambda c: (c.position, c.pk))
        kind = question.kind
        correct = sum(1 for c in choices if c.is_correct)
        qtype = {
            "single": "multichoice",
            "multiple": "multichoice",
            "true_false": "truefalse",
            "short": "shortanswer",
            "numerical": "numerical",
            "matching": "matching",
        }[kind]
        node = _sub(root, "question", type=qtype)
        _text_node(node, "name", question.name or text_of(question.text)[:80], None)
        _text_node(node, "questiontext", question.text)
        _text_node(node, "generalfeedback", question.feedback or "")
        _sub(node, "defaultgrade", f"{question.points:.7f}")
        _sub(node, "penalty", "0.3333333")
        _sub(node, "hidden", "0")
        if kind in ("single", "multiple"):
            _sub(node, "single", "true" if kind == "single" else "false")
            _sub(node, "shuffleanswers", "true")
            _sub(node, "answernumbering", "abc")
        if kind == "matching":
            _sub(node, "shuffleanswers", "true")
            for choice in choices:
                sub = _text_node(node, "subquestion", choice.text)
                answer = _sub(sub, "answer")
                _sub(answer, "text", choice.match)
            continue
        for index, choice in enumerate(choices):
            share = scoring.worth(kind, choice, correct)
            text = choice.text
            if kind == "true_false":
                text = "true" if index == 0 else "false"
                share = Decimal(1 if share > 0 else 0)
            answer_format = "plain_text" if kind in ("single", "multiple") else "moodle_auto_format"
            answer = _sub(node, "answer", fraction=_percent(share), format=answer_format)
            _sub(answer, "text", text)
            _text_node(answer, "feedback", choice.feedback)
            if kind == "numerical":
                _sub(answer, "tolerance", _number(Decimal(choice.tolerance or 0)))
        if kind == "shortanswer" or kind == "short":
            _sub(node, "usecase", "0")
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"
