"""The extraction cache in Redis, shared by every worker: JSON values with a TTL.

A cache must never fail an extraction: when Redis is unreachable a read is a miss
and a write is skipped (a warning is logged at most once a minute), and a value that
no longer parses (written by another version of Kazi) is a miss and is removed.
"""

import hashlib
import logging
import math
import time

from pydantic import ValidationError
from redis.asyncio import Redis
from redis.exceptions import RedisError

from kazi.jobs.cache import CachedExtraction

logger = logging.getLogger(__name__)

_FAILURE_LOG_INTERVAL_S = 60.0


class RedisExtractionCache:
    """Implements `ExtractionCache`; keys are digests of the normalised URL."""

    def __init__(self, redis: Redis, prefix: str = "kazi:") -> None:
        self.redis = redis
        self.prefix = f"{prefix}extraction:"
        self._last_failure_log = float("-inf")

    def redis_key(self, key: str) -> str:
        return self.prefix + hashlib.sha256(key.encode()).hexdigest()

    async def get(self, key: str) -> CachedExtraction | None:
        name = self.redis_key(key)
        try:
            raw = await self.redis.get(name)
        except (RedisError, OSError) as exc:
            self._log_failure(exc)
            return None
        if raw is None:
            return None
        try:
            return CachedExtraction.model_validate_json(raw)
        except ValidationError:
            logger.warning("extraction cache: dropping an entry that does not parse")
            await self._forget(name)
            return None

    async def set(self, key: str, value: CachedExtraction, ttl_s: float) -> None:
        seconds = max(1, math.ceil(ttl_s))
        try:
            await self.redis.set(self.redis_key(key), value.model_dump_json(), ex=seconds)
        except (RedisError, OSError) as exc:
            self._log_failure(exc)

    async def _forget(self, name: str) -> None:
        try:
            await self.redis.delete(name)
        except (RedisError, OSError) as exc:
            self._log_failure(exc)

    def _log_failure(self, exc: Exception) -> None:
        now = time.monotonic()
        if now - self._last_failure_log >= _FAILURE_LOG_INTERVAL_S:
            self._last_failure_log = now
            logger.warning("extraction cache: Redis unavailable (%s)", type(exc).__name__)
