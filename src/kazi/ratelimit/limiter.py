"""Rate limiters: a sliding-window log, in Redis (shared by every worker) or in process.

The algorithm is an exact sliding window: a request is allowed when fewer than `limit`
requests were allowed for the same key during the last `window_s` seconds; refused
requests are not counted. A refused caller is told how long until the oldest counted
request leaves the window, which is when one more request will be allowed. Any burst
up to `limit` is allowed at once, and never more than `limit` within any window.

In Redis each key is a sorted set of request times, trimmed, counted and extended by
one Lua script, so concurrent workers cannot both take the last slot. The script reads
the Redis server's clock unless the caller passes one (tests do), so workers on hosts
whose clocks differ still share one timeline.
"""

import hashlib
import logging
import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from redis.asyncio import Redis

from kazi.kit.config import Settings
from kazi.kit.redis import REDIS_ERRORS, OutageWarning

logger = logging.getLogger(__name__)

DEFAULT_MAX_KEYS = 100_000

# KEYS[1] the window's key; ARGV: limit, window in ms, a unique member, now in ms or "".
_SLIDING_WINDOW_LUA = """
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local now = tonumber(ARGV[4])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return {1, 0}
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {0, tonumber(oldest[2]) + window - now}
"""


@dataclass(frozen=True, slots=True)
class Rate:
    """At most `limit` requests in any `window_s` seconds; a limit of 0 means no limit."""

    limit: int
    window_s: float = 60.0


@dataclass(frozen=True, slots=True)
class Decision:
    allowed: bool
    retry_after_s: float = 0.0  # when refused: the wait until one more request is allowed


class RateLimiter(Protocol):
    async def hit(self, key: str, rate: Rate) -> Decision:
        """Counts one request for `key` when the rate allows it, and says whether it did."""
        ...


def hashed_key(scope: str, identity: str) -> str:
    """A key that does not store the identity itself (e-mail addresses, client addresses)."""
    digest = hashlib.sha256(identity.encode()).hexdigest()[:32]
    return f"{scope}:{digest}"


class MemoryRateLimiter:
    """The same sliding window, for one process: each worker counts on its own."""

    def __init__(
        self, clock: Callable[[], float] = time.monotonic, max_keys: int = DEFAULT_MAX_KEYS
    ) -> None:
        self.clock = clock
        self.max_keys = max_keys
        self._hits: dict[str, deque[float]] = {}
        self._longest_window_s = 0.0

    async def hit(self, key: str, rate: Rate) -> Decision:
        if rate.limit <= 0:
            return Decision(allowed=True)
        now = self.clock()
        self._longest_window_s = max(self._longest_window_s, rate.window_s)
        hits = self._hits.get(key)
        if hits is None:
            self._make_room(now)
            hits = self._hits[key] = deque()
        while hits and hits[0] <= now - rate.window_s:
            hits.popleft()
        if len(hits) < rate.limit:
            hits.append(now)
            return Decision(allowed=True)
        return Decision(allowed=False, retry_after_s=hits[0] + rate.window_s - now)

    def _make_room(self, now: float) -> None:
        """Drops keys whose requests all left every window; then the oldest keys, down to
        nine tenths of the maximum, so that a flood of new keys sweeps only now and then."""
        if len(self._hits) < self.max_keys:
            return
        horizon = now - self._longest_window_s
        for key in [k for k, hits in self._hits.items() if not hits or hits[-1] <= horizon]:
            del self._hits[key]
        keep = self.max_keys - max(1, self.max_keys // 10)
        while len(self._hits) > keep:
            del self._hits[next(iter(self._hits))]

    def __len__(self) -> int:
        return len(self._hits)


class RedisRateLimiter:
    """The sliding window in Redis, shared by every worker and host that uses the prefix.

    When Redis cannot be reached the request is allowed (and a warning logged at most
    once a minute): an outage of the limiter should not take the service down with it.
    """

    def __init__(
        self,
        redis: Redis,
        prefix: str = "kazi:",
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.prefix = f"{prefix}ratelimit:"
        self.clock = clock
        self._script = redis.register_script(_SLIDING_WINDOW_LUA)
        self._warn = OutageWarning(logger, "rate limiter", "allowing")

    async def hit(self, key: str, rate: Rate) -> Decision:
        if rate.limit <= 0:
            return Decision(allowed=True)
        now_ms = "" if self.clock is None else str(int(self.clock() * 1000))
        window_ms = max(1, int(rate.window_s * 1000))
        args: list[int | str] = [rate.limit, window_ms, uuid.uuid4().hex, now_ms]
        try:
            allowed, wait_ms = await self._script(keys=[self.prefix + key], args=args)
        except REDIS_ERRORS as exc:
            self._warn(exc)
            return Decision(allowed=True)
        if int(allowed) == 1:
            return Decision(allowed=True)
        return Decision(allowed=False, retry_after_s=max(0, int(wait_ms)) / 1000)


def rate_limiter(redis: Redis | None, settings: Settings) -> RateLimiter:
    """In Redis when the app has a client; in process otherwise."""
    if redis is None:
        return MemoryRateLimiter()
    return RedisRateLimiter(redis, settings.redis_key_prefix)
