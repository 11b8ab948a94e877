"""Phone-proof (issue 16): no page a role may see scrolls sideways on a
320 or 375 px wide phone, and form controls stand out from the page (WCAG
1.4.11, 3:1 against what is around them) with a visible focus.

The pages are the access matrix's (tests/security): every GET row where the
role gets a page (200, or 202 for a PDF being built), filled with the
objects of the same seeded world, to which are added the long things a page
must wrap: a receipt hash, a long file name without spaces, a long URL and
an email address in a forum post, a long thread title. Files (PDF, audio,
iCalendar, ZIP) are not pages and are left out. One browser, one context
per role; each page is loaded once, at 320 px, then looked at again with
the window widened to 375 px: the layout follows the window through the CSS
media queries, and no script of the site lays a page out by its width
(Bootstrap reads it only for an open dropdown, modal or offcanvas). When a page
scrolls sideways, its full-page screenshot is left in test-artifacts/."""

import datetime
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Error as PlaywrightError

from tests.e2e.conftest import log_in
from tests.factories import DEFAULT_PASSWORD
from tests.security.test_access_matrix import MATRIX, project_urls, url_of
from tests.security.world import PDF, _restore_migrated_rows, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
WIDTHS = (320, 375)
PHONE_HEIGHT = 740
LONG_NAME = "note-de-synthese_lecture-publique_version-definitive-relue-et-corrigee_2027.pdf"
LONG_URL = (
    "https://www.enssib.fr/bibliotheque-numerique/documents/"
    "70463-le-desherbage-en-bibliotheque-manuel-pratique-de-revision-des-collections.pdf"
)
LONG_EMAIL = "secretariat.preparation-concours@crfcb-mediquitaine.univ-bordeaux.fr"

# Which element makes the page wider than the window: the deepest elements
# whose right edge passes it, outside any box that scrolls or clips on its
# own (a table in its scrolling region does not widen the page).
WIDEST = """
() => {
  const width = window.innerWidth;
  const scrollWidth = document.documentElement.scrollWidth;
  if (scrollWidth <= width) return null;
  const style = (el) => getComputedStyle(el);
  // Inside a box that scrolls or clips on its own, and that contains it
  // (an absolutely positioned element escapes a scroller that is not
  // positioned: a visually hidden label then widens the page).
  const clipped = (el) => {
    let contained = !['absolute', 'fixed'].includes(style(el).position);
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (!contained && style(a).position !== 'static') contained = true;
      if (contained && style(a).overflowX !== 'visible') return true;
    }
    return false;
  };
  // The right edge of an element's box, or of its text when it overflows it.
  const right = (el) => {
    const box = el.getBoundingClientRect();
    const own = style(el).overflowX === 'visible' ? box.left + el.scrollWidth : box.right;
    return Math.max(box.right, own);
  };
  const describe = (el) => {
    let name = el.tagName.toLowerCase();
    if (el.id) name += '#' + el.id;
    if (el.classList.length) name += '.' + [...el.classList].join('.');
    const text = (el.innerText || el.value || '').trim().replace(/\\s+/g, ' ').slice(0, 60);
    return name + (text ? ` "${text}"` : '');
  };
  const over = [...document.body.querySelectorAll('*')].filter(
    (el) => right(el) > width + 0.5 && !clipped(el)
  );
  const leaves = over.filter((el) => !over.some((o) => o !== el && el.contains(o)));
  leaves.sort((a, b) => right(b) - right(a));
  return {
    scrollWidth, width,
    widest: leaves.slice(0, 3).map(
      (el) => `${describe(el)} (right edge ${Math.round(right(el))} px)`
    ),
  };
}
"""

