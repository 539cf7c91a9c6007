"""Cooldowns behave the same in process and in Redis; in Redis they are shared, and an
unreachable Redis never fails a call."""

import asyncio
import logging
from typing import Any

import pytest
from redis.asyncio import Redis

from kazi.enums import TaskType, Tier
from kazi.llm.registry import ProviderType
from kazi.llm.types import Prompt
from kazi.routing.attempts import CallContext
from kazi.routing.cooldown import CooldownPolicy, RedisCooldowns
from kazi.routing.router import AllProvidersFailed, Router
from tests.fakes.plugin import LiveFleet
from tests.fakes.script import Reply
from tests.kit.conftest import unreachable_redis
from tests.routing.conftest import POLICY, CooldownStore, ListSink, add_provider

BOTH = pytest.mark.parametrize("cooldown_store", ["memory", "redis"], indirect=True)
PROVIDER = 7


@BOTH
async def test_the_kth_failure_in_a_row_trips_for_the_cooldown(
    cooldown_store: CooldownStore,
) -> None:
    cooldowns = cooldown_store.cooldowns
    for _ in range(POLICY.failures_to_trip - 1):
        await cooldowns.failed(PROVIDER)
    assert not await cooldowns.is_cooled_down(PROVIDER)
    await cooldowns.failed(PROVIDER)
    assert await cooldowns.is_cooled_down(PROVIDER)
    assert not await cooldowns.is_cooled_down(PROVIDER + 1)

    await cooldown_store.time.advance(POLICY.cooldown_s - 1)
    assert await cooldowns.is_cooled_down(PROVIDER)
    await cooldown_store.time.advance(1)
    assert not await cooldowns.is_cooled_down(PROVIDER)


@BOTH
async def test_a_success_ends_the_failure_streak(cooldown_store: CooldownStore) -> None:
    cooldowns = cooldown_store.cooldowns
    for _ in range(3):
        await cooldowns.failed(PROVIDER)  # one short of tripping, then a success
        await cooldowns.succeeded(PROVIDER)
    assert not await cooldowns.is_cooled_down(PROVIDER)


@BOTH
async def test_the_streak_starts_again_after_a_trip(cooldown_store: CooldownStore) -> None:
    cooldowns = cooldown_store.cooldowns
    for _ in range(POLICY.failures_to_trip):
        await cooldowns.failed(PROVIDER)
    await cooldown_store.time.advance(POLICY.cooldown_s)
    await cooldowns.failed(PROVIDER)
    assert not await cooldowns.is_cooled_down(PROVIDER)
    await cooldowns.failed(PROVIDER)
    assert await cooldowns.is_cooled_down(PROVIDER)


async def test_failures_from_several_workers_trip_one_shared_cooldown(
    redis_cooldowns: tuple[Redis, str],
) -> None:
    redis, prefix = redis_cooldowns
    policy = CooldownPolicy(failures_to_trip=3, cooldown_s=30)
    workers = [RedisCooldowns(redis, prefix, policy) for _ in range(2)]
    await asyncio.gather(*(workers[n % 2].failed(PROVIDER) for n in range(3)))
    assert [await w.is_cooled_down(PROVIDER) for w in workers] == [True, True]
    # The trip reset the streak: two more failures are counted towards the next one.
    await asyncio.gather(*(w.failed(PROVIDER) for w in workers))
    assert await redis.get(workers[0].failures_key(PROVIDER)) == b"2"
    cooled_ms = await redis.pttl(workers[0].cooled_key(PROVIDER))
    assert 0 < cooled_ms <= 30_000
    assert await redis.pttl(workers[0].failures_key(PROVIDER)) > 0  # a streak never lingers
    await workers[1].succeeded(PROVIDER)
    assert await redis.exists(workers[0].failures_key(PROVIDER)) == 0


async def test_an_unreachable_redis_skips_no_provider_and_logs_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    client = unreachable_redis()
    cooldowns = RedisCooldowns(client, "kazi-test-down:", POLICY)
    with caplog.at_level(logging.WARNING, logger="kazi.routing.cooldown"):
        for _ in range(POLICY.failures_to_trip):
            await cooldowns.failed(PROVIDER)
        assert not await cooldowns.is_cooled_down(PROVIDER)
        await cooldowns.succeeded(PROVIDER)
    await client.aclose()
    logged = [r.getMessage() for r in caplog.records if r.name == "kazi.routing.cooldown"]
    assert logged == [
        "provider cooldowns: Redis unavailable (ConnectionError); no provider is skipped"
    ]


async def test_calls_succeed_while_the_cooldown_store_is_down(
    app: Any, router: Router, fake_fleet: LiveFleet, sink: ListSink
) -> None:
    await add_provider(app, fake_fleet, ProviderType.OPENAI, "only", is_default=True)
    client = unreachable_redis()
    router.cooldowns = RedisCooldowns(client, "kazi-test-down:", POLICY)
    ctx = CallContext(task_type=TaskType.CV_DRAFT, tier=Tier.PRO, user_id=None)
    fake_fleet.fakes.openai.script(*[Reply(status=500)] * 6)
    for _ in range(3):  # failures that would trip a working store
        with pytest.raises(AllProvidersFailed):
            await router.complete(ctx, Prompt("Hi"))
    routed = await router.complete(ctx, Prompt("Hi"))
    await client.aclose()
    assert routed.provider_used == "only"
    assert [r.status for r in sink.records] == ["error"] * 6 + ["success"]


async def test_a_success_in_one_process_ends_a_streak_built_in_another(
    redis_cooldowns: tuple[Redis, str],
) -> None:
    redis, prefix = redis_cooldowns
    first, second = (RedisCooldowns(redis, prefix, POLICY) for _ in range(2))
    for _ in range(POLICY.failures_to_trip - 1):
        await first.failed(PROVIDER)
    assert not await second.is_cooled_down(PROVIDER)  # the router looks before each attempt
    await second.succeeded(PROVIDER)
    await first.failed(PROVIDER)  # the streak starts again at one: no trip
    assert not await second.is_cooled_down(PROVIDER)
