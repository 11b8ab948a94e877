"""``make bench``: production-size data, gunicorn with the production
profile, one locust phase per page, a login storm, worker-side timings,
a deadline spike; results in ``bench/results/<date>.json`` and ``.md``.

Run from the repository root with the project's virtualenv:
``.venv/bin/python bench/run.py`` (``make bench`` does it)."""

import csv
import datetime
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from payloads import SIZE as COPY_SIZE  # bench/payloads.py (run.py runs as a script)

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(os.environ.get("BENCH_WORK_DIR", ROOT / "bench" / ".work"))
RESULTS = ROOT / "bench" / "results"
PY = sys.executable
PORT = int(os.environ.get("BENCH_PORT", "8031"))
USERS = int(os.environ.get("BENCH_USERS", "20"))
PHASE_SECONDS = int(os.environ.get("BENCH_PHASE_SECONDS", "15"))
WORKERS = int(os.environ.get("BENCH_GUNICORN_WORKERS", "4"))
# BENCH_DB and BENCH_WORK_DIR let two people bench on one machine.
DB_NAME = os.environ.get("BENCH_DB", "callisto_bench")
# For working on one page: BENCH_ONLY="dashboard,dashboard:cold" runs only these
# phases ("login" and "worker" name the two last steps) and writes
# bench/.work/partial.md instead of bench/results/; BENCH_REUSE=1 keeps the
# database and sessions of the previous run.
BASELINE_EVERY = 5
ONLY = [name for name in os.environ.get("BENCH_ONLY", "").split(",") if name]
REUSE = os.environ.get("BENCH_REUSE") == "1"
PG = ["-h", "127.0.0.1", "-U", "postgres"]

# page key -> (label, goal as a share of the baseline's throughput). A page
# with cached fragments is measured twice: as users reload it (the fragments
# are reused) and ":cold", every request building them afresh (a first visit,
# or the first visit after a change).
PAGES = [
    ("bare", "Bare Django view (middleware, session, no template)", None),
    ("baseline", "Baseline (base layout)", None),
    ("fortunes", "Fortunes", None),
    ("dashboard", "Dashboard", 0.5),
    ("dashboard:cold", "Dashboard, cold", 0.5),
    ("course", "Course page", 0.5),
    ("course:cold", "Course page, cold", 0.5),
    ("tick", "Activity tick", None),
    ("tutor_board", "Tutor board (40 candidates)", 0.25),
    ("tutor_board:cold", "Tutor board (40 candidates), cold", 0.25),
    ("grading_queue", "Grading queue", 0.25),
    ("grading_queue:cold", "Grading queue, cold", 0.25),
    ("forum_thread", "Forum thread", 0.5),
    ("forum_thread:cold", "Forum thread, cold", 0.5),
    ("calendar", "Calendar month", None),
    ("calendar:cold", "Calendar month, cold", None),
    ("upload", "Submission upload", None),
]

ENV = {
    **os.environ,
    "DJANGO_ENV": "production",
    "BENCH": "1",
    "DEBUG": "false",
    "SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "false",
    "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
    "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9"),
    # Benches of several people share one Redis database, and their data sets
    # have the same ids: without a prefix of its own, one run's ticks and
    # uploads renewed the other's fragment generations (user:<id>), and its
    # reloaded pages rebuilt every fragment (a course page at 8.9 queries
    # instead of 1), or read HTML cached by another worktree's code.
    "CACHE_KEY_PREFIX": os.environ.get("BENCH_CACHE_KEY_PREFIX", f"callisto-{DB_NAME}"),
    "EMAIL_URL": "dummymail://",
    "CONN_MAX_AGE": "60",
    "MEDIA_ROOT": str(WORK / "media"),
    "STATIC_ROOT": str(WORK / "static"),
    "LOG_LEVEL": "WARNING",
    # The load comes from one machine: each simulated user sends its own
    # X-Forwarded-For, as real users behind the proxy would, so the per-IP
    # login throttle applies per user and not to the whole bench.
    "TRUSTED_PROXY_COUNT": "1",
    "PYTHONPATH": str(ROOT),
}


