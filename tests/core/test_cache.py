"""The cache backend (core/cache.py) on the machine's real Redis."""

from django.core.cache import cache


def test_the_cache_keeps_one_redis_client_and_still_reads_what_it_wrote():
    cache.set("callisto:test", {"copie": 1}, 30)
    assert cache.get("callisto:test") == {"copie": 1}
    assert cache.get_many(["callisto:test", "absent"]) == {"callisto:test": {"copie": 1}}
    client = cache._cache.get_client()
    assert cache._cache.get_client() is client
    assert cache._cache.get_client(write=True) is client  # one server: one pool
    cache.delete("callisto:test")
    assert cache.get("callisto:test") is None
