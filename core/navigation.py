"""The site's navigation, named once: the main menu, the "Mon travail" menu,
the account menu, the dashboard's shortcuts and the site map all read the
entries below, so that a page in the menus is also on the site map and the
dashboard of the same people (tests/security/test_no_dead_ends.py walks
them for every role).

Who sees an entry is decided by the person's roles (``roles_for``): what
they do on the site, remembered in the session at login (core.roles) plus
the account's flags. No query. Rights are checked by each page; an entry
only spares people links to pages that are not meant for them.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Roles (the keys of core.roles.compute_roles, plus the account's flags).
CANDIDATE = "candidate"  # enrolled as a candidate in a course
TUTORED = "tutored"  # a candidate with a tutor (Callisto preparation)
TUTOR = "tutor"
TRAINER = "trainer"
PRODUCER = "producer"
COORDINATOR = "coordinator"  # coordinates a centre
ADMIN = "admin"  # superuser
STAFF = "staff"  # may open the administration (coordinators, admins)
EVERYONE = "everyone"  # every signed-in person


@dataclass(frozen=True)
class Entry:
    name: str  # URL name
    label: Promise
    roles: tuple[str, ...] = (EVERYONE,)
    # The label for someone who holds none of ``roles_own_label`` but sees the
    # entry through another role (the tutor's words, not the candidate's).
    other_label: Promise | None = None
    roles_own_label: tuple[str, ...] = ()
    description: Promise | None = None  # shown on the dashboard and site map


# The top bar, in order.
MAIN = (
    Entry("dashboard", _("Dashboard")),
    # First for tutors: following their candidates is their work.
    Entry(
        "tutoring:board",
        _("My candidates"),
        roles=(TUTOR, COORDINATOR, ADMIN),
        other_label=_("Tutoring follow-up"),
        roles_own_label=(TUTOR,),
        description=_("Progress, copies and questions of the candidates you follow."),
    ),
    Entry(
        "courses:my_courses",
        _("My courses"),
        roles=(CANDIDATE, TRAINER, PRODUCER, TUTOR),
        other_label=_("Courses followed"),
        roles_own_label=(CANDIDATE, TRAINER, PRODUCER),
    ),
    Entry(
        "assignments:mine",
        _("My assignments"),
        roles=(CANDIDATE, TRAINER, TUTOR),
        other_label=_("Assignments follow-up"),
        roles_own_label=(CANDIDATE, TRAINER),
        description=_("Subjects, deadlines, the copies you hand in and their grades."),
    ),
    Entry(
        "content:grades",
        _("My grades"),
        roles=(CANDIDATE,),
        description=_("Every grade of your copies and quizzes, with your averages."),
    ),
    Entry(
        "content:results",
        _("My results"),
        roles=(CANDIDATE,),
        description=_("Your quiz scores and your grades, course by course."),
    ),
    Entry(
        "tutoring:my_threads",
        _("My tutor"),
        roles=(TUTORED,),
        description=_("Ask your tutor a question and read the answers."),
    ),
    Entry("calendar_app:month", _("Calendar")),
    Entry("forums:index", _("Forums")),
)

# "Mon travail": the work pages of trainers, producers and coordinators.
WORK = (
    Entry(
        "assignments:grading_queue",
        _("Copies to grade"),
        roles=(TRAINER, ADMIN),
        description=_("Handed-in copies waiting for a grade and feedback."),
    ),
    Entry(
        "assignments:grade_report",
        _("Grade reports"),
        roles=(TRAINER, TUTOR, COORDINATOR, ADMIN),
        description=_("Grades of the candidates you follow, assignment by assignment; export."),
    ),
    Entry(
        "calendar_app:workshops",
        _("My workshops"),
        roles=(TRAINER, ADMIN),
        description=_("Schedule workshops, see who registered, record attendance."),
    ),
    Entry(
        "content:studio",
        _("Content studio"),
        roles=(PRODUCER, ADMIN),
        description=_("Write and arrange your courses, preview them as a candidate."),
    ),
    Entry(
        "content:review_list",
        _("To review"),
        roles=(PRODUCER, ADMIN),
        description=_("Activities not reviewed for a year or with an open report."),
    ),
    Entry(
        "content:report_list",
        _("Error reports"),
        roles=(PRODUCER, ADMIN),
        description=_("What candidates found wrong: correct it, then answer them."),
    ),
    Entry(
        "content:moodle_upload",
        _("Import a Moodle course"),
        roles=(PRODUCER, ADMIN),
        description=_("Bring a Moodle backup (.mbz) into a course."),
    ),
    Entry(
        "courses:staff_home",
        _("The centre's team"),
        roles=(COORDINATOR, ADMIN),
        description=_("Name tutors, trainers, producers and coordinators; withdraw a role."),
    ),
    Entry(
        "admin:index",
        _("Administration"),
        roles=(STAFF,),
        description=_("Enrol candidates, assign tutors, follow withdrawals."),
    ),
)

# The menu under the person's name.
ACCOUNT = (
    Entry("accounts:settings", _("My account")),
    Entry("my_data", _("My personal data")),
    Entry("calendar_app:feed_settings", _("Subscribe to my calendar")),
    Entry("forums:subscriptions", _("My forum subscriptions")),
    # Whoever reads a course may report an error in it; producers have the
    # list in "Mon travail".
    Entry("content:report_list", _("My error reports"), roles=(CANDIDATE, TUTOR, TRAINER)),
)

# Pages that are on the site map only (they are a step away from a menu
# entry, and the site map lists every page a person may open).
SITE_MAP_MORE = (
    Entry("calendar_app:list", _("Calendar as a list")),
    Entry("forums:search", _("Search the forums")),
    Entry("tutoring:thread_new", _("Ask a question on a new theme"), roles=(TUTORED,)),
    Entry("calendar_app:workshop_create", _("Schedule a workshop"), roles=(TRAINER, ADMIN)),
    Entry("account_email", _("My email address")),
    Entry("account_change_password", _("Change my password")),
    Entry("mfa_index", _("Two-factor authentication")),
    Entry("usersessions_list", _("Active sessions")),
    Entry("socialaccount_connections", _("Connected accounts")),
)


def roles_for(request) -> frozenset[str]:
    """The person's roles, computed once per request, without a query (the
    session remembers them from the login; one cache read tells whether a
    role was granted or withdrawn since, core.roles.roles_changed)."""
    cached = getattr(request, "_navigation_roles", None)
    if cached is not None:
        return cached
    from .roles import refresh_if_changed, roles_of

    user = request.user
    # A session opened before roles were remembered at login, or whose
    # person was granted or withdrawn a role since: asked again, then kept
    # with the session like the others.
    refresh_if_changed(request)
    roles = {EVERYONE}
    roles.update(role for role, held in roles_of(request).items() if held)
    if user.is_superuser:
        roles.add(ADMIN)
    if user.is_staff:
        roles.add(STAFF)
    roles = frozenset(roles)
    request._navigation_roles = roles
    return roles


def _url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:  # an app not installed (or a page not built yet)
        return None


# The entries each set of roles sees, with their addresses, per URLconf and
# script prefix: the same for every request of a process, and a dozen
# ``reverse`` calls a page otherwise (about a quarter of the base layout's
# cost). A new URLconf (tests' override_settings) is a new resolver, so a
# new key; the key holds the resolver itself, never reused by another.
_VISIBLE: dict[tuple, tuple[dict, ...]] = {}
_VISIBLE_MAX = 1024


def urls_key() -> tuple:
    """What the addresses ``reverse`` gives depend on in one process."""
    return (get_resolver(get_urlconf()), get_script_prefix())


def _visible(entries, roles, urls: tuple) -> tuple[dict, ...]:
    key = (id(entries), roles, *urls)
    found = _VISIBLE.get(key)
    if found is None:
        found = tuple(_build_visible(entries, roles))
        if len(_VISIBLE) >= _VISIBLE_MAX:
            _VISIBLE.clear()
        _VISIBLE[key] = found
    return found


def _build_visible(entries, roles):
    for entry in entries:
        if not roles & set(entry.roles):
            continue
        url = _url(entry.name)
        if url is None:
            continue
        label = entry.label
        if entry.other_label is not None and not roles & set(entry.roles_own_label):
            label = entry.other_label
        yield {
            "name": entry.name,
            "url": url,
            "label": label,
            "description": entry.description,
            "active": False,
        }


def items(entries, roles, path: str = "", urls: tuple | None = None) -> list[dict]:
    """The entries ``roles`` may see, as ``{name, url, label, description,
    active}``; ``active`` marks the entry of the current page (the longest
    matching address, so that only one entry is current). ``urls``: the
    request's ``urls_key()``, when the caller has it already."""
    urls = urls_key() if urls is None else urls
    found = [dict(item) for item in _visible(entries, frozenset(roles), urls)]
    current = [item for item in found if _is_under(path, item["url"])]
    if current:
        max(current, key=lambda item: len(item["url"]))["active"] = True
    return found


