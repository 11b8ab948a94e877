"""The deployment files as Docker would read them, checked without a Docker
engine (there is none where the tests run): docker-compose.yml through a
strict YAML loader (a duplicate key fails, as in Compose v2) and the
compose-spec JSON schema; the Dockerfile, .dockerignore and the nginx
template read line by line."""

import fnmatch
import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from django.conf import settings

BASE = Path(settings.BASE_DIR)
SCHEMA = BASE / "tests" / "fixtures" / "compose-spec.json"
APP_SERVICES = ("migrate", "web", "worker", "worker-emails", "worker-pdf", "beat")


class DuplicateKeyError(yaml.constructor.ConstructorError):
    pass


class StrictLoader(yaml.SafeLoader):
    """SafeLoader refusing a key given twice in one mapping (Compose v2's
    parser does; PyYAML silently keeps the last one). Merge keys (``<<``)
    are not duplicates: the mapping's own keys win over the merged ones."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _value in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise DuplicateKeyError(
                    "while constructing a mapping",
                    node.start_mark,
                    f"found duplicate key {key!r}",
                    key_node.start_mark,
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def strict_load(text: str):
    return yaml.load(text, Loader=StrictLoader)  # noqa: S506 - a SafeLoader subclass


@pytest.fixture(scope="module")
def compose():
    return strict_load((BASE / "docker-compose.yml").read_text())


def test_the_strict_loader_refuses_a_service_defined_twice():
    text = "services:\n  proxy:\n    image: nginx:1.28.0\n  proxy:\n    image: nginx:1.28.0\n"
    assert yaml.safe_load(text) == {"services": {"proxy": {"image": "nginx:1.28.0"}}}
    with pytest.raises(DuplicateKeyError, match="duplicate key 'proxy'"):
        strict_load(text)


def test_compose_file_has_no_duplicate_key_and_follows_the_compose_spec(compose):
    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft201909Validator(schema).validate(compose)
    assert {"proxy", "web", "migrate", "worker", "beat", "db", "redis"} <= set(compose["services"])


def test_the_schema_check_catches_a_misspelt_key(compose):
    """The schema is really applied: an unknown key makes it fail."""
    schema = json.loads(SCHEMA.read_text())
    broken = {**compose, "services": {**compose["services"], "web": {"imag": "x"}}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft201909Validator(schema).validate(broken)


def _with_defaults(value: str) -> str:
    """Compose's interpolation with nothing set: ``${X:-d}`` becomes d."""
    return re.sub(r"\$\{\w+(?::?-([^}]*))?\}", lambda m: m.group(1) or "", value)


def test_every_image_is_pinned_to_a_version(compose):
    for name, service in compose["services"].items():
        image = _with_defaults(service["image"])
        repository, _, tag = image.rpartition(":")
        assert repository and tag, f"{name}: {image} has no tag"
        assert re.fullmatch(r"\d+\.\d+(\.\d+)?(-[\w.]+)?", tag), f"{name}: {image} floats"
    # The application's image is tagged with the release, never "latest".
    assert compose["services"]["web"]["image"] == "callisto:${CALLISTO_VERSION:-0.1.0}"
    assert "CALLISTO_VERSION=" in (BASE / ".env.example").read_text()


def test_web_and_workers_start_after_a_one_shot_migrate(compose):
    services = compose["services"]
    assert services["migrate"]["command"] == "python manage.py migrate --noinput"
    assert services["migrate"]["restart"] == "no"
    assert "migrate" not in services["migrate"]["depends_on"]
    for name in ("web", "worker", "worker-emails", "worker-pdf", "beat"):
        depends = services[name]["depends_on"]
        assert depends["migrate"] == {"condition": "service_completed_successfully"}, name
        assert depends["db"]["condition"] == "service_healthy", name
        assert "migrate" not in str(services[name]["command"]), name


def test_health_checks_of_web_and_workers(compose):
    services = compose["services"]
    web = services["web"]["healthcheck"]["test"]
    # Through the middleware that lets /sante/ through whatever the Host
    # (tests/core/test_operations.py runs this very command against gunicorn).
    assert "http://127.0.0.1:8000/sante/?web" in " ".join(web)
    for name in ("worker", "worker-emails", "worker-pdf"):
        assert "inspect ping" in " ".join(services[name]["healthcheck"]["test"])
    assert services["proxy"]["depends_on"]["web"]["condition"] == "service_healthy"


def test_beat_keeps_its_schedule_on_a_volume(compose):
    beat = compose["services"]["beat"]
    match = re.search(r"--schedule (\S+)", beat["command"])
    assert match, beat["command"]
    directory = str(Path(match.group(1)).parent)
    mounts = dict(volume.split(":", 1) for volume in beat["volumes"])
    assert mounts == {"beat": directory}
    assert "beat" in compose["volumes"]
    assert not directory.startswith("/tmp")  # noqa: S108 - the point: not in /tmp
    dockerfile = (BASE / "Dockerfile").read_text()
    assert directory in dockerfile  # created and owned by the image's user