# A table too wide for the phone scrolls inside a region a keyboard user can
# reach and a screen reader names, with its first column kept in view.
TABLES_WITHOUT_REGION = """
() => [...document.querySelectorAll('main table')].filter((table) => {
  if (!table.offsetParent) return false;  // hidden (e.g. the month grid on a phone)
  const region = table.closest('.table-responsive');
  const room = (region || table.parentElement).clientWidth;
  if (table.getBoundingClientRect().width <= room + 0.5) return false;  // fits (or cards)
  if (!region) return true;
  const named = region.getAttribute('role') === 'region' && region.getAttribute('aria-label')
    && region.getAttribute('tabindex') === '0';
  const cell = table.querySelector('tbody tr > :first-child');
  return !named || (cell && getComputedStyle(cell).position !== 'sticky');
}).map((table) => (table.querySelector('caption') || table).textContent.trim().slice(0, 60))
"""


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def seeded_world():
    """The access matrix's world, committed (the live server reads it), with
    the long words a phone must wrap."""
    from forums.models import Attachment

    _restore_migrated_rows()
    w = build_world()
    candidate = w.people["candidate"]
    # A's copy under a long file name; its receipt shows the SHA-256 hash.
    w.submission_file.original_name = LONG_NAME
    w.submission_file.save(update_fields=["original_name"])
    # A forum thread with a long title, a long URL, an email and a long file.
    thread = w.forum_thread
    thread.title = "Organisation des révisions : " + "anticonstitutionnellement" * 2
    thread.save(update_fields=["title"])
    post = w.forum_post
    post.body = f'<p>Voir <a href="{LONG_URL}">{LONG_URL}</a> ou écrire à {LONG_EMAIL}.</p>'
    post.body_text = f"Voir {LONG_URL} ou écrire à {LONG_EMAIL}."
    post.save(update_fields=["body", "body_text"])
    attachment = Attachment(
        post=post, name=LONG_NAME, content_type="application/pdf", size=len(PDF)
    )
    attachment.file.save("long.pdf", SimpleUploadedFile("long.pdf", PDF), save=True)
    w.tutoring_attachment.name = LONG_NAME
    w.tutoring_attachment.save(update_fields=["name"])
    candidate.email = LONG_EMAIL
    candidate.save(update_fields=["email"])
    assert timezone.now() - thread.created_at < datetime.timedelta(hours=1)
    return w


def pages_of(role: str, world) -> list[tuple[str, str]]:
    """(matrix key, URL) of every page the role may see."""
    found = []
    for key in project_urls():
        row = MATRIX[key]
        if row.method == "GET" and row.expect and row.expect[role] in (200, 202):
            found.append((key, url_of(key, row, world)))
    return found


def _path(url: str) -> str:
    return unquote(urlsplit(url)._replace(scheme="", netloc="").geturl())


def open_page(page, url: str) -> bool:
    """Navigate the tab to ``url``: True if it is a page (its answer, before
    any redirect, is HTML), False for a file, which Chromium downloads or
    shows in its viewer. The navigation's own answer says which, so a page
    costs the server one request, not a look first and a load after."""
    first: dict[str, str] = {}  # path -> content type of the navigations' answers

    def answered(response):
        if response.request.is_navigation_request():
            first.setdefault(_path(response.url), response.headers.get("content-type", ""))

    page.on("response", answered)
    try:
        response = page.goto(url)
    except PlaywrightError as error:
        if "Download is starting" not in str(error):
            raise
        kind = first[_path(url)]
        assert not kind.startswith("text/html"), f"{url}: an HTML page downloaded"
        return False
    finally:
        page.remove_listener("response", answered)
    request = response.request
    while request.redirected_from is not None:
        request = request.redirected_from
    return request.response().headers.get("content-type", "").startswith("text/html")


