"""Cools down a provider that failed K times in a row, for N seconds.

Two implementations of one protocol: in process (each worker counts on its own) and
in Redis (every worker that shares the key prefix counts together, so a provider
cooled down by one worker is skipped by all of them).

In Redis a provider has two keys: its consecutive-failure counter and a flag that
exists while it is cooled down. One Lua script counts a failure and, at the K-th,
resets the counter and sets the flag with an expiry of N seconds, so K failures
reported by any number of workers trip the cooldown once; the flag's expiry ends the
cooldown by itself. When Redis cannot be reached a provider counts as not cooled
down: the cooldown only spares a failing vendor, it must not fail the call.
"""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from redis.asyncio import Redis

from kazi.kit.config import Settings
from kazi.kit.redis import REDIS_ERRORS, OutageWarning

logger = logging.getLogger(__name__)

# A failure streak left alone this long is forgotten (it also keeps deleted providers
# from leaving keys behind).
_STREAK_TTL_MS = 24 * 3600 * 1000

# KEYS: the failure counter, the cooled-down flag; ARGV: failures to trip, cooldown in
# ms, the counter's expiry in ms. Returns 1 when this failure tripped the cooldown.
_FAILED_LUA = """
local count = redis.call('INCR', KEYS[1])
if count >= tonumber(ARGV[1]) then
  redis.call('DEL', KEYS[1])
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[2])
  return 1
end
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 0
"""


@dataclass
class CooldownPolicy:
    failures_to_trip: int = 3
    cooldown_s: float = 30.0


class Cooldowns(Protocol):
    async def is_cooled_down(self, provider_id: int) -> bool:
        """Whether the router should skip this provider for now."""
        ...

    async def failed(self, provider_id: int) -> None:
        """Counts one failed attempt; the K-th in a row starts a cooldown."""
        ...

    async def succeeded(self, provider_id: int) -> None:
        """Ends the provider's failure streak."""
        ...


@dataclass
class MemoryCooldowns:
    """Cooldowns for one process, on an injectable clock (tests move it by hand)."""

    policy: CooldownPolicy = field(default_factory=CooldownPolicy)
    clock: Callable[[], float] = time.monotonic
    _failures: dict[int, int] = field(default_factory=dict)
    _until: dict[int, float] = field(default_factory=dict)

    async def is_cooled_down(self, provider_id: int) -> bool:
        until = self._until.get(provider_id)
        if until is None:
            return False
        if self.clock() >= until:
            del self._until[provider_id]  # cooled off: the next call tries it again
            return False
        return True

    async def failed(self, provider_id: int) -> None:
        count = self._failures.get(provider_id, 0) + 1
        self._failures[provider_id] = count
        if count >= self.policy.failures_to_trip:
            self._until[provider_id] = self.clock() + self.policy.cooldown_s
            self._failures[provider_id] = 0

    async def succeeded(self, provider_id: int) -> None:
        self._failures.pop(provider_id, None)


class RedisCooldowns:
    """Cooldowns shared through Redis by every worker and host that uses the prefix."""

    def __init__(
        self, redis: Redis, prefix: str = "kazi:", policy: CooldownPolicy | None = None
    ) -> None:
        self.redis = redis
        self.prefix = f"{prefix}cooldown:"
        self.policy = policy or CooldownPolicy()
        self._failed = redis.register_script(_FAILED_LUA)
        self._warn = OutageWarning(logger, "provider cooldowns", "no provider is skipped")
        # Whether the last look at Redis saw a failure streak. The router looks before
        # every attempt, so a success with no streak (the common case) costs no write.
        self._streak_seen: dict[int, bool] = {}

    def failures_key(self, provider_id: int) -> str:
        return f"{self.prefix}{provider_id}:failures"

    def cooled_key(self, provider_id: int) -> str:
        return f"{self.prefix}{provider_id}:cooled"

    async def is_cooled_down(self, provider_id: int) -> bool:
        keys = (self.cooled_key(provider_id), self.failures_key(provider_id))
        try:
            cooled, failures = await self.redis.mget(keys)
        except REDIS_ERRORS as exc:
            self._warn(exc)
            return False
        self._streak_seen[provider_id] = failures is not None
        return cooled is not None

    async def failed(self, provider_id: int) -> None:
        keys = [self.failures_key(provider_id), self.cooled_key(provider_id)]
        cooldown_ms = max(1, int(self.policy.cooldown_s * 1000))
        args = [self.policy.failures_to_trip, cooldown_ms, _STREAK_TTL_MS]
        self._streak_seen[provider_id] = True
        try:
            await self._failed(keys=keys, args=args)
        except REDIS_ERRORS as exc:
            self._warn(exc)

    async def succeeded(self, provider_id: int) -> None:
        if not self._streak_seen.get(provider_id, True):
            return
        try:
            await self.redis.delete(self.failures_key(provider_id))
        except REDIS_ERRORS as exc:
            self._warn(exc)
            return
        self._streak_seen[provider_id] = False


def cooldowns(redis: Redis | None, settings: Settings) -> Cooldowns:
    """In Redis when the app has a client; in process otherwise."""
    if redis is None:
        return MemoryCooldowns()
    return RedisCooldowns(redis, settings.redis_key_prefix)
