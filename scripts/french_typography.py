#!/usr/bin/env python3
"""French typography in every French catalogue, idempotently.

    python scripts/french_typography.py            # rewrite the catalogues
    python scripts/french_typography.py --check    # list what it would change

In each ``msgstr`` (never the msgid, never inside an HTML tag, a format
placeholder, a template tag, a URL or an entity):

- the straight apostrophe between letters becomes the typographic one
  (``l'heure`` → ``l\u2019heure``);
- a no-break space (U+00A0) before ``:`` and inside ``« »``, a narrow
  no-break space (U+202F) before ``; ? !``: an ordinary space is replaced,
  a missing one is added (``Erreur:`` → ``Erreur :``); an existing
  no-break space of either width is kept;
- the first day of a month is an ordinal: ``1 septembre`` → ``1er septembre``.

What it cannot mend alone is printed and left for a person: a straight
quote that is not an apostrophe, and a plural written ``fichier(s)``
(``ngettext`` is the fix). ``tests/core/test_french.py`` fails on all of
these, so run this script again after merging branches that add strings,
then ``manage.py compilemessages``.

The file is edited line by line: only the msgstr lines that change are
rewritten, with their wrapping as it was, so merges stay small."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
NBSP = "\u00a0"
NNBSP = "\u202f"
APOSTROPHE = "\u2019"
SPACES = {NBSP, NNBSP}

MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
# Spans that are not prose: left exactly as they are.
PROTECTED = re.compile(
    r"<[^>]*>"  # HTML tags and their attributes
    r"|%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[sdifr]"  # %(name)s
    r"|%[sdif]"
    r"|\{\{.*?\}\}|\{%.*?%\}"  # template variables and tags
    r"|\{[\w.]*\}"  # str.format fields
    r"|&#?\w+;"  # entities
    r"|(?:https?|mailto):[^\s<>\"»]+"  # addresses
)
LETTER = r"[^\W\d_]"
PLURAL_HINT = re.compile(r"\w\((?:e|s|es|x)\)")


def catalogues(base: Path = BASE) -> list[Path]:
    """Every French catalogue of the project: ``locale/``, one per app
    (``<app>/locale/``) and allauth's overrides (``accounts/allauth_locale/``)."""
    found = [*base.glob("locale/fr/LC_MESSAGES/django.po")]
    found += base.glob("*/*/fr/LC_MESSAGES/django.po")
    return sorted(p for p in found if not p.relative_to(base).parts[0].startswith("."))


def _protected_mask(text: str) -> list[bool]:
    mask = [False] * len(text)
    for match in PROTECTED.finditer(text):
        for i in range(match.start(), match.end()):
            mask[i] = True
    return mask


def edits(text: str) -> list[str]:
    """``text`` as a list of one string per original character: what that
    character becomes (itself, a replacement, or itself with an insertion
    before it). Joining the list gives the normalised text; slicing it
    keeps the normalised text aligned with the original's line breaks."""
    out = list(text)
    mask = _protected_mask(text)

    def free(i: int) -> bool:
        return 0 <= i < len(text) and not mask[i]

    def before(i: int) -> str:
        return text[i - 1] if i > 0 else ""

    # Apostrophes between letters (or before a placeholder: « l'%(name)s »).
    for match in re.finditer(rf"(?<={LETTER})'(?={LETTER}|%\(|\{{)", text):
        if free(match.start()):
            out[match.start()] = APOSTROPHE

    # Before : ; ? ! — only where the sign ends a phrase (followed by a
    # space, the end, a tag, a closing quote or bracket), not in « 14:30 ».
    for match in re.finditer(r"[:;?!](?=[\s<\"»)]|$)", text):
        i = match.start()
        if not free(i):
            continue
        space = NBSP if text[i] == ":" else NNBSP
        prev = before(i)
        if prev in SPACES or text[i - 1 : i + 1] in ("?!", "!?", "!!", "??"):
            continue
        if prev == " ":
            if free(i - 1):
                out[i - 1] = space
        elif prev and prev not in "\n\t" and (re.match(r"[\w)»%.…]", prev) or mask[i - 1]):
            # A sign right after a word, a placeholder or a closing mark.
            out[i] = space + text[i]

    # Inside « ».
    for match in re.finditer("«", text):
        i = match.start()
        if not free(i) or i + 1 >= len(text):
            continue
        nxt = text[i + 1]
        if nxt == " ":
            out[i + 1] = NBSP
        elif nxt not in SPACES and nxt != "\n":
            out[i] = "«" + NBSP
    for match in re.finditer("»", text):
        i = match.start()
        if not free(i) or i == 0:
            continue
        prev = text[i - 1]
        if prev == " ":
            out[i - 1] = NBSP
        elif prev not in SPACES and prev != "\n":
            out[i] = NBSP + "»"

    # « 1er septembre ».
    for match in re.finditer(rf"(?<![\d,.])\b1 (?={MONTHS})", text):
        if free(match.start()):
            out[match.start()] = "1er"
    return out


