"""Small text helpers shared by the apps."""

import re

# ASCII whitespace only: the no-break spaces of French typography
# (« Rappel : », « « titre » ») stay where the catalogue put them.
_BREAKING_SPACE = re.compile(r"[ \t\r\n\f\v]+")


def one_line(text: str) -> str:
    """``text`` (an email subject rendered from a template) on one line,
    runs of spaces and line breaks collapsed, no-break spaces kept."""
    return _BREAKING_SPACE.sub(" ", text or "").strip()