def slug(key: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")[:60]


def sideways_scrolls(page, urls) -> tuple[list, list[str]]:
    """Open each URL; each page, loaded at the first phone width, is then
    looked at at each width (the window resized, not the page reloaded).
    The pages, and what scrolls sideways on them, and why."""
    ARTIFACTS.mkdir(exist_ok=True)
    pages, failures = [], []
    for key, url in urls:
        page.set_viewport_size({"width": WIDTHS[0], "height": PHONE_HEIGHT})
        if not open_page(page, url):
            continue
        pages.append((key, url))
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": PHONE_HEIGHT})
            found = page.evaluate(WIDEST)
            for caption in page.evaluate(TABLES_WITHOUT_REGION):
                failures.append(
                    f"{key} ({url}) at {width} px: the table “{caption}” does not fit and "
                    "scrolls outside a labelled region with its first column kept"
                )
            if found:
                shot = ARTIFACTS / f"sideways-{width}-{slug(key)}.png"
                page.screenshot(path=shot, full_page=True)
                failures.append(
                    f"{key} ({url}) at {width} px: scrollWidth {found['scrollWidth']} > "
                    f"{found['width']}; widest: {'; '.join(found['widest'])}"
                )
    return pages, failures


def enter_as(page, user, live_server) -> None:
    """Log in through the login page; staff accounts (which need their
    authenticator app there) get a session made by Django instead."""
    if user.is_staff:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
        )
        page.goto("/tableau-de-bord/")
    else:
        log_in(page, user.username, DEFAULT_PASSWORD)
    page.wait_for_url("**/tableau-de-bord/")


# The regional candidate (centre B, content only), the remote candidate with
# a tutor (A), A's tutor; the trainer and the coordinator for their tables.
PHONE_ROLES = ["candidate_other_centre", "candidate", "tutor", "trainer", "coordinator"]


@pytest.mark.parametrize("role", PHONE_ROLES)
def test_no_page_scrolls_sideways_on_a_phone(role, chromium, live_server):
    world = seeded_world()
    user = world.people[role]
    context = chromium.new_context(
        viewport={"width": WIDTHS[0], "height": PHONE_HEIGHT},
        locale="fr-FR",
        base_url=live_server.url,
    )
    try:
        page = context.new_page()
        enter_as(page, user, live_server)
        pages, failures = sideways_scrolls(page, pages_of(role, world))
    finally:
        context.close()
    assert len(pages) > 20, pages
    assert not failures, f"{role}: {len(failures)} page(s) scroll sideways:\n" + "\n".join(failures)


# Colour helpers for the contrast checks: WCAG relative luminance, colours
# composed over the backgrounds behind them (the page is white underneath).
COLOURS = """
const parse = (c) => {
  const m = c.match(/rgba?\\(([^)]+)\\)/);
  if (!m) return null;
  const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
  return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
};
const over = (top, bottom) => ({
  r: top.r * top.a + bottom.r * (1 - top.a),
  g: top.g * top.a + bottom.g * (1 - top.a),
  b: top.b * top.a + bottom.b * (1 - top.a),
  a: 1,
});
const luminance = ({r, g, b}) => {
  const f = (v) => (v /= 255) <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
};
const ratio = (x, y) => {
  const [light, dark] = [luminance(x), luminance(y)].sort((p, q) => q - p);
  return (light + 0.05) / (dark + 0.05);
};
const backdrop = (el) => {
  const layers = [];
  for (let a = el; a; a = a.parentElement) {
    const c = parse(getComputedStyle(a).backgroundColor);
    if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
  }
  const white = {r: 255, g: 255, b: 255, a: 1};
  return layers.reverse().reduce((below, layer) => over(layer, below), white);
};
const hex = ({r, g, b}) => '#' + [r, g, b]
  .map((v) => Math.round(v).toString(16).padStart(2, '0')).join('');
const describe = (el) => el.tagName.toLowerCase() + (el.type ? `[type=${el.type}]` : '')
  + (el.id ? '#' + el.id : el.name ? `[name=${el.name}]` : '');
const shown = (el) => {
  const box = el.getBoundingClientRect();
  return el.offsetParent !== null && box.width > 1 && box.height > 1
    && getComputedStyle(el).visibility !== 'hidden';
};
"""

