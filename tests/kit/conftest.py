"""Fixtures of the scale-out tests: the real Redis server, under a key prefix per test.

The server comes from KAZI_TEST_REDIS_URL (default: the local server). Every key a
test writes starts with its own prefix, and those keys are deleted after the test.
"""

import os
import uuid
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

REDIS_URL = os.environ.get("KAZI_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
# Nothing listens on port 1: connections to it are refused at once.
UNREACHABLE_REDIS_URL = "redis://127.0.0.1:1/0"


class Clock:
    """A clock the test moves by hand (seconds)."""

    def __init__(self, now: float = 1_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def redis_prefix() -> str:
    return f"kazi-test-{uuid.uuid4().hex[:12]}:"


@pytest.fixture
async def redis(redis_prefix: str) -> AsyncIterator[Redis]:
    client = Redis.from_url(REDIS_URL)
    yield client
    keys = [key async for key in client.scan_iter(match=f"{redis_prefix}*")]
    if keys:
        await client.delete(*keys)
    await client.aclose()


async def keys_under(redis: Redis, prefix: str) -> list[str]:
    return sorted([key.decode() async for key in redis.scan_iter(match=f"{prefix}*")])


def unreachable_redis() -> Redis:
    return Redis.from_url(UNREACHABLE_REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
