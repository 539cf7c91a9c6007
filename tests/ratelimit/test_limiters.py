"""The sliding-window limiters: the in-process one and the Redis one behave the same."""

import asyncio
import logging
from collections.abc import Callable

import pytest
from redis.asyncio import Redis

from kazi.ratelimit.limiter import (
    Decision,
    MemoryRateLimiter,
    Rate,
    RateLimiter,
    RedisRateLimiter,
    hashed_key,
)
from tests.kit.conftest import Clock, keys_under, unreachable_redis

MINUTE = Rate(limit=3, window_s=60.0)


MakeLimiter = Callable[[Clock], RateLimiter]


@pytest.fixture(params=["memory", "redis"])
def make_limiter(request: pytest.FixtureRequest) -> MakeLimiter:
    if request.param == "memory":
        return lambda clock: MemoryRateLimiter(clock=clock)
    redis: Redis = request.getfixturevalue("redis")
    prefix: str = request.getfixturevalue("redis_prefix")
    return lambda clock: RedisRateLimiter(redis, prefix, clock=clock)


async def _hits(limiter: RateLimiter, key: str, count: int, rate: Rate = MINUTE) -> list[bool]:
    return [(await limiter.hit(key, rate)).allowed for _ in range(count)]


async def test_a_burst_up_to_the_limit_then_a_wait_until_the_oldest_leaves(
    make_limiter: MakeLimiter,
) -> None:
    clock = Clock(1_000.0)
    limiter = make_limiter(clock)
    assert await _hits(limiter, "k", 3) == [True, True, True]
    assert await limiter.hit("k", MINUTE) == Decision(allowed=False, retry_after_s=60.0)
    clock.now = 1_030.0
    assert await limiter.hit("k", MINUTE) == Decision(allowed=False, retry_after_s=30.0)
    clock.now = 1_060.0  # the three requests of t=1000 have left the window
    assert await _hits(limiter, "k", 4) == [True, True, True, False]


async def test_the_window_slides_rather_than_resetting(make_limiter: MakeLimiter) -> None:
    clock = Clock(0.0)
    limiter = make_limiter(clock)
    for second in (0.0, 20.0, 40.0):
        clock.now = second
        assert (await limiter.hit("k", MINUTE)).allowed
    clock.now = 59.0
    assert await limiter.hit("k", MINUTE) == Decision(allowed=False, retry_after_s=1.0)
    clock.now = 60.0  # only the request of t=0 has left
    assert (await limiter.hit("k", MINUTE)).allowed
    clock.now = 61.0
    assert await limiter.hit("k", MINUTE) == Decision(allowed=False, retry_after_s=19.0)


async def test_refused_requests_are_not_counted(make_limiter: MakeLimiter) -> None:
    clock = Clock(500.0)
    limiter = make_limiter(clock)
    assert await _hits(limiter, "k", 3) == [True, True, True]
    for second in (510.0, 530.0, 559.5):
        clock.now = second
        assert not (await limiter.hit("k", MINUTE)).allowed
    clock.now = 560.0
    assert await _hits(limiter, "k", 4) == [True, True, True, False]


async def test_keys_are_counted_apart_and_zero_means_no_limit(make_limiter: MakeLimiter) -> None:
    limiter = make_limiter(Clock())
    assert await _hits(limiter, "a", 4) == [True, True, True, False]
    assert await _hits(limiter, "b", 3) == [True, True, True]
    assert await _hits(limiter, "a", 5, Rate(limit=0)) == [True] * 5


async def test_redis_admits_exactly_the_limit_under_concurrency(
    redis: Redis, redis_prefix: str
) -> None:
    limiter = RedisRateLimiter(redis, redis_prefix)  # the server's clock
    rate = Rate(limit=10, window_s=60.0)
    decisions = await asyncio.gather(*(limiter.hit("crowd", rate) for _ in range(40)))
    assert sum(d.allowed for d in decisions) == 10
    refused = [d.retry_after_s for d in decisions if not d.allowed]
    assert len(refused) == 30
    assert all(0 < wait <= 60.0 for wait in refused)
    (key,) = await keys_under(redis, redis_prefix)
    assert key == f"{redis_prefix}ratelimit:crowd"
    assert await redis.zcard(key) == 10
    assert 0 < await redis.pttl(key) <= 60_000


async def test_an_unreachable_redis_lets_requests_through(
    caplog: pytest.LogCaptureFixture,
) -> None:
    client = unreachable_redis()
    limiter = RedisRateLimiter(client, "kazi-test-down:")
    with caplog.at_level(logging.WARNING, logger="kazi.ratelimit.limiter"):
        assert await _hits(limiter, "k", 5, Rate(limit=1)) == [True] * 5
    await client.aclose()
    warnings = [r.getMessage() for r in caplog.records if r.name == "kazi.ratelimit.limiter"]
    assert warnings == ["rate limiter: Redis unavailable (ConnectionError); allowing"]


async def test_memory_limiter_keeps_at_most_max_keys_stale_ones_first() -> None:
    clock = Clock(0.0)
    limiter = MemoryRateLimiter(clock=clock, max_keys=2)
    await limiter.hit("old", MINUTE)
    clock.now = 100.0
    await limiter.hit("recent", MINUTE)
    await limiter.hit("new", MINUTE)
    assert len(limiter) == 2
    assert (await limiter.hit("recent", MINUTE)).allowed
    assert await _hits(limiter, "recent", 2) == [True, False]  # "recent" kept its count


async def test_memory_limiter_flooded_with_new_keys_drops_the_oldest_tenth() -> None:
    limiter = MemoryRateLimiter(clock=Clock(0.0), max_keys=20)
    sizes = []
    for n in range(25):
        await limiter.hit(f"k{n}", MINUTE)
        sizes.append(len(limiter))
    assert sizes == [*range(1, 21), 19, 20, 19, 20, 19]
    assert await _hits(limiter, "k24", 3) == [True, True, False]
    assert await _hits(limiter, "k0", 3) == [True, True, True]  # dropped: counted afresh


def test_hashed_keys_do_not_contain_the_identity() -> None:
    key = hashed_key("login-email", "wanjiru@example.com")
    assert key.startswith("login-email:")
    assert "wanjiru" not in key
    assert len(key) == len("login-email:") + 32
    assert key == hashed_key("login-email", "wanjiru@example.com")
    assert key != hashed_key("login-address", "wanjiru@example.com")