# Every form control's boundary (its border, or its fill) against the
# background around it: 3:1 at least (WCAG 1.4.11).
CONTROL_CONTRAST = (
    "() => {"
    + COLOURS
    + """
  const controls = [...document.querySelectorAll('main input, main select, main textarea')]
    .filter((el) => !['hidden', 'submit', 'button', 'reset', 'image'].includes(el.type))
    .filter((el) => !el.disabled && !el.classList.contains('btn-check') && shown(el));
  return controls.map((el) => {
    const style = getComputedStyle(el);
    const outside = backdrop(el.parentElement);
    const border = over(parse(style.borderTopColor), outside);
    const fill = over(parse(style.backgroundColor) || {r: 0, g: 0, b: 0, a: 0}, outside);
    const width = parseFloat(style.borderTopWidth);
    const contrast = Math.max(width >= 1 ? ratio(border, outside) : 1, ratio(fill, outside));
    return {control: describe(el), contrast, border: hex(border), around: hex(outside)};
  });
}
"""
)

# What the keyboard reaches shows where it is: a solid outline of 2 px or
# more, at 3:1 against the background around the element.
FOCUS_VISIBLE = (
    "() => {"
    + COLOURS
    + """
  const focusable = [...document.querySelectorAll(
    'a[href], button, input, select, textarea, summary, [tabindex="0"]'
  )].filter((el) => el.type !== 'hidden' && !el.disabled && shown(el));
  const missing = [];
  for (const el of focusable) {
    el.focus();
    if (document.activeElement !== el) continue;
    const style = getComputedStyle(el);
    const width = parseFloat(style.outlineWidth);
    const colour = parse(style.outlineColor);
    const around = backdrop(el.parentElement);
    const contrast = colour ? ratio(over(colour, around), around) : 1;
    const solid = style.outlineStyle !== 'none' && width >= 2;
    if (!el.matches(':focus-visible') || !solid || contrast < 3) {
      missing.push(`${describe(el)} "${(el.innerText || '').trim().slice(0, 40)}" `
        + `(outline ${style.outlineStyle} ${style.outlineWidth}, ${contrast.toFixed(2)}:1)`);
    }
    el.blur();
  }
  return missing;
}
"""
)


def test_form_controls_stand_out_and_show_the_keyboard_focus(chromium, live_server):
    """Every text field, list, checkbox and radio button of the pages the
    remote candidate sees (the widest set of controls: quiz answers, copies,
    forum posts, settings, filters) has a boundary at 3:1 or more against the
    page, and every link, button and field the keyboard reaches shows a solid
    outline. The controls share Bootstrap's classes on every page, the
    tutor's and the trainer's too."""
    role = "candidate"
    world = seeded_world()
    user = world.people[role]
    context = chromium.new_context(
        viewport={"width": 375, "height": PHONE_HEIGHT}, locale="fr-FR", base_url=live_server.url
    )
    controls_seen, weak, unfocused = 0, [], []
    try:
        page = context.new_page()
        enter_as(page, user, live_server)
        for key, url in pages_of(role, world):
            if not open_page(page, url):
                continue
            controls = page.evaluate(CONTROL_CONTRAST)
            controls_seen += len(controls)
            weak += [
                f"{key}: {c['control']} {c['contrast']:.2f}:1 ({c['border']} on {c['around']})"
                for c in controls
                if c["contrast"] < 3
            ]
            page.keyboard.press("Tab")  # keyboard modality, as a keyboard user has it
            unfocused += [f"{key}: {what}" for what in page.evaluate(FOCUS_VISIBLE)]
    finally:
        context.close()
    assert controls_seen > 10, "the pages should have form controls to check"
    assert not weak, "form controls under 3:1 against the page:\n" + "\n".join(weak)
    assert not unfocused, "focus not visible:\n" + "\n".join(sorted(set(unfocused)))
