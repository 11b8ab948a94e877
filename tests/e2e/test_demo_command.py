"""The README's first command, as a newcomer runs it: ``make demo`` in a fresh
folder, nothing configured (SQLite, eager Celery, console email), then the
site in Chromium. pytest-django's live_server serves static files by itself,
so only this test sees what runserver really serves."""

import contextlib
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings

from tests.e2e.conftest import DESKTOP

BASE = Path(settings.BASE_DIR)
# Demo accounts printed by seed_demo (README).
CANDIDATE, PASSWORD = "candidat", "callisto-demo"
# migrate + seed_demo on SQLite take about 30 s on the CI machine.
START_TIMEOUT = 240
ASSETS = {"stylesheet", "script", "font", "image"}


def _fresh_folder(target: Path) -> Path:
    """The tracked files of this working tree (what a clone holds, with the
    uncommitted edits under test), plus this checkout's installed .venv and a
    copy of node_modules, so the demo's setup step has nothing to install."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=BASE, capture_output=True, check=True
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = BASE / name
        if not source.exists() and not source.is_symlink():
            continue  # deleted in the working tree, not committed yet
        dest = target / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, dest, follow_symlinks=False)
    (target / ".venv").symlink_to(BASE / ".venv")
    # A copy, not a link: the setup's `npm ci` (if it ever found the lock
    # newer) must not empty this checkout's node_modules.
    shutil.copytree(BASE / "node_modules", target / "node_modules", symlinks=True)
    return target


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _newcomer_environment() -> dict[str, str]:
    """A shell with nothing of the test settings: no DJANGO_ENV, no
    DATABASE_URL or REDIS_URL, no e-mail server."""
    keep = ("PATH", "HOME", "USER", "LANG", "TMPDIR")
    return {name: os.environ[name] for name in keep if name in os.environ}


def _wait_until_served(port: int, process: subprocess.Popen, log: Path) -> float:
    """Seconds until the home page answers 200 (migrate and seed_demo first)."""
    started = time.monotonic()
    while time.monotonic() - started < START_TIMEOUT:
        if process.poll() is not None:
            pytest.fail(f"make demo stopped ({process.returncode}):\n{_tail(log)}")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            connection.request("GET", "/")
            if connection.getresponse().status == 200:
                return time.monotonic() - started
        except OSError:
            pass
        finally:
            connection.close()
        time.sleep(0.5)
    pytest.fail(f"make demo did not serve its home page within {START_TIMEOUT} s:\n{_tail(log)}")


def _tail(log: Path, lines: int = 40) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


def _stop(process: subprocess.Popen) -> None:
    """make, runserver and its autoreloader child share one process group."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        pass
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # whatever is left of the group
    process.wait(timeout=5)


