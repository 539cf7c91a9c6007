"""What each Redis-backed piece does when Redis fails: carry on, and say so now and then."""

import logging
import time

from redis.exceptions import RedisError

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
