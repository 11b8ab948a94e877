"""Each xdist worker has its own stores (tests/xdist_stores.py): a test on
one worker that clears the cache or flushes the database leaves the other
worker's data alone."""

import os

import pytest
from django.conf import settings
from django.db import connection

from tests.xdist_stores import per_worker_redis_url, worker_index


def test_worker_databases_follow_the_base_number():
    assert per_worker_redis_url("redis://127.0.0.1:6379/6", 0) == "redis://127.0.0.1:6379/6"
    assert per_worker_redis_url("redis://127.0.0.1:6379/6", 1) == "redis://127.0.0.1:6379/7"
    assert per_worker_redis_url("redis://:pw@redis:6379", 1) == "redis://:pw@redis:6379/1"
    with pytest.raises(RuntimeError, match="Redis has 16"):
        per_worker_redis_url("redis://127.0.0.1:6379/15", 1)


def test_uploads_of_a_test_run_stay_out_of_the_work_tree():
    assert not str(settings.MEDIA_ROOT).startswith(str(settings.BASE_DIR / "media"))


@pytest.mark.django_db
def test_this_worker_uses_its_own_redis_database_and_test_database():
    index = worker_index()
    if index is None:
        pytest.skip("not under pytest-xdist")
    worker = f"gw{index}"
    assert os.environ["REDIS_URL"] == settings.REDIS_URL
    assert settings.CACHES["default"]["LOCATION"] == settings.REDIS_URL
    base = os.environ["CALLISTO_TEST_REDIS_BASE_URL"]
    assert per_worker_redis_url(base, index) == settings.REDIS_URL
    assert index == 0 or base != settings.REDIS_URL
    assert settings.MEDIA_ROOT.rsplit("/", 1)[-1].startswith(f"callisto-test-media-{worker}-")
    assert connection.settings_dict["NAME"].endswith(f"_{worker}")
