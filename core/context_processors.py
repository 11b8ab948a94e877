from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# (url name, label). Entries whose URL is not installed yet are skipped, so an
# app adds itself to the menu by defining the URL name.
MAIN_MENU = [
    ("dashboard", _("Dashboard")),
    ("courses:my_courses", _("My courses")),
    ("calendar_app:month", _("Calendar")),
    ("forums:index", _("Forums")),
    ("tutoring:board", _("Tutoring")),
    ("assignments:grading_queue", _("Grading")),
]
ACCOUNT_MENU = [
    ("accounts:settings", _("My account")),
    ("my_data", _("My personal data")),
    ("admin:index", _("Administration")),
]
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
        active = bool(request) and url != "/" and request.path.startswith(url)
        items.append({"name": name, "url": url, "label": label, "active": active})
    return items


# Entries shown only to some people (the pages check access themselves).
MENU_ROLES = {
    "assignments:grading_queue": ("trainer",),
    "tutoring:board": ("tutor", "tutored"),
}


def menu_items(request):
    """Main menu entries for this user: role-specific entries only for those
    who have the role (remembered at login, core.roles) and for staff."""
    from .roles import roles_of

    user = request.user
    roles = roles_of(request)
    return [
        item
        for item in _resolve(MAIN_MENU, request)
        if item["name"] not in MENU_ROLES
        or user.is_staff
        or any(roles.get(role) for role in MENU_ROLES[item["name"]])
    ]


def site(request):
    """Navigation for the base layout; no database query."""
    user = getattr(request, "user", None)
    context = {"footer_links": _resolve(FOOTER_LINKS)}
    if user is not None and user.is_authenticated:
        context["main_menu"] = menu_items(request)
        account = _resolve(ACCOUNT_MENU)
        context["account_menu"] = [
            i for i in account if i["name"] != "admin:index" or user.is_staff
        ]
    return context
