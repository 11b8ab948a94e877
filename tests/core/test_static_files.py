"""Static files are served by the site itself (WhiteNoise) in every profile:
from the finders outside production, from collectstatic's hashed files in
production; and /favicon.ico, which browsers ask for on their own."""

import io
import json
import subprocess
import sys

from django.conf import settings
from PIL import Image

from tests.core.test_settings import BASE, PRODUCTION_ENV, _clean_environ


def _body(response) -> bytes:
    # Reading it to the end closes the file (the test client's wrapper).
    return b"".join(response.streaming_content)


def test_stylesheets_and_scripts_are_served_without_collectstatic(client):
    for path, content_type in (
        ("/static/css/callisto.css", "text/css"),
        ("/static/vendor/bootstrap/css/bootstrap.min.css", "text/css"),
        ("/static/vendor/bootstrap/js/bootstrap.bundle.min.js", "text/javascript"),
        ("/static/favicon.svg", "image/svg+xml"),
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Content-Type"].startswith(content_type), path
        assert _body(response), path


def test_favicon_ico_is_served_at_the_root(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
    icon = Image.open(io.BytesIO(_body(response)))
    assert icon.format == "ICO"
    assert {(16, 16), (32, 32)} <= icon.info["sizes"]


def test_whitenoise_answers_before_the_sessions_and_the_database():
    middleware = settings.MIDDLEWARE
    whitenoise = middleware.index("whitenoise.middleware.WhiteNoiseMiddleware")
    assert middleware[whitenoise - 1] == "django.middleware.security.SecurityMiddleware"
    assert whitenoise < middleware.index("django.contrib.sessions.middleware.SessionMiddleware")


PROBE = """
import json
from django.conf import settings
from django.templatetags.static import static
from django.test import Client

client = Client(HTTP_HOST="callisto.example.fr")
def get(path, **headers):
    response = client.get(path, secure=True, headers=headers)
    result = {
        "status": response.status_code,
        "type": response.get("Content-Type"),
        "cache": response.get("Cache-Control"),
        "encoding": response.get("Content-Encoding"),
    }
    response.close()
    return result

print(json.dumps({
    "url": static("css/callisto.css"),
    "hashed": get(static("css/callisto.css"), accept_encoding="gzip"),
    "plain": get("/static/css/callisto.css"),
    "favicon": get("/favicon.ico"),
    "storage": settings.STORAGES["staticfiles"]["BACKEND"],
    "finders": settings.WHITENOISE_USE_FINDERS,
    "autorefresh": settings.WHITENOISE_AUTOREFRESH,
}))
"""


def test_only_the_front_end_files_the_pages_load_are_collected(production_static_root):
    vendor = production_static_root / "vendor"
    collected = {p.relative_to(vendor).as_posix() for p in vendor.rglob("*") if p.is_file()}
    for name in (
        "bootstrap/css/bootstrap.min.css",
        "bootstrap/css/bootstrap.min.css.map",
        "bootstrap/js/bootstrap.bundle.min.js",
        "squire/squire.js",
        "dompurify/purify.min.js",
    ):
        assert name in collected, name
    # The packages' other builds (RTL, grid, ESM, CommonJS) stay out.
    assert not any("rtl" in n or "grid" in n or n.endswith((".mjs", ".cjs.js")) for n in collected)


def test_production_serves_collectstatic_hashed_files(production_static_root):
    env = {**_clean_environ(), **PRODUCTION_ENV, "STATIC_ROOT": str(production_static_root)}
    probe = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", PROBE],
        cwd=BASE,
        env=env,
        capture_output=True,
        text=True,
    )
    assert probe.returncode == 0, probe.stderr
    seen = json.loads(probe.stdout.strip().splitlines()[-1])
    assert seen["storage"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert not seen["finders"] and not seen["autorefresh"]
    assert seen["url"] != "/static/css/callisto.css"  # a hashed name
    assert seen["hashed"]["status"] == 200
    assert seen["hashed"]["type"].startswith("text/css")
    assert "immutable" in seen["hashed"]["cache"]
    assert seen["hashed"]["encoding"] == "gzip"
    assert seen["plain"]["status"] == 200
    assert "immutable" not in seen["plain"]["cache"]
    assert seen["favicon"]["status"] == 200
    assert seen["favicon"]["type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
