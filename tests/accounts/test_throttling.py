"""Failed-login throttling: one counter per account (its username and its
email address are one key), one per client address (read past the trusted
proxies), shared by every process through Redis."""

import contextlib
import http.client
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

from tests.factories import DEFAULT_PASSWORD, UserFactory

LOGIN = "/connexion/"
TOO_MANY = "Trop de tentatives"
BASE = Path(settings.BASE_DIR)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "names",
    [
        ["someone"] * 5,
        ["someone@example.fr"] * 5,
        ["someone", "SOMEONE@example.fr", "Someone", "someone@EXAMPLE.fr", "someone"],
    ],
    ids=["by-username", "by-email", "mixed"],
)
@pytest.mark.parametrize("then", ["someone", "someone@example.fr"])
def test_username_and_email_share_one_counter(client, user, names, then):
    for name in names:
        response = client.post(LOGIN, {"login": name, "password": "mauvais"})
        assert TOO_MANY not in response.content.decode()
    response = client.post(LOGIN, {"login": then, "password": DEFAULT_PASSWORD})
    assert TOO_MANY in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_second_address_of_the_account_shares_the_counter(client, user):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email="perso@example.fr", verified=True)
    for _ in range(5):
        client.post(LOGIN, {"login": "perso@example.fr", "password": "mauvais"})
    response = client.post(LOGIN, {"login": "someone", "password": DEFAULT_PASSWORD})
    assert TOO_MANY in response.content.decode()


@pytest.mark.django_db
def test_another_account_is_not_blocked_by_the_first(client, user):
    UserFactory(username="other")
    for _ in range(5):
        client.post(LOGIN, {"login": "someone", "password": "mauvais"})
    response = client.post(LOGIN, {"login": "other@example.fr", "password": DEFAULT_PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_the_address_limit_uses_the_client_address_past_the_proxy(client, user):
    """Behind nginx every request comes from nginx's address: the limit of 20
    failures a minute applies to the client nginx names, not to everyone."""
    attacker = {"REMOTE_ADDR": "172.18.0.5", "HTTP_X_FORWARDED_FOR": "203.0.113.5"}
    for i in range(20):
        response = client.post(LOGIN, {"login": f"nobody{i}", "password": "x"}, **attacker)
        assert TOO_MANY not in response.content.decode()
    response = client.post(LOGIN, {"login": "nobody-else", "password": "x"}, **attacker)
    assert TOO_MANY in response.content.decode()
    # Another client behind the same nginx still logs in.
    response = client.post(
        LOGIN,
        {"login": "someone", "password": DEFAULT_PASSWORD},
        REMOTE_ADDR="172.18.0.5",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert response.status_code == 302


def test_the_compose_file_sets_one_trusted_proxy_and_the_docs_explain_it():
    import yaml

    compose = yaml.safe_load((BASE / "docker-compose.yml").read_text())
    assert str(compose["x-app-environment"]["TRUSTED_PROXY_COUNT"]) == "1"
    docs = (BASE / "docs" / "deployment.md").read_text()
    assert "TRUSTED_PROXY_COUNT=1" in docs
    assert "X-Forwarded-For" in docs


def test_production_refuses_to_start_without_redis():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_ENV": "production",
        "SECRET_KEY": "k3y-" + "x9Qz!7vB#2mW" * 5,
        "ALLOWED_HOSTS": "callisto.example.fr",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/callisto",
        "EMAIL_URL": "smtp://127.0.0.1:25",
        "REDIS_URL": "",
    }
    code = "import config.settings"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=BASE, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "REDIS_URL est obligatoire en production" in result.stderr
    assert "REDIS_URL is required in production" in result.stderr
    # With it, the same settings load.
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE,
        env={**env, "REDIS_URL": settings.REDIS_URL},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


# --- Several server processes sharing Redis ---------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _request(port, method, path, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read().decode()
    finally:
        connection.close()


@pytest.fixture
def three_servers(transactional_db, tmp_path):
    """Three gunicorn servers (one worker each, so each request names its
    process) on the test database and the test Redis."""
    from tests.celery_workers import worker_environment

    env = worker_environment()
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    servers = []
    try:
        for i in range(3):
            port = _free_port()
            log = open(tmp_path / f"gunicorn-{i}.log", "w")  # noqa: SIM115
            process = subprocess.Popen(
                [
                    *(sys.executable, "-m", "gunicorn", "config.wsgi:application"),
                    *("--bind", f"127.0.0.1:{port}", "--workers", "1"),
                ],
                cwd=BASE,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            servers.append((port, process, log))
        deadline = time.monotonic() + 60
        for port, process, _log in servers:
            while True:
                with contextlib.suppress(OSError):
                    if _request(port, "GET", LOGIN)[0] == 200:
                        break
                assert process.poll() is None and time.monotonic() < deadline, (
                    tmp_path / "gunicorn-0.log"
                ).read_text()[-3000:]
                time.sleep(0.3)
        yield [port for port, _process, _log in servers]
    finally:
        for _port, process, log in servers:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
            log.close()


def _login(port, login, password):
    _status, headers, html = _request(port, "GET", LOGIN)
    cookies = "; ".join(
        value.split(";", 1)[0] for name, value in headers if name.lower() == "set-cookie"
    )
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "login": login, "password": password}
    )
    return _request(
        port,
        "POST",
        LOGIN,
        body,
        {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookies},
    )


def test_the_sixth_failure_is_refused_whatever_the_process(three_servers):
    UserFactory(username="someone")
    ports = three_servers
    # Five failures spread over the three processes, by username and email.
    for attempt, port in enumerate([ports[0], ports[1], ports[2], ports[0], ports[1]]):
        login = "someone" if attempt % 2 else "someone@example.fr"
        status, _headers, html = _login(port, login, "mauvais")
        assert status == 200
        assert TOO_MANY not in html
        assert "Connexion refusée" in html
    # The sixth, right password or not, is refused by each of them.
    for port in ports:
        status, _headers, html = _login(port, "someone", DEFAULT_PASSWORD)
        assert status == 200
        assert TOO_MANY in html
