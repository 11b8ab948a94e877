"""Pure scoring of quiz answers (no database): what fraction of a question's
points an answer earns. Responses are stored as JSON:

- single choice, true/false: ``{"choice": id}``
- multiple choice: ``{"choices": [id, ...]}``
- short answer: ``{"text": "..."}``
- matching: ``{"pairs": {"prompt id": option id}}`` (an option is named by the
  id of the choice whose ``match`` text it shows)
"""

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from .models import Question

ZERO = Decimal("0")
ONE = Decimal("1")
CENT = Decimal("0.01")


def normalise_answer(text: str) -> str:
    """Compare short answers without case, accents, surrounding or repeated
    spaces, nor a final full stop: " Désherbage. " == "desherbage"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    bare = re.sub(r"\s+", " ", bare.casefold()).strip()
    return bare.rstrip(".").strip()


def fraction(kind: str, choices, response) -> Decimal:
    """The fraction (0 to 1) of the points earned by ``response`` to a question
    of ``kind`` with ``choices`` (Choice objects)."""
    if not response:
        return ZERO
    if kind in (Question.Kind.SINGLE, Question.Kind.TRUE_FALSE):
        correct = {c.pk for c in choices if c.is_correct}
        return ONE if response.get("choice") in correct else ZERO
    if kind == Question.Kind.MULTIPLE:
        correct = {c.pk for c in choices if c.is_correct}
        chosen = set(response.get("choices") or [])
        if not correct:
            return ONE if not chosen else ZERO
        # Each right tick earns its share, each wrong tick takes one back.
        earned = Decimal(len(chosen & correct) - len(chosen - correct)) / len(correct)
        return max(ZERO, min(ONE, earned))
    if kind == Question.Kind.SHORT:
        given = normalise_answer(response.get("text", ""))
        accepted = {normalise_answer(c.text) for c in choices if c.is_correct}
        return ONE if given and given in accepted else ZERO
    if kind == Question.Kind.MATCHING:
        prompts = [c for c in choices if c.match]
        if not prompts:
            return ZERO
        by_id = {c.pk: c for c in prompts}
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
