"""A reloaded course page reuses its cached outline until something it
shows changes (issue 23: in one ``make bench`` run the reloaded course page
cost as much as the cold one, 8.9 queries a request).

The cause was outside the page: every bench on the machine used the same
Redis database and key prefix, and the data sets have the same ids, so one
run's ticks renewed the generations (``user:<id>``) of the other run's
users. A write the outline does not depend on, or a write of another site
on the same Redis, must leave it cached."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache.backends.redis import RedisCache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import fragments
from courses.models import Completion, LastVisit

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.fixture
def reloaded(client, candidate, exam_course):
    """The candidate's course page, built once: (url, queries of a reload)."""
    assert fragments.enabled()
    client.force_login(candidate)
    url = exam_course.get_absolute_url()
    client.get(url)
    return url, queries(client, url)


def test_a_reload_reads_no_outline_rows(client, reloaded):
    url, count = reloaded
    # The user (the session comes from the cache); the access check and the
    # outline are cached.
    assert count == 1
    assert queries(client, url) == count


def test_another_candidates_writes_leave_the_outline_cached(
    client, other_candidate, reloaded, exam_course
):
    # (``other_candidate`` is registered first: a registration renews every
    # fragment, core/fragments.py.)
    url, count = reloaded
    activity = exam_course.activities.filter(completion_rule="manual").first()
    Completion.objects.create(user=other_candidate, activity=activity, source="manual")
    LastVisit.objects.create(user=other_candidate, course=exam_course, activity=activity)
    assert queries(client, url) == count


def test_another_site_on_the_same_redis_leaves_the_outline_cached(client, reloaded, candidate):
    """Another site (or another bench run) with its own key prefix renews
    the generation of a user with the same id: ours is untouched."""
    url, count = reloaded
    other = RedisCache(settings.CACHES["default"]["LOCATION"], {"KEY_PREFIX": "another-site"})
    other.set(f"fragments:gen:{fragments.user_scope(candidate)}", "renewed elsewhere")
    assert queries(client, url) == count


def test_the_candidates_own_tick_renews_the_outline(client, reloaded, candidate, exam_course):
    url, count = reloaded
    activity = exam_course.activities.filter(completion_rule="manual").first()
    Completion.objects.create(user=candidate, activity=activity, source="manual")
    assert queries(client, url) > count


def _bench_prefix(db_name: str) -> str:
    env = {**os.environ, "BENCH_DB": db_name}
    env.pop("BENCH_CACHE_KEY_PREFIX", None)
    code = "import run; print(run.ENV['CACHE_KEY_PREFIX'])"
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT / "bench",
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


def test_two_benches_on_one_machine_do_not_share_cache_keys():
    """bench/run.py (and bench/profile_page.py, which uses its settings)
    gives each bench database its own cache key prefix."""
    first, second = _bench_prefix("callisto_bench_a"), _bench_prefix("callisto_bench_b")
    assert first and second and first != second
