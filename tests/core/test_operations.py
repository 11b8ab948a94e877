"""Operations: /sante/ with a real worker and a real beat, then each stopped;
a real gunicorn on the production profile (the compose health check, JSON
logs with the request id, metrics added up over its worker processes);
metrics refused from outside; error reports received by a local Sentry
endpoint, without personal data."""

import contextlib
import gzip
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from django.conf import settings

BASE = Path(settings.BASE_DIR)


def _database_url() -> str:
    from django.db import connection

    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{db['USER']}{password}@{host}/{db['NAME']}"


def _env(**extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {**env, "DATABASE_URL": _database_url(), "REDIS_URL": settings.REDIS_URL, **extra}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _stop(process):
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _wait_for(predicate, timeout=60.0, step=0.3):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return predicate()


# --- /sante/ with a real worker and a real beat ------------------------------------


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_health_names_the_stopped_worker_then_the_stopped_beat(client, settings, tmp_path):
    """Beat sends a heartbeat to each queue every second, one worker consumes
    the three queues. Healthy: 200. Worker stopped: 503 naming the three
    queues, beat still fine. Beat stopped too: beat named as well."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.HEALTH_MAX_AGE_SECONDS = 6
    env = _env(
        DJANGO_ENV="test",
        CELERY_TASK_ALWAYS_EAGER="false",
        HEALTH_HEARTBEAT_SECONDS="1",
        HEALTH_MAX_AGE_SECONDS="6",
    )
    celery = [sys.executable, "-m", "celery", "-A", "config"]
    logs = BASE / "test-artifacts"
    logs.mkdir(exist_ok=True)
    with open(logs / "health-worker.log", "w") as worker_log:
        worker = subprocess.Popen(
            [
                *celery,
                *("worker", "--pool=solo", "-Q", "default,emails,pdf", "-n", "health@%h"),
                *("--without-gossip", "--without-mingle", "-l", "info"),
            ],
            cwd=BASE,
            env=env,
            stdout=worker_log,
            stderr=subprocess.STDOUT,
        )
    with open(logs / "health-beat.log", "w") as beat_log:
        beat = subprocess.Popen(
            [*celery, "beat", "-l", "info", "--schedule", str(tmp_path / "beat-schedule")],
            cwd=BASE,
            env=env,
            stdout=beat_log,
            stderr=subprocess.STDOUT,
        )

    def report():
        response = client.get("/sante/")
        return response.status_code, response.json(), response.content.decode()

    try:
        status, body, _ = _wait_for(lambda: (r := report())[0] == 200 and r, timeout=90)
        assert status == 200, body
        assert body["failing"] == []
        assert {body["checks"][part] for part in ("beat", "queue:default", "queue:pdf")} == {"ok"}
        assert all(age is not None and age <= 6 for age in body["heartbeat_ages"].values())

        _stop(worker)
        failing = {"queue:default", "queue:emails", "queue:pdf"}
        status, body, text = _wait_for(
            lambda: set((r := report())[1]["failing"]) == failing and r, timeout=30
        )
        assert status == 503
        assert set(body["failing"]) == failing, body
        assert body["checks"]["beat"] == "ok"  # beat still sends
        assert body["checks"]["queue:emails"] == "stale"
        assert body["heartbeat_ages"]["queue:emails"] > 6

        _stop(beat)
        status, body, text = _wait_for(
            lambda: "beat" in (r := report())[1]["failing"] and r, timeout=30
        )
        assert status == 503
        assert body["failing"] == ["beat", "queue:default", "queue:emails", "queue:pdf"]
        assert body["checks"]["beat"] == "stale"
        # States and ages only: no address, password or key.
        for secret in (settings.REDIS_URL, settings.SECRET_KEY, _database_url(), "127.0.0.1"):
            assert secret not in text
    finally:
        for process in (worker, beat):
            if process.poll() is None:
                _stop(process)


# --- A real gunicorn on the production profile ---------------------------------------

PRODUCTION = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "k3y-" + "x9Qz!7vB#2mW" * 5,
    "ALLOWED_HOSTS": "callisto.example.fr",
    "EMAIL_URL": "smtp://127.0.0.1:25",
    "CELERY_TASK_ALWAYS_EAGER": "false",
}


@pytest.fixture(scope="module")
def gunicorn(django_db_setup, django_db_blocker, tmp_path_factory, production_static_root):
    """gunicorn -c config/gunicorn.py, two worker processes, production
    settings, the test database and Redis, the collected static files."""
    port = _free_port()
    log = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    with django_db_blocker.unblock():
        env = _env(**PRODUCTION, STATIC_ROOT=str(production_static_root))
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    with open(log, "w") as output:
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py"),
                *("config.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "2"),
            ],
            cwd=BASE,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )

    def up():
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/sante/?web", timeout=2)
        except urllib.error.HTTPError:
            return True
        except OSError:
            return False
        return True

    try:
        assert _wait_for(up, timeout=60), log.read_text()
        yield {"port": port, "log": log, "process": process}
    finally:
        _stop(process)


def _get(port, path, headers=None):
    """One request, redirects not followed."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode()
    finally:
        connection.close()


def test_the_compose_web_health_check_passes_against_production_gunicorn(gunicorn):
    compose = yaml.safe_load((BASE / "docker-compose.yml").read_text())
    command = compose["services"]["web"]["healthcheck"]["test"]
    assert command[:2] == ["CMD", "python"]
    args = [a.replace("127.0.0.1:8000", f"127.0.0.1:{gunicorn['port']}") for a in command[2:]]
    result = subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr + gunicorn["log"].read_text()[-3000:]
    # The same request as Docker makes it: Host 127.0.0.1, plain HTTP, no proxy.
    status, _headers, body = _get(gunicorn["port"], "/sante/?web")
    assert status == 200, body
    assert json.loads(body)["checks"] == {"database": "ok", "cache": "ok", "broker": "ok"}


def test_host_validation_still_refuses_unknown_hosts_elsewhere(gunicorn):
    status, _headers, _body = _get(gunicorn["port"], "/connexion/")
    assert status == 400
    status, _headers, _body = _get(gunicorn["port"], "/connexion/", {"Host": "callisto.example.fr"})
    assert status == 301  # to HTTPS: the host is allowed


def test_logs_are_json_lines_carrying_the_request_id(gunicorn):
    request_id = "4f0c2a7e9b1d4e6f8a3c5b7d9e1f2a4c"
    status, headers, _ = _get(
        gunicorn["port"],
        "/page-qui-n-existe-pas/",
        {"Host": "callisto.example.fr", "X-Forwarded-Proto": "https", "X-Request-ID": request_id},
    )
    assert status == 404
    assert headers["X-Request-ID"] == request_id

    def lines():
        entries = []
        for line in gunicorn["log"].read_text().splitlines():
            with contextlib.suppress(ValueError):
                entries.append(json.loads(line))
        return [e for e in entries if e.get("request_id") == request_id]

    entries = _wait_for(lambda: len(lines()) >= 2 and lines(), timeout=10)
    names = {entry["name"] for entry in entries}
    # Django's own warning and gunicorn's access line, both with the id.
    assert {"django.request", "gunicorn.access"} <= names, entries
    access = next(e for e in entries if e["name"] == "gunicorn.access")
    assert access["status"] == 404
    assert access["path"] == "/page-qui-n-existe-pas/"
    assert access["method"] == "GET"
    warning = next(e for e in entries if e["name"] == "django.request")
    assert warning["levelname"] == "WARNING"


def test_metrics_add_up_every_gunicorn_worker_and_refuse_the_proxied(gunicorn):
    port = gunicorn["port"]
    for _ in range(12):
        _get(port, "/mentions-legales/", {"Host": "callisto.example.fr"})

    status, headers, body = _get(port, "/metriques/")
    assert status == 200, body
    assert headers["Content-Type"].startswith("text/plain")
    total = sum(
        float(line.rsplit(" ", 1)[1])
        for line in body.splitlines()
        if line.startswith("callisto_http_requests_total{") and 'status="301"' in line
    )
    # Whichever of the two processes answered, it reports all twelve.
    assert total >= 12, body
    for name in (
        "callisto_http_request_duration_seconds_bucket",
        'callisto_celery_queue_length{queue="emails"}',
        'callisto_emails_pending{kind="accounts"}',
        'callisto_emails_pending{kind="forums"}',
        "callisto_outbox_pending",
        "callisto_celery_task_failures_total",
    ):
        assert name in body, name
    # Through the proxy (which always sets X-Forwarded-For): not found.
    status, _headers, body = _get(port, "/metriques/", {"X-Forwarded-For": "81.2.69.160"})
    assert status == 404


# --- Metrics: who may read them ---------------------------------------------------------


@pytest.mark.django_db
def test_metrics_are_refused_from_outside(client, settings):
    assert client.get("/metriques/").status_code == 200  # 127.0.0.1, no proxy
    assert client.get("/metriques/", REMOTE_ADDR="10.0.3.7").status_code == 200
    assert client.get("/metriques/", REMOTE_ADDR="81.2.69.160").status_code == 404
    assert client.get("/metriques/", REMOTE_ADDR="2a01:cb00::1").status_code == 404
    proxied = client.get("/metriques/", headers={"X-Forwarded-For": "10.0.0.2"})
    assert proxied.status_code == 404

    settings.METRICS_TOKEN = "jeton-de-test-1234"
    assert client.get("/metriques/").status_code == 404  # the token is now required
    wrong = client.get("/metriques/", headers={"Authorization": "Bearer autre"})
    assert wrong.status_code == 404
    good = client.get(
        "/metriques/",
        REMOTE_ADDR="81.2.69.160",
        headers={"Authorization": "Bearer jeton-de-test-1234"},
    )
    assert good.status_code == 200


@pytest.mark.django_db
def test_metrics_count_requests_queues_emails_and_task_failures(client, settings):
    import redis

    from core import mail
    from core.tasks import build_data_export

    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    broker.rpush("pdf", b"{}", b"{}")
    mail.send_rendered(to=["a@example.fr"], subject="Sujet", body="Texte")
    # No such export: fails for good (not propagated, as in a worker).
    assert build_data_export.apply(args=[987654], throw=False).failed()

    client.get("/mentions-legales/")
    body = client.get("/metriques/").content.decode()
    assert 'callisto_celery_queue_length{queue="pdf"} 2.0' in body
    assert 'callisto_emails_pending{kind="other"} 1.0' in body
    assert 'callisto_celery_task_failures_total{task="core.tasks.build_data_export"} 1.0' in body
    assert 'callisto_http_requests_total{method="GET",status="200"}' in body
    assert 'view="legal_notice"' in body


# --- Sentry ------------------------------------------------------------------------------


@pytest.fixture
def sentry_endpoint():
    """A local Sentry: records the envelopes sentry-sdk posts to it."""
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            encoding = self.headers.get("Content-Encoding")
            if encoding == "gzip":
                body = gzip.decompress(body)
            elif encoding == "br":
                import brotli

                body = brotli.decompress(body)
            received.append({"path": self.path, "body": body.decode()})
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://public@127.0.0.1:{server.server_address[1]}/42", received
    server.shutdown()
    server.server_close()


def _events(received) -> list[dict]:
    events = []
    for envelope in received:
        lines = envelope["body"].splitlines()
        for header, payload in zip(lines[1::2], lines[2::2], strict=False):
            if json.loads(header).get("type") == "event":
                events.append(json.loads(payload))
    return events


@pytest.fixture
def sentry_in_process(sentry_endpoint):
    import sentry_sdk

    from core.observability import init_sentry

    dsn, received = sentry_endpoint
    init_sentry(dsn=dsn, environment="test")
    yield received
    sentry_sdk.get_client().close(timeout=2)
    sentry_sdk.init()  # no DSN: nothing is sent any more


@pytest.mark.django_db
@pytest.mark.urls("tests.core.sentry_urls")
def test_a_server_error_reaches_sentry_without_personal_data(sentry_in_process, client):
    import sentry_sdk

    from tests.factories import UserFactory

    person = UserFactory(
        username="marie.curie",
        email="marie.curie@example.fr",
        first_name="Marie",
        last_name="Curie",
    )
    client.force_login(person)
    client.raise_request_exception = False
    response = client.get(
        "/erreur-de-test/?q=marie.curie@example.fr",
        headers={"X-Request-ID": "0b1c2d3e4f5a4b6c8d7e9f0a1b2c3d4e", "Referer": "https://x/?m=1"},
    )
    assert response.status_code == 500
    sentry_sdk.flush(timeout=5)
    events = _wait_for(lambda: _events(sentry_in_process), timeout=10)
    assert events, sentry_in_process
    raw = "".join(envelope["body"] for envelope in sentry_in_process)
    error = next(e for e in events if e.get("exception"))
    assert error["exception"]["values"][-1]["type"] == "RuntimeError"
    assert error["tags"]["request_id"] == "0b1c2d3e4f5a4b6c8d7e9f0a1b2c3d4e"
    # Nobody can be told from the report.
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    for personal in ("marie.curie", "Marie", "Curie", "example.fr", session, "Referer"):
        assert personal not in raw, personal
    assert "cookies" not in error.get("request", {})
    assert "user" not in error


def test_sentry_gets_errors_of_a_production_process_through_the_settings(sentry_endpoint):
    dsn, received = sentry_endpoint
    env = _env(**PRODUCTION, SENTRY_DSN=dsn)
    code = (
        "import logging, sentry_sdk; "
        "logging.getLogger('callisto.test').error('Copie refusée pour %s', 'lea@example.fr'); "
        "sentry_sdk.flush(5)"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=BASE,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    events = _wait_for(lambda: _events(received), timeout=10)
    assert events, result.stderr
    event = events[0]
    assert event["logentry"] == {"message": "Copie refusée pour %s"}
    assert event["environment"] == "production"
    assert "lea@" not in "".join(envelope["body"] for envelope in received)
    sdk_integrations = set(event["sdk"]["integrations"])
    assert {"django", "celery", "logging"} <= sdk_integrations


@pytest.mark.django_db
def test_every_response_carries_a_request_id_and_a_forged_one_is_replaced(client):
    made = client.get("/")["X-Request-ID"]
    assert len(made) == 32 and int(made, 16) >= 0
    assert client.get("/")["X-Request-ID"] != made
    nginx_id = "9f86d081884c7d659a2feaa0c55ad015"
    assert client.get("/", headers={"X-Request-ID": nginx_id})["X-Request-ID"] == nginx_id
    forged = client.get("/", headers={"X-Request-ID": "x\nFAKE log line"})["X-Request-ID"]
    assert forged != "x\nFAKE log line" and len(forged) == 32
    assert client.get("/sante/?web")["X-Request-ID"]