@pytest.fixture
def demo(tmp_path):
    """`make demo PORT=<free port>` in a fresh folder; yields its address."""
    folder = _fresh_folder(tmp_path / "callisto")
    port = _free_port()
    log = tmp_path / "make-demo.log"
    with open(log, "w") as output:
        process = subprocess.Popen(
            ["make", "demo", f"PORT={port}"],
            cwd=folder,
            env=_newcomer_environment(),
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        seconds = _wait_until_served(port, process, log)
        print(f"make demo served the site after {seconds:.0f} s")
        yield {"url": f"http://127.0.0.1:{port}", "folder": folder, "log": log}
    finally:
        _stop(process)


def _log_in_staff(page, folder, username) -> None:
    """Log out, then in as a demo staff member (with the demo's TOTP code
    when the account has a second factor)."""
    page.context.clear_cookies()
    page.goto("/connexion/")
    page.get_by_label("Identifiant ou adresse électronique").fill(username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_load_state()
    if not page.locator("input[name=code]").count():
        return  # no second factor for this account
    code = subprocess.run(
        [str(folder / ".venv" / "bin" / "python"), "manage.py", "demo_totp"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()[-1]
    page.locator("input[name=code]").fill(code)
    page.locator("input[name=code]").press("Enter")
    page.wait_for_load_state()


def _watch(page) -> dict[str, list]:
    """Every asset response and failed request, and console errors."""
    seen: dict[str, list] = {"assets": [], "failed": [], "errors": []}
    page.on(
        "response",
        lambda r: (
            seen["assets"].append((r.request.resource_type, r.status, r.url))
            if r.request.resource_type in ASSETS
            else None
        ),
    )
    page.on("requestfailed", lambda r: seen["failed"].append((r.url, r.failure)))
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: seen["errors"].append(str(exc)))
    return seen


STYLESHEETS = ("/static/vendor/bootstrap/css/bootstrap.min.css", "/static/css/callisto.css")


def _assert_styled(page, default_font: str) -> None:
    styles = page.evaluate(
        """() => ({
            font: getComputedStyle(document.body).fontFamily,
            navbar: getComputedStyle(document.querySelector('.navbar')).display,
            // A sheet that failed to load has no readable rules.
            sheets: [...document.styleSheets].filter(s => {
                try { return s.cssRules.length > 0; } catch (e) { return false; }
            }).map(s => new URL(s.href).pathname),
            bootstrapScript: typeof window.bootstrap,
        })"""
    )
    where = page.url
    assert styles["font"] != default_font, f"{where}: unstyled body ({styles['font']})"
    assert styles["navbar"] == "flex", f"{where}: Bootstrap's navbar is not styled"
    for sheet in STYLESHEETS:
        assert sheet in styles["sheets"], f"{where}: {sheet} not applied"
    assert styles["bootstrapScript"] == "object", f"{where}: Bootstrap's script did not run"


@pytest.mark.browser
def test_make_demo_serves_the_styled_site_from_a_fresh_folder(demo, chromium):
    context = chromium.new_context(viewport=DESKTOP, locale="fr-FR", base_url=demo["url"])
    try:
        page = context.new_page()
        page.set_content("<p>browser default</p>")
        default_font = page.evaluate("getComputedStyle(document.body).fontFamily")
        seen = _watch(page)

        page.goto("/")
        assert page.locator("html").get_attribute("lang") == "fr"
        _assert_styled(page, default_font)

        page.goto("/connexion/")
        assert page.get_by_role("heading", name="Se connecter à Callisto").is_visible()
        _assert_styled(page, default_font)

        page.get_by_label("Identifiant ou adresse électronique").fill(CANDIDATE)
        page.get_by_label("Mot de passe").fill(PASSWORD)
        page.get_by_role("button", name="Connexion").click()
        page.wait_for_url("**/tableau-de-bord/")
        _assert_styled(page, default_font)

        # Pages whose queries are written for PostgreSQL first run here on
        # the demo's SQLite: a forum thread (prepared rights, posts and their
        # attachments), then the grading queue as the demo's trainer.
        # In a tab of its own: the asset checks below watch the first one.
        other = context.new_page()
        assert other.goto("/forums/sujets/1/").status == 200
        assert other.locator("main article").count() >= 1
        _log_in_staff(other, demo["folder"], "formateur")
        assert other.goto("/devoirs/a-corriger/").status == 200
        assert other.get_by_role("heading", name="Copies à corriger").is_visible()
        other.close()

        favicon = context.request.get("/favicon.ico")
        assert favicon.status == 200
        assert favicon.headers["content-type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
    finally:
        context.close()

    loaded = {re.sub(r"^https?://[^/]+", "", url) for _, _, url in seen["assets"]}
    for expected in (*STYLESHEETS, "/static/vendor/bootstrap/js/bootstrap.bundle.min.js"):
        assert expected in loaded, f"{expected} was never requested"
    # 304: the browser revalidates what an earlier page loaded (runserver's
    # max-age is 0); that earlier answer was a 200.
    assert [a for a in seen["assets"] if a[1] not in (200, 304)] == [], "assets not served"
    first = {}
    for _, status, url in seen["assets"]:
        first.setdefault(url, status)
    assert {url: status for url, status in first.items() if status != 200} == {}
    assert seen["failed"] == []
    assert seen["errors"] == [], f"browser console errors: {seen['errors']}"
    # Nothing configured means the embedded profile: its SQLite file.
    assert (demo["folder"] / "db.sqlite3").is_file()


def _pins(lock: str) -> dict[str, str]:
    text = (BASE / lock).read_text()
    return dict(re.findall(r"^([A-Za-z0-9_.\-\[\]]+)==(\S+)", text, flags=re.MULTILINE))


def test_dev_lock_pins_every_runtime_package_at_the_same_version():
    """scripts/setup.sh lets the demo run on a .venv set up for the tests."""
    runtime, dev = _pins("requirements.lock"), _pins("requirements-dev.lock")
    assert {name: version for name, version in runtime.items() if dev.get(name) != version} == {}
