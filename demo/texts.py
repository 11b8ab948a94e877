"""The demo's texts, read from the files under ``demo/data/`` (the seeding
modules hold the structure, these files the prose): fiches and dossiers as
HTML, questions, glossary and forum posts as JSON, transcripts as plain text.
All are UTF-8; a missing file fails the seed loudly."""

import json
from pathlib import Path
from typing import Any

from django.utils.text import slugify

DATA = Path(__file__).resolve().parent / "data"


def text(name: str) -> str:
    """The file ``demo/data/<name>`` as written (dossiers, CSS, transcripts)."""
    return (DATA / name).read_text(encoding="utf-8")


def data(name: str) -> Any:
    """The JSON file ``demo/data/<name>``."""
    return json.loads(text(name))


def sheet(title: str) -> str:
    """The body of the fiche ``title`` (``courses/sheets/<slug of title>.html``).
    The files keep one block per line for reading; a fiche's body is one line
    (line breaks are no part of it), so they are taken out again."""
    return text(f"courses/sheets/{slugify(title)}.html").replace("\n", "")


def questions(name: str) -> list[tuple]:
    """The questions of ``content/<name>.json`` as the content seed takes them:
    (kind, question, explanation, answers), answers being (text, correct)
    pairs for choice questions, accepted answers for short answers, (prompt,
    answer) pairs for matching and True or False for true/false questions."""
    rows = data(f"content/{name}.json")
    return [
        (row["kind"], row["text"], row["explanation"], _answers(row["answers"])) for row in rows
    ]


def _answers(answers):
    if isinstance(answers, list):
        return [tuple(a) if isinstance(a, list) else a for a in answers]
    return answers
