"""Pure scoring of quiz answers (no database): what fraction of a question's
points an answer earns. Responses are stored as JSON:

- single choice, true/false: ``{"choice": id}``
- multiple choice: ``{"choices": [id, ...]}``
- short answer, numerical answer: ``{"text": "..."}``
- matching: ``{"pairs": {"prompt id": option id}}`` (an option is named by the
  id of the choice whose ``match`` text it shows)

A choice's worth is its ``fraction`` when set (imported from Moodle, or
given in the editor), else the house rule: a right choice is worth all the
points (multiple choice: its share, and a wrong tick takes one back).
"""

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .models import Question

ZERO = Decimal("0")
ONE = Decimal("1")
CENT = Decimal("0.01")
ANY = "*"
_NUMBER = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d{1,4})?")


def normalise_answer(text: str) -> str:
    """Compare short answers without case, accents, surrounding or repeated
    spaces, nor a final full stop: " Désherbage. " == "desherbage"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    bare = re.sub(r"\s+", " ", bare.casefold()).strip()
    return bare.rstrip(".").strip()


def parse_number(text: str) -> Decimal | None:
    """A number as candidates write it: "1 537", "3,14", "-0.5", "2e3";
    None when it is not one."""
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", str(text or "")).replace(",", ".")
    if len(cleaned) > 60 or not _NUMBER.fullmatch(cleaned):
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def worth(kind: str, choice, correct_count: int) -> Decimal:
    """The share of the points ``choice`` is worth (-1 to 1)."""
    if choice.fraction is not None:
        return Decimal(choice.fraction)
    if kind == Question.Kind.MULTIPLE:
        share = ONE / max(correct_count, 1)
        return share if choice.is_correct else -share
    return ONE if choice.is_correct else ZERO


def _short_matches(pattern: str, given: str) -> bool:
    """Moodle's short answers: ``*`` in an accepted answer stands for any
    characters (a lone ``*`` for any answer)."""
    pattern = normalise_answer(pattern)
    if ANY not in pattern:
        return pattern == given
    regex = ".*".join(re.escape(part) for part in pattern.split(ANY))
    return re.fullmatch(regex, given, flags=re.DOTALL) is not None


def _numeric_matches(choice, given: Decimal) -> bool:
    if choice.text.strip() == ANY:
        return True
    value = parse_number(choice.text)
    if value is None:
        return False
    return abs(given - value) <= Decimal(choice.tolerance or 0)


def matched_choice(kind: str, choices, response):
    """For a short or numerical answer: the first choice (in order) the
    answer matches, whose worth and feedback apply; else None."""
    if not response or kind not in (Question.Kind.SHORT, Question.Kind.NUMERICAL):
        return None
    ordered = sorted(choices, key=lambda c: (c.position, c.pk or 0))
    if kind == Question.Kind.SHORT:
        given = normalise_answer(response.get("text", ""))
        if not given:
            return None
        return next((c for c in ordered if _short_matches(c.text, given)), None)
    number = parse_number(response.get("text", ""))
    if number is None:
        return None
    return next((c for c in ordered if _numeric_matches(c, number)), None)


def prompts_of(choices) -> list:
    """The items of a matching question to pair (extra wrong answers have
    no item)."""
    return [c for c in choices if c.match and c.text]


def _clamp(value: Decimal) -> Decimal:
    return max(ZERO, min(ONE, value))


def fraction(kind: str, choices, response) -> Decimal:
    """The fraction (0 to 1) of the points earned by ``response`` to a question
    of ``kind`` with ``choices`` (Choice objects)."""
    if not response:
        return ZERO
    choices = list(choices)
    correct_count = sum(1 for c in choices if c.is_correct)
    if kind in (Question.Kind.SINGLE, Question.Kind.TRUE_FALSE):
        chosen = next((c for c in choices if c.pk == response.get("choice")), None)
        return _clamp(worth(kind, chosen, correct_count)) if chosen else ZERO
    if kind == Question.Kind.MULTIPLE:
        ids = set(response.get("choices") or [])
        if not correct_count and not any(c.fraction for c in choices):
            return ONE if not ids else ZERO
        # Each right tick earns its share, each wrong tick takes one back.
        return _clamp(sum((worth(kind, c, correct_count) for c in choices if c.pk in ids), ZERO))
    if kind in (Question.Kind.SHORT, Question.Kind.NUMERICAL):
        matched = matched_choice(kind, choices, response)
        return _clamp(worth(kind, matched, correct_count)) if matched else ZERO
    if kind == Question.Kind.MATCHING:
        prompts = prompts_of(choices)
        if not prompts:
            return ZERO
        by_id = {c.pk: c for c in choices if c.match}
        pairs = response.get("pairs") or {}
        right = 0
        for prompt in prompts:
            option = by_id.get(pairs.get(str(prompt.pk)))
            # Two prompts may share an answer: compare the answer shown.
            if option is not None and normalise_answer(option.match) == normalise_answer(
                prompt.match
            ):
                right += 1
        return Decimal(right) / len(prompts)
    return ZERO


def points(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def is_right(kind: str, choices, response) -> bool:
    return fraction(kind, choices, response) == ONE
