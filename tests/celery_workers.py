"""Real ``celery worker`` processes for the tests that need one: the
environment that points a worker at the test database and Redis, and the
command that starts it with its log in ``test-artifacts/``."""

import os
import subprocess
import sys
from pathlib import Path


def current_database_url() -> str:
    """The URL of the database this test process uses (an xdist worker's own)."""
    from django.db import connection

    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{db['USER']}{password}@{host}/{db['NAME']}"


def worker_environment(**extra: str) -> dict[str, str]:
    """This process's environment for a worker on the test database and
    Redis, tasks not eager, plus ``extra``."""
    from django.conf import settings

    return {
        **os.environ,
        "DJANGO_ENV": "test",
        "DATABASE_URL": current_database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        **extra,
    }


def start_worker(queue: str, env: dict[str, str], *, pool: str) -> tuple[subprocess.Popen, Path]:
    """A worker consuming ``queue`` only, one task at a time with ``pool``
    (``solo`` or ``prefork``), logging to ``test-artifacts/worker-<queue>.log``.
    A prefork pool notices a killed process at once (tests/celery_worker_main.py)."""
    from django.conf import settings

    log_path = settings.BASE_DIR / "test-artifacts" / f"worker-{queue}.log"
    log_path.parent.mkdir(exist_ok=True)
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.celery_worker_main" if pool == "prefork" else "celery",
                "-A",
                "config",
                "worker",
                f"--pool={pool}",
                "--concurrency=1",
                "-Q",
                queue,
                "--without-gossip",
                "--without-mingle",
                "-l",
                "info",
                "-n",
                f"{queue}@%h",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    return process, log_path