def say(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def run(*cmd, **kwargs):
    return subprocess.run(cmd, check=True, cwd=ROOT, env=ENV, **kwargs)


def psql(sql, db="postgres"):
    out = subprocess.run(
        ["psql", *PG, "-d", db, "-Atc", sql], check=True, capture_output=True, text=True
    )
    return out.stdout.strip()


def ensure_pg_stat_statements() -> bool:
    """pg_stat_statements needs shared_preload_libraries; on a bench machine
    we set it and restart the local cluster once (BENCH_NO_PG_RESTART=1 to
    skip: the top statements are then left out)."""
    if "pg_stat_statements" in psql("SHOW shared_preload_libraries"):
        return True
    if os.environ.get("BENCH_NO_PG_RESTART"):
        return False
    say("enabling pg_stat_statements (restarts the local PostgreSQL cluster)")
    psql("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'")
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True
    )
    for _ in range(30):
        try:
            return "pg_stat_statements" in psql("SHOW shared_preload_libraries")
        except subprocess.CalledProcessError:
            time.sleep(1)
    return False


# --- Server CPU per request ---------------------------------------------------
# utime + stime of the gunicorn workers and of the PostgreSQL backends of the
# bench database, read from /proc before and after each phase: far steadier
# than req/s on a shared machine. The Celery worker's backend is counted with
# the others (it is idle during the page phases); a backend that exits during
# a phase loses what it used in it (connections persist, CONN_MAX_AGE=60).
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str] | None:
    try:
        # The command may hold spaces and parentheses: split after the last ")".
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def cpu_seconds(pid: int) -> float:
    fields = _stat(pid)
    # Fields 14 and 15 of stat(5), counted here from the state (field 3).
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS if fields else 0.0


