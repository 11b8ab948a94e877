"""No dead ends (issue 16): every page a person may open is reached by
following links from their dashboard, and no link of the menus, the site
map or the dashboard leads to a refusal.

The pages come from the URL resolver through the access matrix
(tests/security/test_access_matrix.py): for each role, the GET pages its
row expects a 200 for. Each role's walk starts from its dashboard and its
site map and follows every link of the pages it reaches (breadth first, the
menus included since every page carries them), at most ``PER_PAGE`` addresses
per URL name (all activities) so that a long list does not make the walk
long. A page without
parameters must be reached, and so must one address at least of every page
with parameters (an assignment, a thread, a copy...), through the list pages
that link to them. The world is that of the access matrix (candidate A's
objects).
"""

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from tests.security.test_access_matrix import MATRIX, log_in_once
from tests.security.world import world_fixture
from tests.test_query_budgets import NOT_HTML

pytestmark = pytest.mark.django_db

# The people walked, as the issue names them.
WALKED = {
    "candidate": "remote candidate (Callisto preparation, with a tutor)",
    "candidate_other_centre": "regional candidate (no tutor)",
    "tutor": "tutor",
    "trainer": "trainer (grades the copies of A's course)",
    "other_trainer": "trainer of Les Ateliers (runs the workshops)",
    "producer": "producer",
    "coordinator": "coordinator",
    "admin": "administrator",
}

PER_PAGE = 3  # addresses fetched per URL name
# Every activity and forum is fetched: each kind of activity links to its own
# pages (quiz, glossary, audio, workshop...), and the forums hold different
# threads.
UNLIMITED = {
    "courses:activity",
    "content:studio_course",
    "content:studio_activity_edit",
    "forums:forum",
    "calendar_app:event",
}

# Endpoints that are not pages for people to find in the site: nobody needs
# a link to them. Downloads and feeds (tests/test_query_budgets.NOT_HTML)
# are left out as well.
NOT_PAGES = {
    # Monitoring.
    "health": "for load balancers",
    "metrics": "Prometheus, for the inside",
    # Steps of a flow, shown when the flow gets there.
    "password_reset_complete": "after choosing one's password",
    "account_logout": "allauth's confirmation page; the menus post to the logout",
    "account_reauthenticate": "asked by allauth before a sensitive change",
    "mfa_reauthenticate": "asked by allauth before a sensitive change",
    "account_inactive": "shown to an account that was closed",
    "account_email_verification_sent": "after adding an email address",
    "account_reset_password": "the forgotten-password page, linked from the login page",
    "account_reset_password_done": "after asking for a reset link",
    "account_reset_password_from_key_done": "after a reset",
    "socialaccount_login_cancelled": "back from a cancelled single sign-on",
    # Reached from a link sent by email, never from a page.
    "password_reset_confirm": "the activation link",
    "accounts:email_confirm": "the link confirming an address staff gave",
    "account_confirm_email": "the confirmation link",
    "account_reset_password_from_key": "the reset link",
    "forums:unsubscribe": "the one-click unsubscribe link of each email",
    # Answered to scripts, not people.
    "content:attempt_autosave": "the quiz's autosave (JSON)",
    "calendar_app:pdf": "the PDF calendar, built in the background (202)",
    "calendar_app:pdf_mine": "the PDF calendar, built in the background (202)",
    # The hand-in step, offered on the assignment's page while the copy is a
    # draft (A's copy is handed in).
    "assignments:hand_in": "a step of handing in",
}

STAFF = {"tutor", "trainer", "other_trainer", "producer", "coordinator", "admin"}

# Pages a role may open (the page answers them) that are not meant for them:
# no menu offers them, and the walk does not ask for them.
NOT_MEANT_FOR = {
    # An empty board: they follow no candidate.
    "tutoring:board": {"trainer", "other_trainer", "producer"},
    # The questions a candidate asks their tutor: only tutored candidates ask.
    "tutoring:my_threads": {
        "candidate_other_centre",
        "tutor",
        "trainer",
        "other_trainer",
        "producer",
        "coordinator",
        "admin",
    },
    # One's own quiz scores and grades: only candidates have any.
    "content:results": STAFF,
    "content:grades": STAFF,
    # One's own error reports: coordinators see no course to report on.
    "content:report_list": {"coordinator"},
    # Coordinators and administrators take no course and grade no copy:
    # they manage registrations in the administration.
    "courses:my_courses": {"coordinator", "admin"},
    "assignments:mine": {"producer", "coordinator", "admin"},
    "assignments:create": {"admin"},
    # The course results of a candidate without any quiz submitted (a link
    # appears with the first one, on "Mes résultats" and the quiz page).
    "content:my_results": STAFF | {"candidate_other_centre"},
    # A's attempt is in progress: only A has a link to it (to go on). Staff
    # find attempts once submitted.
    "content:attempt": STAFF,
    # A's copy is graded, not returned yet: A sees it on the assignment's
    # page; a coordinator finds copies once returned (the tutoring file's
    # grades).
    "assignments:submission": {"candidate", "coordinator"},
    # The workshop is next week: attendance is offered once it has started.
    "calendar_app:attendance": {"other_trainer", "admin"},
}

# Addresses the walk never fetches (it only notes that a link reaches them).
NOT_FETCHED_NAMESPACES = {"admin"}


