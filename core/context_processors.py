from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

FOOTER_LINKS = [
    ("legal_notice", _("Legal notice")),
    ("terms", _("Terms of use")),
    ("privacy", _("Personal data")),
    ("sitemap", _("Site map")),
    ("help", _("Help")),
    ("accessibility", _("Accessibility: partially compliant")),
]


def _resolve(entries, request=None):
    items = []
    for name, label in entries:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        active = bool(request) and request.path == url
        items.append({"name": name, "url": url, "label": label, "active": active})
    return items


def site(request):
    """Navigation for the base layout (core.navigation); no database query."""
    from .navigation import menus

    user = getattr(request, "user", None)
    context = {"footer_links": _resolve(FOOTER_LINKS, request)}
    if user is not None and user.is_authenticated:
        context.update(menus(request))
    return context
