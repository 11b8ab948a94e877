"""The site's one HTML sanitiser (nh3, Ammonia) and its three policies.

Every stored rich text is cleaned twice with the same policy: when it is
saved (``RichTextField``: whatever route writes it, admin, view, service,
import) and when it is shown (the ``clean`` template filter, or an app's
filter calling :func:`clean`), so that a row written before a policy
tightened, or by ``QuerySet.update``, is still safe on screen.

Policies (named tag sets; scripts, styles, event handlers such as
``onerror=`` and ``javascript:`` addresses never pass any of them):

- ``"forum"``: forum messages and announcements (paragraphs, emphasis,
  lists, quotations, code, links with ``rel="nofollow noopener noreferrer"``);
- ``"content"``: what producers, trainers and administrators write (sheets,
  activity bodies and quiz descriptions, assignment instructions, reports,
  the legal and help pages): headings, tables, figures and images too;
- ``"plain"``: short texts inside a page (glossary definitions): paragraphs,
  emphasis, lists, links, abbreviations and quotations, no structure.

Pages written in Markdown (the legal and help pages) go through
:func:`markdown_to_html`, then the ``"content"`` policy."""

from dataclasses import dataclass, field

import markdown
import nh3
from django.db import models
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Policy:
    tags: frozenset[str]
    attributes: dict[str, set[str]] = field(default_factory=dict)
    url_schemes: frozenset[str] = frozenset({"http", "https", "mailto"})
    link_rel: str = "noopener noreferrer"


_FORUM_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "ul", "ol", "li", "blockquote", "code",
    "pre", "a",
}  # fmt: skip
_CONTENT_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "dl", "dt",
    "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd",
    "li", "mark", "ol", "p", "pre", "q", "s", "small", "strong", "sub", "sup", "table", "tbody",
    "td", "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
_PLAIN_TAGS = {"p", "br", "em", "strong", "i", "b", "ul", "ol", "li", "a", "abbr", "cite", "q"}

POLICIES: dict[str, Policy] = {
    "forum": Policy(
        tags=frozenset(_FORUM_TAGS),
        attributes={"a": {"href", "title"}},
        link_rel="nofollow noopener noreferrer",
    ),
    "content": Policy(
        tags=frozenset(_CONTENT_TAGS),
        attributes={
            "a": {"href", "title", "hreflang"},
            "abbr": {"title"},
            "img": {"src", "alt", "width", "height"},
            "td": {"colspan", "rowspan"},
            "th": {"colspan", "rowspan", "scope"},
            "ol": {"start"},
            "*": {"lang"},
        },
        url_schemes=frozenset({"http", "https", "mailto", "tel"}),
    ),
    "plain": Policy(
        tags=frozenset(_PLAIN_TAGS),
        attributes={"a": {"href", "title"}, "abbr": {"title"}},
    ),
}
# Elements dropped with everything inside them (not only their tags).
_DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "template"}


def clean(html: str | None, policy: str = "content") -> str:
    """``html`` with only what ``policy`` allows (see the module docstring)."""
    rules = POLICIES[policy]
    return nh3.clean(
        html or "",
        tags=set(rules.tags),
        clean_content_tags=_DROPPED_WITH_CONTENT - rules.tags,
        attributes={tag: set(names) for tag, names in rules.attributes.items()},
        url_schemes=set(rules.url_schemes),
        link_rel=rules.link_rel,
    ).strip()


def text_only(html: str | None) -> str:
    """Every tag removed (the text of ``html``, entities kept encoded)."""
    return nh3.clean(html or "", tags=set(), clean_content_tags=_DROPPED_WITH_CONTENT)


def safe(html: str | None, policy: str = "content") -> SafeString:
    """``clean(html, policy)`` marked safe for a template."""
    return mark_safe(clean(html, policy))  # noqa: S308 - nh3 has just sanitised it


def markdown_to_html(text: str) -> SafeString:
    """``text`` (Markdown, or HTML) as clean HTML."""
    html = markdown.markdown(text or "", extensions=["sane_lists", "tables"])
    return safe(html, "content")


class RichTextField(models.TextField):
    """A ``TextField`` whose value is cleaned with ``policy`` each time the
    row is saved (``save()``, the admin, ``bulk_create``). For migrations it
    is a plain ``TextField``: the column does not change."""

    def __init__(self, *args, policy: str = "content", **kwargs):
        if policy not in POLICIES:
            raise ValueError(f"unknown rich-text policy {policy!r}")
        self.policy = policy
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if value:
            value = clean(value, self.policy)
            setattr(model_instance, self.attname, value)
        return value

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.TextField", args, kwargs