def _is_under(path: str, url: str) -> bool:
    if url == "/":
        return path == "/"
    return path == url or (url.endswith("/") and path.startswith(url))


def menus(request, urls: tuple | None = None) -> dict:
    """The layout's menus for the signed-in person of ``request``."""
    roles = roles_for(request)
    path = request.path
    urls = urls_key() if urls is None else urls
    work = items(WORK, roles, path, urls)
    main = items(MAIN, roles, path, urls)
    if any(item["active"] for item in work):
        for item in main:
            item["active"] = False
    in_work = {item["name"] for item in work}
    return {
        "main_menu": main,
        "work_menu": work,
        "work_menu_active": any(item["active"] for item in work),
        "account_menu": [i for i in items(ACCOUNT, roles, path, urls) if i["name"] not in in_work],
    }


def site_map(request) -> list[dict]:
    """The site map's sections for ``request``'s person: ``{title, items}``."""
    roles = roles_for(request)
    work = items(WORK, roles)
    in_work = {item["name"] for item in work}
    sections = [
        {"title": _("Main pages"), "items": items(MAIN, roles)},
        {"title": _("My work"), "items": work},
        {
            "title": _("My account"),
            "items": [i for i in items(ACCOUNT, roles) if i["name"] not in in_work],
        },
        {"title": _("More pages"), "items": items(SITE_MAP_MORE, roles)},
    ]
    return [section for section in sections if section["items"]]


# The dashboard's shortcuts: the pages of the main menu that are one
# person's own (not the dashboard, the calendar or the forums, there for all).
SHORTCUTS = ("tutoring:board", "assignments:mine", "content:results", "tutoring:my_threads")


def dashboard_links(roles) -> dict:
    """``shortcuts`` (the person's own pages) and ``work_links`` (their work
    pages, with what each is for) for the dashboard of ``roles``."""
    main = [item for item in items(MAIN, roles) if item["name"] in SHORTCUTS]
    return {"shortcuts": main, "work_links": items(WORK, roles)}