class _Links(HTMLParser):
    """Links, and the addresses of forms sent with GET (a filter, "add an
    activity of this kind")."""

    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        elif tag == "form" and (attrs.get("method") or "get").lower() == "get":
            self.hrefs.append(attrs.get("action") or "")


def links_of(html: str, base: str) -> list[str]:
    """The site's own addresses among the page's links (fragments dropped)."""
    parser = _Links()
    parser.feed(html)
    found = []
    for href in parser.hrefs:
        parts = urlsplit(urljoin(base, href))
        if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
            continue
        found.append(urlunsplit(("", "", parts.path, parts.query, "")))
    return found


def key_of(path: str) -> str | None:
    """The access matrix's key for ``path`` (``None`` outside the site)."""
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    if match.namespaces and match.namespaces[0] in NOT_FETCHED_NAMESPACES:
        return match.view_name
    key = match.view_name if match.url_name else match.route
    if key not in MATRIX:
        key = f"{match.view_name} {match.route}"
    return key


def _skipped(key: str) -> bool:
    return (
        key in NOT_HTML
        or key in NOT_PAGES
        or key.split(":")[0] in NOT_FETCHED_NAMESPACES
        or MATRIX[key].method != "GET"
    )


def walk(client: Client, starts: list[str]) -> dict:
    """Breadth-first walk from ``starts``: ``fetched`` (``{key: {path:
    status}}``), ``reached`` (the keys some link or redirect points to),
    ``answers`` (``{path: (status, redirect target)}``) and ``links`` (each
    start's links)."""
    queue = deque(starts)
    seen, fetched, reached, answers, links = set(starts), {}, set(), {}, {}
    while queue:
        path = queue.popleft()
        key = key_of(path)
        if key is None:
            continue
        reached.add(key)
        done = fetched.setdefault(key, {})
        if _skipped(key) or (len(done) >= PER_PAGE and key not in UNLIMITED):
            continue
        response = client.get(path)
        done[path] = response.status_code
        targets = []
        if response.status_code in (301, 302):
            targets = [urljoin(path, response["Location"])]
        elif response.status_code == 200 and "html" in response.get("Content-Type", ""):
            targets = links_of(response.content.decode(), path)
        answers[path] = (
            response.status_code,
            targets[0] if response.status_code != 200 and targets else None,
        )
        if path in starts:
            links[path] = targets
        for target in targets:
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return {"fetched": fetched, "reached": reached, "answers": answers, "links": links}


_WALKS: dict[str, dict] = {}


def walk_of(world, role) -> dict:
    """``role``'s walk from their dashboard and site map (once per module)."""
    if role not in _WALKS:
        _WALKS[role] = walk(_client_of(world, role), [reverse("dashboard"), reverse("sitemap")])
    return _WALKS[role]


def final_status(client, answers, path, hops=5) -> int:
    """The status at the end of ``path``'s redirects (from the walk's answers,
    fetched when the walk did not ask)."""
    for _hop in range(hops):
        if path not in answers:
            response = client.get(path)
            location = response.get("Location") if response.status_code in (301, 302) else None
            answers[path] = (response.status_code, location and urljoin(path, location))
        status, target = answers[path]
        if target is None:
            return status
        path = target
    return status


def pages_for(role: str) -> tuple[set[str], set[str]]:
    """The pages without and with parameters that ``role`` may open and is
    meant to find."""
    plain, with_params = set(), set()
    for key, row in MATRIX.items():
        if _skipped(key) or row.expect[role] != 200 or role in NOT_MEANT_FOR.get(key, ()):
            continue
        (with_params if row.kwargs else plain).add(key)
    return plain, with_params


_world = pytest.fixture(scope="module", name="_world")(world_fixture)


@pytest.fixture(scope="module")
def world(_world, django_db_blocker):
    with django_db_blocker.unblock():
        _world.sessions = log_in_once(_world.people)
    return _world


def _client_of(world, role) -> Client:
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    return client


@pytest.mark.parametrize("role", WALKED)
def test_every_page_of_the_role_is_reached_from_its_dashboard(role, world):
    result = walk_of(world, role)
    plain, with_params = pages_for(role)
    missing = sorted(plain - result["reached"])
    assert not missing, f"{WALKED[role]}: no link reaches {missing}"
    missing = sorted(with_params - result["reached"])
    assert not missing, f"{WALKED[role]}: no page links to any {missing}"


@pytest.mark.parametrize("role", WALKED)
def test_no_link_of_the_menus_site_map_or_dashboard_is_refused(role, world):
    """What the navigation offers opens (a 200, or a redirect to a page that
    does): no 403 or 404 behind a menu entry."""
    client, result = _client_of(world, role), walk_of(world, role)
    refused = {}
    for links in result["links"].values():
        for link in links:
            key = key_of(link)
            if key is None or key.split(":")[0] in NOT_FETCHED_NAMESPACES:
                continue
            status = final_status(client, result["answers"], link)
            if status != 200:
                refused[link] = status
    assert not refused, f"{WALKED[role]}: {refused}"


def test_the_site_map_lists_each_role_its_pages_without_parameters(world):
    """The site map alone gives every page without parameters a role is
    meant to find (RGAA 12.3: a site map reaching the site's pages)."""
    problems = {}
    for role in WALKED:
        links = walk_of(world, role)["links"][reverse("sitemap")]
        listed = {key_of(link) for link in links}
        plain, _with_params = pages_for(role)
        if plain - listed:
            problems[role] = sorted(plain - listed)
    assert not problems, problems