def test_django_trusts_the_one_proxy_nginx_is(compose):
    environment = compose["x-app-environment"]
    assert environment["TRUSTED_PROXY_COUNT"] == "1"
    for name in APP_SERVICES:
        assert compose["services"][name]["environment"]["TRUSTED_PROXY_COUNT"] == "1"
    proxy = compose["services"]["proxy"]
    assert proxy["volumes"] == [
        "./deploy/nginx.conf.template:/etc/nginx/templates/default.conf.template:ro"
    ]
    assert "TLS_PROXY_ADDRESS" in proxy["environment"]


def _nginx_directives() -> list[str]:
    text = (BASE / "deploy" / "nginx.conf.template").read_text()
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [line for line in lines if line]


def test_nginx_sends_one_client_address_and_the_protocol_only_when_trusted():
    directives = _nginx_directives()
    # The client's own X-Forwarded-For is never passed on: one address, nginx's.
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in directives
    assert not [d for d in directives if "$proxy_add_x_forwarded_for" in d]
    # ... read from X-Forwarded-For only when the TLS terminator sent it.
    assert "set_real_ip_from ${TLS_PROXY_ADDRESS};" in directives
    assert "real_ip_header X-Forwarded-For;" in directives
    # "https" believed from the TLS terminator only, else this connection's scheme.
    assert "proxy_set_header X-Forwarded-Proto $callisto_forwarded_proto;" in directives
    assert "default $scheme;" in directives
    assert '"1:https" https;' in directives
    assert not [d for d in directives if "X-Forwarded-Proto $http_x_forwarded_proto" in d]
    assert "proxy_set_header X-Request-ID $request_id;" in directives
    # Metrics are not served through the proxy.
    assert "location = /metriques/ {" in directives
    assert directives[directives.index("location = /metriques/ {") + 1] == "return 404;"
    # The template only asks the environment for TLS_PROXY_ADDRESS.
    text = (BASE / "deploy" / "nginx.conf.template").read_text()
    assert set(re.findall(r"\$\{(\w+)\}", text)) == {"TLS_PROXY_ADDRESS"}


# --- Dockerfile -------------------------------------------------------------------


def _dockerfile() -> list[str]:
    text = (BASE / "Dockerfile").read_text().replace("\\\n", " ")
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


def test_dockerfile_base_image_is_pinned_by_version():
    froms = [line for line in _dockerfile() if line.startswith("FROM ")]
    assert froms == ["FROM python:3.11.14-slim-bookworm"]


def test_the_image_has_pg_dump_for_the_documented_backup():
    installs = [line for line in _dockerfile() if "apt-get install" in line]
    assert installs and "postgresql-client" in installs[0].split()
    # The client's major version is the database image's (pg_dump refuses newer servers).
    compose = strict_load((BASE / "docker-compose.yml").read_text())
    assert compose["services"]["db"]["image"].startswith("postgres:15.")
    assert "bookworm" in _dockerfile()[0]  # Debian 12 ships postgresql-client-15


def test_the_image_runs_as_an_unprivileged_user():
    lines = _dockerfile()
    users = [line for line in lines if line.startswith("USER ")]
    assert users == ["USER callisto"]
    # Nothing runs as root after it, and the process starts after it.
    after = lines[lines.index("USER callisto") :]
    assert not [line for line in after if line.startswith("RUN ")]
    assert lines[-1].startswith("CMD ")


def _ignored(patterns: list[str], path: str) -> bool:
    """Docker's rule: the last matching pattern wins; a pattern matches a
    path or any of its parent directories."""
    parts = path.split("/")
    candidates = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    ignored = False
    for pattern in patterns:
        negate = pattern.startswith("!")
        glob = pattern[1:] if negate else pattern
        if any(
            fnmatch.fnmatchcase(c, glob) or fnmatch.fnmatchcase(c, glob.removeprefix("**/"))
            for c in candidates
        ):
            ignored = not negate
    return ignored


@pytest.mark.parametrize(
    "path",
    [
        ".env",
        ".env.production",
        ".git/config",
        ".venv/bin/python",
        "media/devoirs/copie.pdf",
        "backups/2026-12-01/database.dump",
        "db.sqlite3",
        "node_modules/bootstrap/package.json",
        "core/__pycache__/views.cpython-311.pyc",
    ],
)
def test_dockerignore_keeps_secrets_and_local_state_out_of_the_image(path):
    patterns = [
        line.strip()
        for line in (BASE / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert _ignored(patterns, path)


@pytest.mark.parametrize(
    "path", ["manage.py", "config/settings.py", "core/views.py", "requirements.lock"]
)
def test_dockerignore_keeps_the_code(path):
    patterns = [
        line.strip()
        for line in (BASE / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert not _ignored(patterns, path)
