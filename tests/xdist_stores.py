"""Per-worker stores under pytest-xdist (``make test`` runs ``-n 2``).

Loaded with ``-p tests.xdist_stores`` (pyproject addopts), so it is imported
before pytest-django reads the settings. In an xdist worker
(``PYTEST_XDIST_WORKER=gw<i>``, set by xdist before pytest starts there) it
moves ``REDIS_URL`` to the worker's own database number: base + i. Each test
clears the cache (``FLUSHDB``) and the Celery worker tests use the same
database as their broker, so two workers on one database would wipe each
other's keys and queues. The base comes from ``REDIS_URL`` (default
``redis://127.0.0.1:6379/1``, config/settings.py), so ``gw0`` uses 1 and
``gw1`` 2; a developer given databases 6 to 9 sets ``REDIS_URL=.../6``.

The URL is written back to the environment, so every process a test starts
(the Celery worker, gunicorn, beat) inherits the worker's database, not the
base one. The PostgreSQL test database gets its ``_gw<i>`` suffix from
pytest-django; ports are free ones (``live_server`` and the subprocess tests
bind port 0 or ask the system); media roots are ``tmp_path`` folders.
"""

import os
import shutil
import tempfile
from urllib.parse import urlsplit, urlunsplit

import pytest

DEFAULT_TEST_REDIS = "redis://127.0.0.1:6379/1"
REDIS_DATABASES = 16  # Redis' default "databases" setting


def worker_index() -> int | None:
    """0 for ``gw0``, 1 for ``gw1``..., None outside xdist."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker.startswith("gw"):
        return None
    return int(worker[2:])


def per_worker_redis_url(url: str, index: int) -> str:
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    database = base + index
    if database >= REDIS_DATABASES:
        raise RuntimeError(
            f"xdist worker gw{index} would use Redis database {database} "
            f"(REDIS_URL {url!r}); Redis has {REDIS_DATABASES}: lower the base or -n"
        )
    return urlunsplit(parts._replace(path=f"/{database}"))


def _configure_worker_environment() -> None:
    index = worker_index()
    done = os.environ.get("CALLISTO_XDIST_STORES")
    if index is None or done == os.environ["PYTEST_XDIST_WORKER"]:
        return
    base = os.environ.get("REDIS_URL", DEFAULT_TEST_REDIS)
    os.environ["CALLISTO_TEST_REDIS_BASE_URL"] = base
    os.environ["REDIS_URL"] = per_worker_redis_url(base, index)
    for name in ("CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"):
        if name in os.environ:
            os.environ[name] = per_worker_redis_url(os.environ[name], index)
    # Done once per worker process, even if this module is imported again.
    os.environ["CALLISTO_XDIST_STORES"] = os.environ["PYTEST_XDIST_WORKER"]


_media_root: str | None = None


def _configure_media_root() -> None:
    """Uploaded files of a test run go to a folder of that process (each
    xdist worker its own), not to the work tree's ``media/``; the Celery
    worker a test starts inherits it. A MEDIA_ROOT set by hand is kept."""
    global _media_root
    process = os.environ.get("PYTEST_XDIST_WORKER", "main")
    owner = os.environ.get("CALLISTO_TEST_MEDIA_FOR")
    if "MEDIA_ROOT" in os.environ and (owner is None or owner == process):
        return  # set by hand, or already this process's
    _media_root = tempfile.mkdtemp(prefix=f"callisto-test-media-{process}-")
    os.environ["MEDIA_ROOT"] = _media_root
    os.environ["CALLISTO_TEST_MEDIA_FOR"] = process


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session):
    # Before xdist reports the worker finished: the controller may then end
    # the worker before pytest_unconfigure.
    if _media_root is not None:
        shutil.rmtree(_media_root, ignore_errors=True)


_configure_worker_environment()
_configure_media_root()
