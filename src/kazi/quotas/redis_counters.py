"""Quota counters in Redis, shared by every worker and host that uses the key prefix.

Each counter is a hash (`calls`, `cost`) under
`{prefix}quota:{u<user id>}:<task or *>:<period>:<period start>`; the braces keep a
user's counters in one hash slot, so one script can touch them all on Redis Cluster.
A counter expires a day after its period ends: by then nothing reads it any more.

Taking a call is one Lua script over every applicable counter: it checks them all and
increments all or none, so concurrent calls from any number of workers never push a
counter past its cap. Giving a call back and adding spend change only counters that
still exist, so a late settle cannot leave a counter without its expiry.

Durability: these counters are not written to the database. Writing each call through
would put a database statement back on every AI call, which is the cost Redis is here
to take off, and two stores could disagree after any failure between the two writes.
The trade-off is that a Redis server that keeps nothing on disk loses the current
period's counts when it restarts (users then get their quota afresh for the rest of
the period); run Redis with persistence (AOF or RDB) where that matters. Limits stay
in the database either way.
"""

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine

from kazi.kit.config import Settings
from kazi.kit.db import utcnow
from kazi.quotas.counters import CounterUsage, DatabaseCounters, QuotaCounters
from kazi.quotas.periods import resets_at
from kazi.quotas.repository import CounterKey
from kazi.quotas.service import CountingQuotaGuard

EXPIRY_AFTER_PERIOD = timedelta(days=1)
_NO_CAP = -1

# KEYS: the counters. ARGV: for each key, its max calls, max cost (-1: no cap) and
# expiry in ms. Returns -1 when the call was counted, else the 0-based index of the
# first counter at its cap.
_TAKE_CALL_LUA = """
for i, key in ipairs(KEYS) do
  local max_calls = tonumber(ARGV[3 * i - 2])
  local max_cost = tonumber(ARGV[3 * i - 1])
  local used = redis.call('HMGET', key, 'calls', 'cost')
  if max_calls >= 0 and (tonumber(used[1]) or 0) >= max_calls then
    return i - 1
  end
  if max_cost >= 0 and (tonumber(used[2]) or 0) >= max_cost then
    return i - 1
  end
end
for i, key in ipairs(KEYS) do
  redis.call('HINCRBY', key, 'calls', 1)
  redis.call('PEXPIRE', key, ARGV[3 * i])
end
return -1
"""

# KEYS: the counters; ARGV: the field and the amount to add. A counter that expired
# meanwhile is not recreated; calls never go below zero.
_ADJUST_LUA = """
for _, key in ipairs(KEYS) do
  if redis.call('EXISTS', key) == 1 then
    if redis.call('HINCRBY', key, ARGV[1], ARGV[2]) < 0 then
      redis.call('HSET', key, ARGV[1], 0)
    end
  end
end
return 0
"""


class RedisCounters:
    """The counters in Redis; the current time only names the periods and sets expiries."""

    def __init__(
        self, redis: Redis, prefix: str = "kazi:", now: Callable[[], datetime] = utcnow
    ) -> None:
        self.redis = redis
        self._now = now
        self.prefix = f"{prefix}quota:"
        self._take = redis.register_script(_TAKE_CALL_LUA)
        self._adjust = redis.register_script(_ADJUST_LUA)

    def redis_key(self, user_id: int, key: CounterKey) -> str:
        start = key.period_start.isoformat()
        return f"{self.prefix}{{u{user_id}}}:{key.task_type}:{key.period}:{start}"

    async def take_call(self, user_id: int, keys: Sequence[CounterKey]) -> int | None:
        now = self._now()
        args: list[int] = []
        for key in keys:
            args += [_cap(key.max_calls), _cap(key.max_cost_micro_usd), _expiry_ms(key, now)]
        refused = int(await self._take(keys=self._names(user_id, keys), args=args))
        return None if refused < 0 else refused

    async def give_back_call(self, user_id: int, keys: Sequence[CounterKey]) -> None:
        await self._adjust(keys=self._names(user_id, keys), args=["calls", -1])

    async def add_cost(self, user_id: int, keys: Sequence[CounterKey], cost_micro_usd: int) -> None:
        await self._adjust(keys=self._names(user_id, keys), args=["cost", cost_micro_usd])

    async def usage(self, user_id: int, keys: Sequence[CounterKey]) -> CounterUsage:
        async with self.redis.pipeline(transaction=False) as pipe:
            for name in self._names(user_id, keys):
                pipe.hmget(name, "calls", "cost")
            rows: list[list[Any]] = await pipe.execute()
        return {
            (key.task_type, key.period, key.period_start): (int(calls or 0), int(cost or 0))
            for key, (calls, cost) in zip(keys, rows, strict=True)
            if calls is not None or cost is not None
        }

    async def aclose(self) -> None:
        return None  # the Redis client belongs to the application

    def _names(self, user_id: int, keys: Sequence[CounterKey]) -> list[str]:
        return [self.redis_key(user_id, key) for key in keys]


def _cap(value: int | None) -> int:
    return _NO_CAP if value is None else value


def _expiry_ms(key: CounterKey, now: datetime) -> int:
    # Relative to now, so that Redis's own clock need not agree with ours.
    remaining = resets_at(key.period, key.period_start) + EXPIRY_AFTER_PERIOD - now
    return max(1, int(remaining.total_seconds() * 1000))


def quota_guard(redis: Redis | None, engine: AsyncEngine, settings: Settings) -> CountingQuotaGuard:
    """Counters in Redis when the app has a client; in the database otherwise."""
    counters: QuotaCounters
    if redis is None:
        counters = DatabaseCounters(engine)
    else:
        counters = RedisCounters(redis, settings.redis_key_prefix)
    return CountingQuotaGuard(engine, counters)
