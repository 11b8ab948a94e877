"""What every page's base layout reads (templates/base.html).

The menus and the footer are the same HTML for everyone with the same roles
on the same menu entry: ``Navigation`` renders each part once per process for
each of those keys and hands the string to the next page that needs it (the
base layout otherwise walks some 150 template nodes and a dozen ``reverse``
calls on every page). The keys hold everything the HTML depends on: the
language, the URLconf and script prefix (``core.navigation.urls_key``), the
person's roles (re-read at each request, so a role granted or withdrawn
shows at the next one) and which entries are current.
"""

from django.template.loader import render_to_string
from django.utils.functional import cached_property
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .navigation import EVERYONE, Entry, items, menus, roles_for, urls_key

FOOTER_LINKS = [
    ("legal_notice", _("Legal notice")),
    ("terms", _("Terms of use")),
    ("privacy", _("Personal data")),
    ("sitemap", _("Site map")),
    ("help", _("Help")),
    ("accessibility", _("Accessibility: partially compliant")),
]

# Rendered parts, per process: a few hundred keys at most (role sets times
# current entries); emptied if it ever grows past this.
_RENDERED: dict[tuple, SafeString] = {}
_RENDERED_MAX = 2048


_FOOTER = tuple(Entry(name, label) for name, label in FOOTER_LINKS)


def _rendered(key: tuple, template: str, context: dict) -> SafeString:
    """``template`` rendered with ``context``, kept under ``key``."""
    html = _RENDERED.get(key)
    if html is None:
        html = mark_safe(render_to_string(template, context).removesuffix("\n"))  # noqa: S308
        if len(_RENDERED) >= _RENDERED_MAX:
            _RENDERED.clear()
        _RENDERED[key] = html
    return html


def _current(items: list[dict]) -> str:
    return next((item["name"] for item in items if item["active"]), "")


def footer_links(path: str = "", urls: tuple | None = None) -> list[dict]:
    """The legal and help pages, as ``{name, url, label, active}``;
    ``active`` marks the one at ``path``."""
    links = items(_FOOTER, frozenset({EVERYONE}), urls=urls)
    for link in links:
        link["active"] = link["url"] == path
    return links


class Navigation:
    """The base layout's menus and footer for ``request``, as HTML."""

    def __init__(self, request):
        self.request = request

    @cached_property
    def urls(self) -> tuple:
        """``core.navigation.urls_key()``, read once for the whole layout."""
        return urls_key()

    @cached_property
    def _base_key(self) -> tuple:
        return (get_language(), *self.urls)

    @cached_property
    def _menus(self) -> dict:
        found = menus(self.request, self.urls)
        found["roles"] = roles_for(self.request)
        return found

    @property
    def main_menu(self) -> SafeString:
        """The top bar's entries and "Mon travail"."""
        menus = self._menus
        key = ("main", *self._base_key, menus["roles"])
        key += (_current(menus["main_menu"]), _current(menus["work_menu"]))
        return _rendered(key, "includes/main_menu.html", menus)

    @property
    def account_menu(self) -> SafeString:
        """The entries under the person's name (before "Se déconnecter")."""
        menus = self._menus
        key = ("account", *self._base_key, menus["roles"], _current(menus["account_menu"]))
        return _rendered(key, "includes/account_menu.html", menus)

    @property
    def footer(self) -> SafeString:
        links = footer_links(self.request.path, self.urls)
        current = _current(links)
        key = ("footer", *self._base_key, current)
        return _rendered(key, "includes/footer.html", {"footer_links": links})


def site(request):
    """Navigation for the base layout (core.navigation); no database query."""
    return {"navigation": Navigation(request)}