def children_of(parent: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat(int(entry.name))
            if fields and int(fields[1]) == parent:
                pids.append(int(entry.name))
    return pids


def cpu_snapshot(server_pid: int) -> dict[tuple[str, int], float]:
    backends = psql(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
        " AND pid <> pg_backend_pid() AND backend_type = 'client backend'",
        DB_NAME,
    ).split()
    snapshot = {("web", pid): cpu_seconds(pid) for pid in children_of(server_pid)}
    snapshot.update({("db", int(pid)): cpu_seconds(int(pid)) for pid in backends})
    return snapshot


def cpu_per_request(before: dict, after: dict, requests: int) -> dict:
    """CPU ms per request of the web workers, of the database and in all."""
    used = {"web": 0.0, "db": 0.0}
    for key, seconds in after.items():
        used[key[0]] += max(seconds - before.get(key, 0.0), 0.0)
    if not requests:
        return {}
    return {
        "cpu_web_ms": used["web"] * 1000 / requests,
        "cpu_db_ms": used["db"] * 1000 / requests,
        "cpu_ms": (used["web"] + used["db"]) * 1000 / requests,
    }


def wait_http(url, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
            with urllib.request.urlopen(request, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer")


def locust_phase(page: str, user_class: str = "PageUser", seconds: int | None = None) -> dict:
    stem = page.replace(":", "-")
    prefix = WORK / f"locust-{stem}"
    timing = WORK / f"timing-{stem}.json"
    env = {
        **ENV,
        "BENCH_PAGE": page,
        "BENCH_SESSIONS": str(WORK / "sessions.json"),
        "BENCH_TIMING_OUT": str(timing),
    }
    subprocess.run(
        [
            str(Path(PY).parent / "locust"),
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            user_class,
            "--headless",
            "--users",
            str(USERS),
            "--spawn-rate",
            str(USERS),
            "--run-time",
            f"{seconds or PHASE_SECONDS}s",
            "--host",
            f"http://127.0.0.1:{PORT}",
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        check=False,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    rows = {}
    with open(f"{prefix}_stats.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["Name"] == "Aggregated":
                continue
            rows[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "rps": float(row["Requests/s"]),
                "p50_ms": float(row["50%"]),
                "p95_ms": float(row["95%"]),
                "p99_ms": float(row["99%"]),
                "mean_ms": float(row["Average Response Time"]),
            }
    extra = json.loads(timing.read_text()) if timing.exists() else {}
    for name, values in extra.items():
        rows.setdefault(name, {}).update(values)
    return rows


# Not measured: each gunicorn worker imports the views and compiles each
# template at its first requests (about 0.8 s of CPU per worker, 4 workers).
# Counted in the phases, it made the first one, the bare view, read about
# 0.5 ms a request more than it costs once the workers run. Each read-only
# page is asked for a moment first, cold (X-Bench-Cold: nothing is read from
# or stored in the fragment cache, so the reloaded phases start as before).
WARM_UP_PAGES = ("bare", "baseline", "fortunes", "dashboard", "course", "tutor_board")
WARM_UP_PAGES += ("grading_queue", "forum_thread", "calendar")
# The data a page's phase needs in sessions.json (skipped without it).
NEEDS = {"tick": "tick_path", "forum_thread": "thread_urls", "upload": "upload_urls"}
WARM_UP_SECONDS = int(os.environ.get("BENCH_WARM_UP_SECONDS", "3"))


def warm_up(pages) -> None:
    for page in pages:
        locust_phase(f"{page}:cold", seconds=WARM_UP_SECONDS)


def page_phase(key: str, server_pid: int) -> dict | None:
    """The figures of one page phase (the request name with most requests
    when a page makes several), with the server CPU per request of every
    request the phase made."""
    before = cpu_snapshot(server_pid)
    rows = locust_phase(key)
    after = cpu_snapshot(server_pid)
    if not rows:
        return None
    row = rows[max(rows, key=lambda name: rows[name].get("requests", 0))]
    row.update(cpu_per_request(before, after, sum(r.get("requests", 0) for r in rows.values())))
    return row


def stored_copies(sessions: dict) -> int:
    """Files stored for the upload phase's assignment (every version)."""
    return int(
        psql(
            "SELECT count(*) FROM assignments_submissionfile f JOIN assignments_submission s"
            f" ON s.id = f.submission_id WHERE s.assignment_id = {int(sessions['upload_assignment'])}",
            DB_NAME,
        )
    )


def password_hash_ms() -> float:
    out = subprocess.run(
        [
            PY,
            "-c",
            "import django,time;django.setup();"
            "from django.contrib.auth.hashers import make_password;"
            "t=time.perf_counter();make_password('un mot de passe');"
            "print((time.perf_counter()-t)*1000)",
        ],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**ENV, "DJANGO_SETTINGS_MODULE": "config.settings"},
    )
    return float(out.stdout.strip())


def top_statements() -> list[dict]:
    rows = psql(
        "SELECT calls, round(total_exec_time::numeric, 1), round(mean_exec_time::numeric, 3),"
        " left(regexp_replace(query, '\\s+', ' ', 'g'), 160)"
        " FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database"
        f" WHERE datname = '{DB_NAME}') ORDER BY total_exec_time DESC LIMIT 10",
        DB_NAME,
    )
    result = []
    for line in rows.splitlines():
        calls, total, mean, query = line.split("|", 3)
        result.append(
            {"calls": int(calls), "total_ms": float(total), "mean_ms": float(mean), "query": query}
        )
    return result


def worker_steps() -> dict:
    """Timings measured in a worker-like process (PDF calendar, forum
    fan-out, deadline spike); see bench/worker_steps.py."""
    out = subprocess.run(
        [PY, str(ROOT / "bench" / "worker_steps.py"), f"http://127.0.0.1:{PORT}"],
        check=False,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**ENV, "DJANGO_SETTINGS_MODULE": "config.settings", "BENCH_WORK": str(WORK)},
    )
    if out.returncode:
        return {"error": out.stderr[-2000:]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def markdown(result: dict) -> str:
    pages = result["pages"]
    base = pages.get("baseline", {})
    lines = [
        f"# Benchmark {result['date']}",
        "",
        f"{result['machine']}; {USERS} concurrent users per page for {PHASE_SECONDS} s; "
        f"gunicorn {WORKERS} sync workers, production profile, PostgreSQL and Redis.",
        "",
        (
            f"Baseline measured {len(base['runs'])} times during the run "
            f"({', '.join(f'{rps:.0f}' for rps in base['runs'])} req/s); the ratios use "
            "their mean."
        )
        if base.get("runs")
        else "",
        "",
        "CPU ms: server CPU per request (gunicorn workers + PostgreSQL backends, "
        "utime + stime), then its web and database parts.",
        "",
        "| page | CPU ms | web + db | req/s | × baseline | goal | p50 ms | p95 ms "
        "| p95 × baseline | p99 ms | queries | db ms | errors |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    missed = []
    for key, label, goal in PAGES:
        row = pages.get(key)
        if not row or "rps" not in row:
            lines.append(f"| {label} | not measured | | | | | | | | | | | |")
            continue
        ratio = row["rps"] / base["rps"] if base.get("rps") else 0
        p95_ratio = row["p95_ms"] / base["p95_ms"] if base.get("p95_ms") else 0
        if goal and ratio < goal:
            missed.append(f"{label} throughput {ratio:.2f}× (goal {goal:.2f}×)")
        if p95_ratio > 5:
            missed.append(f"{label} p95 {p95_ratio:.1f}× the baseline's (goal ≤ 5×)")
        if row["failures"]:
            missed.append(f"{label}: {row['failures']} errors")
        # Requests still in flight when a phase stops are stored but not
        # counted by locust: fewer files than requests is the failure.
        if "stored" in row and row["stored"] < row["requests"]:
            missed.append(f"{label}: {row['requests']} requests, {row['stored']} files stored")
        cpu = (
            f"{row['cpu_ms']:.1f} | {row['cpu_web_ms']:.1f} + {row['cpu_db_ms']:.1f}"
            if "cpu_ms" in row
            else " | "
        )
        lines.append(
            f"| {label} | {cpu} | {row['rps']:.1f} | {ratio:.2f} | {f'≥ {goal:.2f}' if goal else ''} "
            f"| {row['p50_ms']:.0f} | {row['p95_ms']:.0f} | {p95_ratio:.1f} "
            f"| {row['p99_ms']:.0f} "
            f"| {row.get('mean_queries', 0):.1f} | {row.get('mean_db_ms', 0):.1f} "
            f"| {row['failures']} |"
        )
    worker = result.get("worker", {})
    checks = [
        ("pdf_calendar", "linear_or_better", "PDF calendar grows worse than linearly"),
        ("forum_fanout", "within_2x", "a reply to 2,000 subscribers costs over 2× one to none"),
        ("deadline_spike", "all_stored", "deadline spike: a copy was not stored"),
    ]
    for step, flag, message in checks if "worker" in result else []:
        if not isinstance(worker.get(step), dict) or not worker[step].get(flag):
            missed.append(message)
    if isinstance(worker.get("deadline_spike"), dict) and worker["deadline_spike"].get(
        "http_errors"
    ):
        missed.append(f"deadline spike: {worker['deadline_spike']['http_errors']} errors")
    if "stored" in pages.get("upload", {}):
        lines += [
            "",
            f"Submission upload: {pages['upload']['requests']} copies of "
            f"{COPY_SIZE / 2**20:.0f} MB posted, {pages['upload']['stored']} stored (a few "
            "more than counted: those in flight when the phase stopped).",
        ]
    lines += ["", "Goals missed: " + ("; ".join(missed) if missed else "none") + "."]
    login = result.get("login", {})
    lines += [
        "",
        f"Password hash: {result.get('password_hash_ms', 0):.0f} ms. Login storm: "
        + ", ".join(
            f"{k} {v.get('rps', 0):.1f} req/s p95 {v.get('p95_ms', 0):.0f} ms"
            for k, v in login.items()
        ),
        "",
        "## Worker side",
        "",
        "```json",
        json.dumps(result.get("worker", {}), indent=2, ensure_ascii=False),
        "```",
        "",
        "## Top 10 statements (pg_stat_statements)",
        "",
        "| calls | total ms | mean ms | statement |",
        "|---:|---:|---:|---|",
    ]
    for st in result.get("top_statements", []):
        query = st["query"].replace("|", "\\|")
        lines.append(f"| {st['calls']} | {st['total_ms']} | {st['mean_ms']} | `{query}` |")
    return "\n".join(lines) + "\n"


def fresh_data() -> None:
    """A new bench database with the production-size data set and its sessions."""
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    say("fresh database")
    subprocess.run(["dropdb", *PG, "--if-exists", DB_NAME], check=True)
    subprocess.run(["createdb", *PG, DB_NAME], check=True)
    run(PY, "manage.py", "migrate", "--noinput", "-v0")
    run(PY, "manage.py", "collectstatic", "--noinput", "-v0")
    say("generating the data set")
    run(PY, "manage.py", "bench_generate", "--sessions", str(WORK / "sessions.json"))
    psql("VACUUM ANALYZE", DB_NAME)


def main() -> int:
    started = time.time()
    RESULTS.mkdir(exist_ok=True)
    stats_enabled = ensure_pg_stat_statements()
    if REUSE and (WORK / "sessions.json").exists():
        say("reusing the database and sessions of the previous run")
    else:
        fresh_data()
    if stats_enabled:
        psql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements", DB_NAME)
    say(f"gunicorn on 127.0.0.1:{PORT}")
    server = subprocess.Popen(
        [
            str(Path(PY).parent / "gunicorn"),
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(WORKERS),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=ENV,
        start_new_session=True,
    )
    worker = subprocess.Popen(
        [
            str(Path(PY).parent / "celery"),
            "-A",
            "config",
            "worker",
            "-l",
            "WARNING",
            "--concurrency",
            "1",
            "-Q",
            "default,emails,pdf,celery",
        ],
        cwd=ROOT,
        env=ENV,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
    )
    result = {
        "date": datetime.date.today().isoformat(),
        "machine": f"{os.cpu_count()} cores",
        "pages": {},
    }
    try:
        wait_http(f"http://127.0.0.1:{PORT}/sante/?web")
        if stats_enabled:
            psql("SELECT pg_stat_statements_reset()", DB_NAME)
        sessions = json.loads((WORK / "sessions.json").read_text())
        # The baseline is measured again after every BASELINE_EVERY pages and
        # at the end: the ratios use the mean of its runs, and the table
        # gives their spread (this machine's speed drifts during a run).
        baseline_runs, since_baseline = [], 0
        wants_baseline = not ONLY or "baseline" in ONLY
        if WARM_UP_SECONDS:
            say("warm-up (not measured)")
            warm_up(
                page
                for page in WARM_UP_PAGES
                if (not ONLY or any(key.partition(":")[0] == page for key in ONLY))
                and sessions.get(NEEDS.get(page), True)
            )
        for key, label, _goal in PAGES:
            if ONLY and key not in ONLY:
                continue
            needs = NEEDS.get(key.partition(":")[0])
            if needs and not sessions.get(needs):
                say(f"{label}: skipped (no data for it)")
                continue
            say(f"phase {label}")
            stored_before = stored_copies(sessions) if key == "upload" else 0
            row = page_phase(key, server.pid)
            if row is None:
                continue
            if key == "baseline":
                baseline_runs.append(row)
                continue
            result["pages"][key] = row
            if key == "upload":
                # A refused file is answered with a redirect too: count what was kept.
                row["stored"] = stored_copies(sessions) - stored_before
            since_baseline += 1
            if wants_baseline and since_baseline == BASELINE_EVERY:
                say("phase Baseline (again)")
                baseline_runs.append(page_phase("baseline", server.pid))
                since_baseline = 0
        if wants_baseline and since_baseline:
            say("phase Baseline (again)")
            baseline_runs.append(page_phase("baseline", server.pid))
        runs = [run for run in baseline_runs if run]
        if runs:
            result["pages"]["baseline"] = {
                **{
                    field: statistics.mean(run[field] for run in runs)
                    for field in (
                        *("rps", "p50_ms", "p95_ms", "p99_ms", "mean_ms"),
                        *("cpu_ms", "cpu_web_ms", "cpu_db_ms"),
                    )
                    if all(field in run for run in runs)
                },
                "requests": sum(run.get("requests", 0) for run in runs),
                "failures": sum(run.get("failures", 0) for run in runs),
                "mean_queries": statistics.mean(run.get("mean_queries", 0) for run in runs),
                "mean_db_ms": statistics.mean(run.get("mean_db_ms", 0) for run in runs),
                "runs": [round(run["rps"], 1) for run in runs if "rps" in run],
            }
        if not ONLY or "login" in ONLY:
            say("login storm")
            result["login"] = locust_phase("login", "LoginUser")
            result["password_hash_ms"] = password_hash_ms()
        if not ONLY or "worker" in ONLY:
            say("worker-side timings and deadline spike")
            result["worker"] = worker_steps()
        result["top_statements"] = top_statements() if stats_enabled else []
    finally:
        for process in (server, worker):
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
    result["seconds"] = round(time.time() - started)
    stem = WORK / "partial" if ONLY else RESULTS / result["date"]
    stem.with_suffix(".json").write_text(json.dumps(result, indent=2, ensure_ascii=False))
    stem.with_suffix(".md").write_text(markdown(result))
    print(markdown(result))
    say(f"done in {result['seconds']} s: {stem}.md")
    errors = sum(row.get("failures", 0) for row in result["pages"].values())
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
