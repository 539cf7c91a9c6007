"""The limiters run against the real Redis server, with the kit's per-test key prefix."""

from tests.kit.conftest import redis, redis_prefix

__all__ = ["redis", "redis_prefix"]
