"""What a failed attempt means, shared by plain and streamed routing.

- The caller's own mistake (the vendor's 400, 404, 413, 422, or a parameter the vendor
  cannot take) goes back to the caller with the vendor's message: no retry, no
  fallback, no cooldown.
- An answer that is not in the format asked for is one failed attempt, answered 502
  `invalid_model_output`; the provider is healthy, so no cooldown.
- Rejected credentials (401, 403) mark the provider for the admins and fall back.
- A rate limit is retried within the deadline; when every candidate was rate limited
  the caller gets 429 with the smallest Retry-After.
- Only 5xx, timeouts and connection failures count towards a cooldown, and one
  request's retries of a candidate count once.
"""

import logging
import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kazi.kit.errors import ServiceUnavailable
from kazi.llm.errors import (
    AuthRejected,
    BadRequest,
    InvalidModelOutput,
    ProviderError,
    ProviderTimeout,
    ProviderUnavailable,
    RateLimited,
)
from kazi.providers.clients import ProviderSnapshot
from kazi.providers.models import AIProviderConfig

logger = logging.getLogger(__name__)


class AllProvidersFailed(ServiceUnavailable):
    code = "ai_unavailable"
    message = "The AI providers for this task are unavailable right now. Try again shortly."
    # What an OpenAI-compatible client is told instead (see the subclasses).
    client_status = 503
    client_code = "ai_unavailable"

    @property
    def client_message(self) -> str:
        return self.message


class UpstreamRejected(AllProvidersFailed):
    """The vendor refused the request as malformed. Kazi's own features, whose prompts
    the user did not write, report the usual 503; a gateway caller, who wrote the
    request, gets the vendor's status and message as they were."""

    client_code = "upstream_rejected"

    def __init__(self, error: BadRequest) -> None:
        super().__init__()
        self.client_status = error.status
        self.vendor_message = error.message
        self.param = error.param

    @property
    def client_message(self) -> str:
        return self.vendor_message


class InvalidModelOutputError(AllProvidersFailed):
    client_status = 502
    client_code = "invalid_model_output"

    @property
    def client_message(self) -> str:
        return "The model's answer was not in the format the request asked for."


class UpstreamRateLimited(AllProvidersFailed):
    client_status = 429
    client_code = "upstream_rate_limited"

    def __init__(self, retry_after: float | None) -> None:
        wait = str(max(1, math.ceil(retry_after))) if retry_after is not None else "1"
        super().__init__(headers={"Retry-After": wait})

    @property
    def client_message(self) -> str:
        return "The AI providers for this task are rate limiting requests. Retry later."


def final_error(error: ProviderError) -> AllProvidersFailed | None:
    """The answer to give at once, without trying anyone else; None: go on."""
    if isinstance(error, BadRequest):
        return UpstreamRejected(error)
    if isinstance(error, InvalidModelOutput):
        return InvalidModelOutputError()
    return None


def unhealthy(error: ProviderError | None) -> bool:
    return isinstance(error, ProviderUnavailable | ProviderTimeout)


class ProviderAlerts(Protocol):
    async def credentials_rejected(self, provider: ProviderSnapshot) -> None: ...


class LoggedAlerts:
    async def credentials_rejected(self, provider: ProviderSnapshot) -> None:
        logger.error("provider %s rejected its API key; check its credentials", provider.name)


@dataclass
class MarkedAlerts(LoggedAlerts):
    """Logs, and stores the failure as the provider's last check, which the dashboard's
    provider list shows ("failed: auth_rejected") until an admin tests it again."""

    sessions: async_sessionmaker[AsyncSession]

    async def credentials_rejected(self, provider: ProviderSnapshot) -> None:
        await super().credentials_rejected(provider)
        statement = (
            update(AIProviderConfig)
            .where(AIProviderConfig.id == provider.id)
            .values(
                last_tested_at=datetime.now(UTC),
                last_test_ok=False,
                last_test_error=AuthRejected.code,
                last_test_latency_ms=None,
            )
        )
        try:
            async with self.sessions() as session, session.begin():
                await session.execute(statement)
        except Exception:  # the alert must not turn a fallback into a failure
            logger.exception("could not mark provider %s", provider.name)


@dataclass
class FailureLedger:
    """One request's failures: which providers it already counted towards a cooldown,
    and whether every candidate tried ended rate limited."""

    counted: set[int] = field(default_factory=set)
    retry_afters: list[float | None] = field(default_factory=list)
    other_failures: int = 0

    def should_count(self, provider_id: int, error: ProviderError | None) -> bool:
        if not unhealthy(error) or provider_id in self.counted:
            return False
        self.counted.add(provider_id)
        return True

    def gave_up(self, error: ProviderError | None) -> None:
        """A candidate's last failure, once its retries are spent."""
        if isinstance(error, RateLimited):
            self.retry_afters.append(error.retry_after)
        else:
            self.other_failures += 1

    def exhausted(self) -> AllProvidersFailed | None:
        """429 when every candidate tried was rate limited; None for the usual 503."""
        if not self.retry_afters or self.other_failures:
            return None
        known = [wait for wait in self.retry_afters if wait is not None]
        return UpstreamRateLimited(min(known) if known else None)
