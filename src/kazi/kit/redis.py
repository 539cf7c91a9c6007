"""What each Redis-backed piece does when Redis fails: carry on, and say so now and then."""

import logging
import time

from redis.asyncio import Redis
from redis.exceptions import RedisError

from kazi.kit.config import Settings

REDIS_ERRORS = (RedisError, OSError)
WARNING_INTERVAL_S = 60.0


class OutageWarning:
    """Logs a Redis failure at most once a minute, so an outage does not flood the log.

    The line names the piece and what it does meanwhile, e.g.
    `rate limiter: Redis unavailable (ConnectionError); allowing`.
    """

    def __init__(self, logger: logging.Logger, piece: str, meanwhile: str = "") -> None:
        self.logger = logger
        self.template = f"{piece}: Redis unavailable (%s)" + (f"; {meanwhile}" if meanwhile else "")
        self._last = float("-inf")

    def __call__(self, exc: BaseException) -> None:
        now = time.monotonic()
        if now - self._last >= WARNING_INTERVAL_S:
            self._last = now
            self.logger.warning(self.template, type(exc).__name__)


SOCKET_TIMEOUT_S = 2.0


def redis_client(settings: Settings) -> Redis | None:
    """A client for KAZI_REDIS_URL (it connects on first use), or None without one.

    With several workers, state they must share (rate limits, quota counters,
    cooldowns, the extraction cache) lives in Redis; without it, each piece has an
    in-process version with the same behaviour, right for one worker."""
    if not settings.redis_url:
        return None
    return Redis.from_url(
        settings.redis_url,
        socket_timeout=SOCKET_TIMEOUT_S,
        socket_connect_timeout=SOCKET_TIMEOUT_S,
        health_check_interval=30,
    )
