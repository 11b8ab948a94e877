"""What the quiz templates show for each question, computed once in Python
(templates stay simple and the query count flat)."""

from . import scoring
from .models import Question
from .scoring import normalise_answer


def _options(slot):
    """Matching options in the drawn order, one per distinct answer text."""
    seen, options = set(), []
    for choice in slot.ordered_choices:
        if not choice.match:
            continue
        key = normalise_answer(choice.match)
        if key in seen:
            continue
        seen.add(key)
        options.append(choice)
    return options


def _prompts(slot):
    return sorted(scoring.prompts_of(slot.question.choices.all()), key=lambda c: (c.position, c.pk))


def _accepted(kind, choices) -> list[str]:
    """The accepted answers, as shown with the corrections."""
    shown = []
    for choice in sorted(choices, key=lambda c: (c.position, c.pk)):
        if not choice.is_correct or choice.text.strip() == scoring.ANY:
            continue
        text = choice.text
        if kind == Question.Kind.NUMERICAL and choice.tolerance:
            margin = format(choice.tolerance.normalize(), "f").replace(".", ",")
            text = f"{text.replace('.', ',')} ± {margin}"
        elif kind == Question.Kind.NUMERICAL:
            text = text.replace(".", ",")
        shown.append(text)
    return shown


def form_rows(slots) -> list[dict]:
    rows = []
    for slot in slots:
        response = slot.response or {}
        kind = slot.question.kind
        row = {"slot": slot, "question": slot.question, "kind": kind}
        if kind in (Question.Kind.SINGLE, Question.Kind.TRUE_FALSE):
            row["choices"] = [(c, c.pk == response.get("choice")) for c in slot.ordered_choices]
        elif kind == Question.Kind.MULTIPLE:
            chosen = set(response.get("choices") or [])
            row["choices"] = [(c, c.pk in chosen) for c in slot.ordered_choices]
        elif kind in (Question.Kind.SHORT, Question.Kind.NUMERICAL):
            row["text"] = response.get("text", "")
        elif kind == Question.Kind.MATCHING:
            pairs = response.get("pairs") or {}
            options = _options(slot)
            row["pairs"] = [
                {
                    "prompt": prompt,
                    "options": [(o, pairs.get(str(prompt.pk)) == o.pk) for o in options],
                }
                for prompt in _prompts(slot)
            ]
        rows.append(row)
    return rows


def review_rows(slots, *, show_answers: bool) -> list[dict]:
    rows = []
    for slot in slots:
        question = slot.question
        choices = list(question.choices.all())
        response = slot.response or {}
        kind = question.kind
        fraction = scoring.fraction(kind, choices, slot.response)
        row = {
            "slot": slot,
            "question": question,
            "kind": kind,
            "answered": bool(slot.response),
            "right": fraction == scoring.ONE,
            "partial": scoring.ZERO < fraction < scoring.ONE,
            "show_answers": show_answers,
        }
        if kind in (Question.Kind.SINGLE, Question.Kind.TRUE_FALSE, Question.Kind.MULTIPLE):
            chosen = set(response.get("choices") or [])
            if "choice" in response:
                chosen.add(response["choice"])
            row["choices"] = [
                {"choice": c, "chosen": c.pk in chosen, "correct": c.is_correct}
                for c in slot.ordered_choices
            ]
            row["feedbacks"] = [
                c.feedback for c in slot.ordered_choices if c.pk in chosen and c.feedback
            ]
        elif kind in (Question.Kind.SHORT, Question.Kind.NUMERICAL):
            row["text"] = response.get("text", "")
            row["accepted"] = _accepted(kind, choices)
            matched = scoring.matched_choice(kind, choices, slot.response)
            row["matched_feedback"] = matched.feedback if matched else ""
        elif kind == Question.Kind.MATCHING:
            pairs = response.get("pairs") or {}
            by_id = {c.pk: c for c in choices}
            row["pairs"] = []
            for prompt in _prompts(slot):
                chosen = by_id.get(pairs.get(str(prompt.pk)))
                row["pairs"].append(
                    {
                        "prompt": prompt,
                        "chosen": chosen.match if chosen else "",
                        "right": chosen is not None
                        and normalise_answer(chosen.match) == normalise_answer(prompt.match),
                    }
                )
        rows.append(row)
    return rows
