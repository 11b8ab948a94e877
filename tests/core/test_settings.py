"""Production profile and the docker-compose stack."""

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml
from django.conf import settings

BASE = Path(settings.BASE_DIR)
PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "k3y-" + "x9Qz!7vB#2mW" * 5,
    "ALLOWED_HOSTS": "callisto.example.fr",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/callisto",
    "REDIS_URL": "redis://127.0.0.1:6379/1",
    "EMAIL_URL": "smtp://127.0.0.1:25",
}


def _clean_environ() -> dict[str, str]:
    # The browser tests allow async-unsafe calls in this process only.
    return {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}


def test_check_deploy_is_clean_on_the_production_profile():
    env = {**_clean_environ(), **PRODUCTION_ENV}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in {**_clean_environ(), **PRODUCTION_ENV}.items() if k != "SECRET_KEY"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=BASE, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def _variables_read_by_settings() -> set[str]:
    source = (BASE / "config" / "settings.py").read_text()
    return set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z][A-Z0-9_]*)"', source))


def _documented_variables() -> set[str]:
    text = (BASE / ".env.example").read_text()
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))


def test_env_example_documents_every_variable_the_settings_read():
    assert _variables_read_by_settings() <= _documented_variables()


def test_compose_stack_has_the_production_services_with_health_checks():
    compose = yaml.safe_load((BASE / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"web", "worker", "beat", "db", "redis"} <= set(services)
    for name in ("web", "worker", "db", "redis"):
        assert "healthcheck" in services[name], f"{name} has no health check"
    assert "gunicorn" in str(services["web"]["command"])
    assert "worker" in str(services["worker"]["command"])
    assert "beat" in str(services["beat"]["command"])
    assert "/sante/" in str(services["web"]["healthcheck"]["test"])


def test_compose_passes_only_variables_the_settings_read():
    compose = yaml.safe_load((BASE / "docker-compose.yml").read_text())
    known = _variables_read_by_settings()
    anchors = compose.get("x-app-environment", {})
    for name in ("web", "worker", "beat"):
        environment = compose["services"][name].get("environment", anchors)
        names = (
            set(environment)
            if isinstance(environment, dict)
            else {item.split("=", 1)[0] for item in environment}
        )
        assert names, f"{name} has no environment"
        assert names <= known, f"{name} sets unknown variables {names - known}"
        assert {"DJANGO_ENV", "DATABASE_URL", "REDIS_URL", "SECRET_KEY"} <= names
