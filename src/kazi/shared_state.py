"""State that several workers must share: in Redis when KAZI_REDIS_URL is set.

Without Redis every piece has an in-process implementation with the same behaviour,
which is right for one worker; with several workers each would count and cache on its
own (a client could then get N times a rate limit), so production sets KAZI_REDIS_URL.

`install()` puts on the app:
- `app.state.redis`: the one `redis.asyncio.Redis` client, or None;
- `app.state.extraction_cache`: Redis-backed or in-process;
- `app.state.rate_limits`: the limits of `kazi.ratelimit.throttle` over the chosen limiter.

`quota_guard()` and `cooldowns()` make the router's quota counters and provider
cooldowns, in Redis when the app has a client and in process (the quota counters:
in the database) otherwise.
"""

from fastapi import FastAPI
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine

from kazi.jobs.cache import ExtractionCache, MemoryExtractionCache
from kazi.jobs.redis_cache import RedisExtractionCache
from kazi.kit.config import Settings
from kazi.quotas.counters import DatabaseCounters, QuotaCounters
from kazi.quotas.redis_counters import RedisCounters
from kazi.quotas.service import CountingQuotaGuard
from kazi.ratelimit import throttle
from kazi.ratelimit.limiter import MemoryRateLimiter, RateLimiter, RedisRateLimiter
from kazi.routing.cooldown import Cooldowns, MemoryCooldowns, RedisCooldowns

SOCKET_TIMEOUT_S = 2.0


def redis_client(settings: Settings) -> Redis | None:
    """A client for KAZI_REDIS_URL (it connects on first use), or None without one."""
    if not settings.redis_url:
        return None
    return Redis.from_url(
        settings.redis_url,
        socket_timeout=SOCKET_TIMEOUT_S,
        socket_connect_timeout=SOCKET_TIMEOUT_S,
        health_check_interval=30,
    )


def extraction_cache(redis: Redis | None, settings: Settings) -> ExtractionCache:
    if redis is None:
        return MemoryExtractionCache()
    return RedisExtractionCache(redis, settings.redis_key_prefix)


def rate_limiter(redis: Redis | None, settings: Settings) -> RateLimiter:
    if redis is None:
        return MemoryRateLimiter()
    return RedisRateLimiter(redis, settings.redis_key_prefix)


def quota_guard(redis: Redis | None, engine: AsyncEngine, settings: Settings) -> CountingQuotaGuard:
    counters: QuotaCounters
    if redis is None:
        counters = DatabaseCounters(engine)
    else:
        counters = RedisCounters(redis, settings.redis_key_prefix)
    return CountingQuotaGuard(engine, counters)


def cooldowns(redis: Redis | None, settings: Settings) -> Cooldowns:
    if redis is None:
        return MemoryCooldowns()
    return RedisCooldowns(redis, settings.redis_key_prefix)


def install(app: FastAPI, settings: Settings) -> None:
    redis = redis_client(settings)
    app.state.redis = redis
    app.state.extraction_cache = extraction_cache(redis, settings)
    throttle.install(app, rate_limiter(redis, settings), settings)


async def close(app: FastAPI) -> None:
    redis: Redis | None = getattr(app.state, "redis", None)
    if redis is not None:
        await redis.aclose()
