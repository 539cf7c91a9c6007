"""With Redis the quota counters live there: named per user, task, period and start,
expiring after their period; never revived by a late settle; never failing open."""

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx2
import pytest
from redis.asyncio import Redis
from sqlalchemy import func, select

from kazi.quotas.models import QuotaCounter
from kazi.quotas.redis_counters import RedisCounters
from kazi.quotas.repository import CounterKey
from kazi.routing.cooldown import RedisCooldowns
from tests.gateway.conftest import KeyHolder
from tests.kit.conftest import REDIS_URL, keys_under, unreachable_redis
from tests.quotas.support import chat, next_midnight, set_limit

pytestmark = [
    pytest.mark.usefixtures("chat_provider"),
    pytest.mark.parametrize("settings", ["redis"], indirect=True),
]


async def test_calls_and_spend_are_counted_in_redis_only(
    client: httpx2.AsyncClient, app: Any, admin: dict[str, str], holder: KeyHolder
) -> None:
    await set_limit(client, admin, "free/chat/day", max_calls=3, max_cost_usd="1")
    before = datetime.now(UTC)
    assert (await chat(client, holder)).status_code == 200

    prefix = app.state.settings.redis_key_prefix
    today = datetime.now(UTC).date().isoformat()
    name = f"{prefix}quota:{{u{holder.user_id}}}:chat:day:{today}"
    redis = Redis.from_url(REDIS_URL)
    try:
        assert await keys_under(redis, f"{prefix}quota:") == [name]
        stored = await redis.hgetall(name)
        ttl_ms = await redis.pttl(name)
    finally:
        await redis.aclose()
    assert stored[b"calls"] == b"1"
    assert int(stored[b"cost"]) > 0
    expires = next_midnight() + timedelta(days=1)  # a day after the period ends
    left = timedelta(milliseconds=ttl_ms)
    assert expires - datetime.now(UTC) - timedelta(minutes=1) < left <= expires - before
    async with app.state.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(QuotaCounter)) == 0
    assert isinstance(app.state.router.cooldowns, RedisCooldowns)


async def test_a_late_give_back_or_settle_does_not_revive_a_counter(app: Any) -> None:
    counters = app.state.quota_guard.counters
    assert isinstance(counters, RedisCounters)
    key = CounterKey("*", "day", datetime.now(UTC).date(), 2, 1_000)
    assert await counters.take_call(1, [key]) is None
    assert await counters.usage(1, [key]) == {("*", "day", key.period_start): (1, 0)}
    await counters.redis.delete(counters.redis_key(1, key))  # as when its period expired
    await counters.give_back_call(1, [key])
    await counters.add_cost(1, [key], 500)
    assert await counters.usage(1, [key]) == {}
    assert await counters.redis.exists(counters.redis_key(1, key)) == 0


async def test_all_or_none_of_the_counters_move(app: Any) -> None:
    counters = app.state.quota_guard.counters
    today = datetime.now(UTC).date()
    month = CounterKey("*", "month", today.replace(day=1), 2, None)
    day = CounterKey("chat", "day", today, None, 10)
    assert await counters.take_call(1, [month, day]) is None
    await counters.add_cost(1, [day], 10)  # the spending cap is reached
    assert await counters.take_call(2, [month, day]) is None  # another user's counters
    assert await counters.take_call(1, [month, day]) == 1  # the month has room: untouched
    assert await counters.take_call(1, [day, month]) == 0
    used = await counters.usage(1, [month, day])
    assert used == {("*", "month", month.period_start): (1, 0), ("chat", "day", today): (1, 10)}
    assert await counters.take_call(1, [month]) is None
    assert await counters.take_call(1, [month]) == 0


async def test_an_unreachable_redis_refuses_calls_with_a_clear_error(
    client: httpx2.AsyncClient, app: Any, admin: dict[str, str], holder: KeyHolder
) -> None:
    await set_limit(client, admin, "free/chat/day", max_calls=3)
    down = unreachable_redis()
    counters = RedisCounters(down, "kazi-test-down:")
    app.state.quota_guard.counters = counters
    try:
        refused = await chat(client, holder)
        status = await client.get("/api/v1/users/me/usage", headers=holder.headers)
    finally:
        await down.aclose()
    assert refused.status_code == 503
    assert "Usage limits cannot be checked right now" in refused.text
    assert status.status_code == 503
    assert status.json()["error"]["message"].startswith("Usage limits cannot be read right now")
    assert "Traceback" not in refused.text + status.text
