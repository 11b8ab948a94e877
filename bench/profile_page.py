"""Server CPU of one page, measured in one process: for working on a page
between two ``make bench`` runs, on a machine that may be busy.

    .venv/bin/python bench/profile_page.py --generate        # once: the bench data
    .venv/bin/python bench/profile_page.py baseline dashboard:cold -n 300
    .venv/bin/python bench/profile_page.py course:cold --profile /tmp/course.txt

Each page is requested through Django's WSGI handler with the bench's users
and sessions (production profile, the same settings as ``make bench``),
after a warm-up, and reported as CPU ms per request: this process's
``process_time`` (the web side, without gunicorn's own parsing) and the
CPU of its PostgreSQL backend (read from /proc), with the queries a request.
CPU time is counted per process, so another job on the machine changes it
little; it is not the bench's figure (no gunicorn, no locust), but moves
with it. ``--profile`` writes cProfile's 40 costliest functions by their own
and by cumulative time. ``BENCH_DB`` and ``BENCH_WORK_DIR`` choose the
database and the folder of the data set, as for ``bench/run.py``."""

import argparse
import cProfile
import io
import json
import os
import pstats
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as bench  # bench/run.py: its settings and data set

CSRF = "benchcsrftokenbenchcsrftokenbenc"

# page key -> (role of the users, URL for one of them): bench/locustfile.py's pages.
URLS = {
    "bare": ("candidates", lambda me, data: "/_bench/bare/"),
    "baseline": ("candidates", lambda me, data: "/_bench/base/"),
    "fortunes": ("candidates", lambda me, data: "/_bench/fortunes/"),
    "dashboard": ("candidates", lambda me, data: "/tableau-de-bord/"),
    "course": ("candidates", lambda me, data: f"/cours/{random.choice(me['courses'])}/"),
    "tutor_board": ("tutors", lambda me, data: "/tutorat/"),
    "grading_queue": ("trainers", lambda me, data: "/devoirs/a-corriger/"),
    "forum_thread": ("candidates", lambda me, data: random.choice(data["thread_urls"])),
    "calendar": ("candidates", lambda me, data: "/calendrier/"),
}


def backend_cpu(connection) -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    return bench.cpu_seconds(pid)


def measure(client, data, key: str, count: int, profile: str | None) -> dict:
    from django.db import connection, reset_queries

    page, _, mode = key.partition(":")
    role, url_for = URLS[page]
    people = data[role][:20]
    headers = {"X-Forwarded-Proto": "https"}
    if mode == "cold":
        headers["X-Bench-Cold"] = "1"

    def one(index: int) -> int:
        me = people[index % len(people)]
        client.cookies["sessionid"] = me["session"]
        client.cookies["csrftoken"] = CSRF
        response = client.get(url_for(me, data), headers=headers)
        if response.status_code != 200:
            raise SystemExit(f"{key}: HTTP {response.status_code} for {url_for(me, data)}")
        timing = response.headers.get("Server-Timing", "")
        return int(timing.split("queries;desc=")[1].split(",")[0]) if timing else 0

    for index in range(min(count, 40)):  # warm-up: imports, templates, connections
        one(index)
    reset_queries()
    profiler = cProfile.Profile() if profile else None
    db_before, web_before = backend_cpu(connection), time.process_time()
    queries = 0
    if profiler:
        profiler.enable()
    for index in range(count):
        queries += one(index)
    if profiler:
        profiler.disable()
    web = time.process_time() - web_before
    db = backend_cpu(connection) - db_before
    if profiler:
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("tottime").print_stats(40)
        stats.sort_stats("cumulative").print_stats(40)
        Path(profile).write_text(out.getvalue())
    return {
        "page": key,
        "requests": count,
        "cpu_web_ms": round(web * 1000 / count, 2),
        "cpu_db_ms": round(db * 1000 / count, 2),
        "queries": round(queries / count, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="*", help="page keys of bench/run.py, ':cold' for cold")
    parser.add_argument("-n", "--requests", type=int, default=200)
    parser.add_argument("--profile", help="cProfile summary to this file (one page)")
    parser.add_argument("--generate", action="store_true", help="build the bench data first")
    args = parser.parse_args()
    if args.generate:
        bench.fresh_data()
    os.environ.update(bench.ENV)
    sys.path.insert(0, str(bench.ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django

    django.setup()
    from django.test import Client

    data = json.loads((bench.WORK / "sessions.json").read_text())
    client = Client(enforce_csrf_checks=True, SERVER_NAME="127.0.0.1")
    for key in args.pages:
        row = measure(client, data, key, args.requests, args.profile)
        total = row["cpu_web_ms"] + row["cpu_db_ms"]
        print(
            f"{key:22} {total:6.2f} ms CPU ({row['cpu_web_ms']:.2f} web +"
            f" {row['cpu_db_ms']:.2f} db), {row['queries']} queries, {row['requests']} requests"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
