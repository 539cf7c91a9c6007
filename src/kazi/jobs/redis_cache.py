"""The extraction cache in Redis, shared by every worker: JSON values with a TTL.

A cache must never fail an extraction: when Redis is unreachable a read is a miss
and a write is skipped (a warning is logged at most once a minute), and a value that
no longer parses (written by another version of Kazi) is a miss and is removed.
"""

import hashlib
import logging
import math

from pydantic import ValidationError
from redis.asyncio import Redis

from kazi.jobs.cache import CachedExtraction, ExtractionCache, MemoryExtractionCache
from kazi.kit.config import Settings
from kazi.kit.redis import REDIS_ERRORS, OutageWarning

logger = logging.getLogger(__name__)


class RedisExtractionCache:
    """Implements `ExtractionCache`; keys are digests of the normalised URL."""

    def __init__(self, redis: Redis, prefix: str = "kazi:") -> None:
        self.redis = redis
        self.prefix = f"{prefix}extraction:"
        self._warn = OutageWarning(logger, "extraction cache")

    def redis_key(self, key: str) -> str:
        return self.prefix + hashlib.sha256(key.encode()).hexdigest()

    async def get(self, key: str) -> CachedExtraction | None:
        name = self.redis_key(key)
        try:
            raw = await self.redis.get(name)
        except REDIS_ERRORS as exc:
            self._warn(exc)
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
        except REDIS_ERRORS as exc:
            self._warn(exc)

    async def _forget(self, name: str) -> None:
        try:
            await self.redis.delete(name)
        except REDIS_ERRORS as exc:
            self._warn(exc)


def extraction_cache(redis: Redis | None, settings: Settings) -> ExtractionCache:
    """In Redis when the app has a client; in process otherwise."""
    if redis is None:
        return MemoryExtractionCache()
    return RedisExtractionCache(redis, settings.redis_key_prefix)
