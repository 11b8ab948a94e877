"""Load for ``make bench``: one page per phase (``BENCH_PAGE``), logged-in
users of the right role, sessions prepared by ``bench_generate``.

Every response of the site carries ``Server-Timing`` in bench mode; the
query count and database time are collected per page and written to
``BENCH_TIMING_OUT`` when the phase stops."""

import itertools
import json
import os
import random
import re
import statistics
from pathlib import Path

from locust import HttpUser, between, events, task

from bench.payloads import copy_pdf

DATA = json.loads(Path(os.environ.get("BENCH_SESSIONS", "bench/.work/sessions.json")).read_text())
# "dashboard" reloads the page as its users do (cached fragments are reused);
# "dashboard:cold" asks the site to build them afresh on every request.
PAGE, _, MODE = os.environ.get("BENCH_PAGE", "baseline").partition(":")
TIMING_OUT = os.environ.get("BENCH_TIMING_OUT", "bench/.work/timing.json")
CSRF = "benchcsrftokenbenchcsrftokenbenc"  # 32 characters: a valid CSRF secret
SERVER_TIMING = re.compile(r"queries;desc=(\d+)")
DB_TIME = re.compile(r"db;dur=([\d.]+)")

timings: dict[str, dict[str, list[float]]] = {}
_NEXT_PERSON = itertools.count()


@events.request.add_listener
def _collect(name, response, exception, **kwargs):
    if response is None or exception:
        return
    header = response.headers.get("Server-Timing", "")
    queries, db = SERVER_TIMING.search(header), DB_TIME.search(header)
    if queries:
        entry = timings.setdefault(name, {"queries": [], "db_ms": []})
        entry["queries"].append(int(queries.group(1)))
        entry["db_ms"].append(float(db.group(1)) if db else 0.0)


@events.test_stop.add_listener
def _write(**kwargs):
    summary = {
        name: {
            "mean_queries": statistics.mean(v["queries"]),
            "max_queries": max(v["queries"]),
            "mean_db_ms": statistics.mean(v["db_ms"]),
        }
        for name, v in timings.items()
        if v["queries"]
    }
    Path(TIMING_OUT).write_text(json.dumps(summary))


class BenchUser(HttpUser):
    wait_time = between(0, 0)
    role = "candidates"

    def on_start(self):
        # Each simulated user is another person (while there are enough):
        # twenty people, not one person in several tabs.
        people = DATA[self.role]
        self.me = people[next(_NEXT_PERSON) % len(people)]
        self.client.headers.update(
            {
                "Cookie": f"sessionid={self.me['session']}; csrftoken={CSRF}",
                "X-Forwarded-Proto": "https",
                "Referer": f"https://{self.host.split('://', 1)[1]}/",
                "X-CSRFToken": CSRF,
            }
        )
        if MODE == "cold":
            self.client.headers["X-Bench-Cold"] = "1"

    def get(self, url, name):
        with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}")

    def post(self, url, name, data=None, files=None):
        with self.client.post(
            url, name=name, data=data or {}, files=files, allow_redirects=False, catch_response=True
        ) as r:
            if r.status_code not in (200, 302, 303):
                r.failure(f"HTTP {r.status_code}")


PAGES = {}


def page(name, role="candidates"):
    def register(func):
        PAGES[name] = (role, func)
        return func

    return register


@page("bare")
def _bare(user):
    user.get("/_bench/bare/", "bare")


@page("baseline")
def _baseline(user):
    user.get("/_bench/base/", "baseline")


@page("fortunes")
def _fortunes(user):
    user.get("/_bench/fortunes/", "fortunes")


@page("dashboard")
def _dashboard(user):
    user.get("/tableau-de-bord/", "dashboard")


@page("course")
def _course(user):
    user.get(f"/cours/{random.choice(user.me['courses'])}/", "course page")


@page("tick")
def _tick(user):
    slug = user.me["courses"][0]
    activity = random.choice(user.me["tick"])
    user.post(
        f"/cours/{slug}/activites/{activity}/{DATA['tick_path']}",
        "activity tick",
        data={"done": random.choice(["0", "1"])},
    )


@page("tutor_board", role="tutors")
def _board(user):
    user.get("/tutorat/", "tutor board")


@page("grading_queue", role="trainers")
def _queue(user):
    user.get("/devoirs/a-corriger/", "grading queue")


@page("forum_thread")
def _thread(user):
    user.get(random.choice(DATA["thread_urls"]), "forum thread")


@page("calendar")
def _calendar(user):
    user.get("/calendrier/", "calendar month")


@page("upload")
def _upload(user):
    url = random.choice(DATA["upload_urls"])
    payload = copy_pdf()
    user.post(
        url,
        "submission upload",
        data=DATA.get("upload_fields", {}),
        files={DATA.get("upload_field", "file"): ("copie.pdf", payload, "application/pdf")},
    )


class PageUser(BenchUser):
    role = PAGES[PAGE][0] if PAGE in PAGES else "candidates"

    @task
    def hit(self):
        PAGES[PAGE][1](self)


class LoginUser(HttpUser):
    """Login storm: the login form, then a POST of good credentials."""

    wait_time = between(0, 0)

    @task
    def login(self):
        self.client.cookies.clear()
        ip = f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"
        headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": ip}
        form = self.client.get("/connexion/", name="login form", headers=headers)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
        username = random.choice(DATA["login_users"])
        self.client.post(
            "/connexion/",
            name="login post",
            headers={
                **headers,
                "Referer": f"https://{self.host.split('://', 1)[1]}/connexion/",
                "Cookie": f"csrftoken={form.cookies.get('csrftoken', '')}",
            },
            data={
                "csrfmiddlewaretoken": token.group(1) if token else "",
                "login": username,
                "username": username,
                "password": DATA["password"],
            },
            allow_redirects=False,
        )