def normalise(text: str) -> str:
    return "".join(edits(text))


def leftovers(text: str) -> list[str]:
    """What ``normalise`` cannot decide: straight quotes that are not
    apostrophes, and plurals in brackets."""
    mask = _protected_mask(text)
    found = []
    for match in re.finditer("'", text):
        if not mask[match.start()]:
            found.append(f"straight quote: …{text[max(0, match.start() - 20) : match.end() + 20]}…")
    for match in PLURAL_HINT.finditer(text):
        if not mask[match.start()]:
            found.append(f"plural in brackets: {match.group(0)!r} in {text[:80]!r}")
    return found


# --- The .po file, line by line ------------------------------------------------

_STRING_LINE = re.compile(r'^(?P<head>(?:#~ )?(?:msgstr(?:\[\d+\])? )?)"(?P<body>.*)"\s*$')
_UNESCAPE = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_ESCAPE = {v: "\\" + k for k, v in _UNESCAPE.items()}


def _unescape(body: str) -> str:
    return re.sub(r"\\(.)", lambda m: _UNESCAPE.get(m.group(1), "\\" + m.group(1)), body)


def _escape(text: str) -> str:
    return "".join(_ESCAPE.get(ch, ch) for ch in text)


def _msgstr_blocks(lines: list[str]):
    """(first, last) line indexes of each msgstr (and msgstr[n]) of every
    entry but the header."""
    i = 0
    previous_msgid_empty = False
    while i < len(lines):
        line = lines[i]
        if line.startswith("msgid "):
            j = i + 1
            while j < len(lines) and lines[j].startswith('"'):
                j += 1
            previous_msgid_empty = line.strip() == 'msgid ""' and j == i + 1
            i = j
            continue
        if line.startswith("msgstr"):
            j = i + 1
            while j < len(lines) and lines[j].startswith('"'):
                j += 1
            if not previous_msgid_empty:
                yield i, j
            i = j
            continue
        i += 1


def fix_catalogue(path: Path, *, write: bool) -> tuple[int, list[str]]:
    """Normalise ``path``; return how many msgstr changed and what is left
    for a person."""
    lines = path.read_text(encoding="utf-8").split("\n")
    changed, notes = 0, []
    for first, last in _msgstr_blocks(lines):
        parsed = [_STRING_LINE.match(lines[k]) for k in range(first, last)]
        if not all(parsed):
            continue
        bodies = [_unescape(m.group("body")) for m in parsed]
        text = "".join(bodies)
        out = edits(text)
        new_bodies, pos = [], 0
        for body in bodies:
            new_bodies.append("".join(out[pos : pos + len(body)]))
            pos += len(body)
        if new_bodies != bodies:
            changed += 1
            for k, (m, body) in enumerate(zip(parsed, new_bodies, strict=True)):
                lines[first + k] = f'{m.group("head")}"{_escape(body)}"'
        notes += [
            f"{path.relative_to(BASE)}:{first + 1}: {n}" for n in leftovers("".join(new_bodies))
        ]
    if write and changed:
        path.write_text("\n".join(lines), encoding="utf-8")
    return changed, notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if needed")
    parser.add_argument("paths", nargs="*", type=Path, help="catalogues (default: all French)")
    args = parser.parse_args(argv)
    total, all_notes = 0, []
    for path in [p.resolve() for p in args.paths] or catalogues():
        changed, notes = fix_catalogue(path, write=not args.check)
        if changed:
            verb = "would change" if args.check else "changed"
            print(f"{path.relative_to(BASE)}: {verb} {changed} strings")
        total += changed
        all_notes += notes
    for note in all_notes:
        print(note)
    if args.check:
        return 1 if total or all_notes else 0
    return 1 if all_notes else 0


if __name__ == "__main__":
    sys.exit(main())
