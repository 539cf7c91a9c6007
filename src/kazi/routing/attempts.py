"""One attempt at one candidate: the call, its timing, and the usage record it leaves."""

import time
import uuid
from dataclasses import dataclass
from typing import Protocol

from kazi.kit.db import utcnow
from kazi.llm import pricing
from kazi.llm.errors import ProviderError, ProviderTimeout, RateLimited
from kazi.llm.types import Usage
from kazi.routing.resolver import Candidate
from kazi.usage.record import UsageRecord, UsageStatus


class UsageSink(Protocol):
    def record(self, rec: UsageRecord) -> None: ...


@dataclass(frozen=True, slots=True)
class CallContext:
    task_type: str
    tier: str
    user_id: int | None


class Stopwatch:
    def __init__(self) -> None:
        self.started = time.perf_counter()

    @property
    def ms(self) -> int:
        return int((time.perf_counter() - self.started) * 1000)


def status_of(error: ProviderError | None) -> UsageStatus:
    if error is None:
        return UsageStatus.SUCCESS
    if isinstance(error, RateLimited):
        return UsageStatus.RATE_LIMITED
    if isinstance(error, ProviderTimeout):
        return UsageStatus.TIMEOUT
    return UsageStatus.ERROR


def usage_record(
    ctx: CallContext,
    candidate: Candidate,
    attempt: int,
    latency_ms: int,
    *,
    model: str | None = None,
    usage: Usage | None = None,
    cost_micro_usd: int | None = 0,
    error: ProviderError | None = None,
    error_code: str | None = None,
) -> UsageRecord:
    usage = usage or Usage()
    return UsageRecord(
        request_id=uuid.uuid4().hex,
        user_id=ctx.user_id,
        provider_config_id=candidate.provider.id,
        provider_name=candidate.provider.name,
        provider_type=candidate.provider.provider_type,
        model=model or candidate.model,
        task_type=ctx.task_type,
        tier=ctx.tier,
        input_tokens=usage.input_tokens,
        output_tokens=usage.output_tokens,
        cached_tokens=usage.cached_tokens,
        tokens_estimated=usage.estimated,
        cost_micro_usd=cost_micro_usd,
        status=status_of(error),
        error_code=error_code or (error.code if error else None),
        latency_ms=latency_ms,
        attempt=attempt,
        created_at=utcnow(),
    )


def cost_micro_usd(
    candidate: Candidate, model: str, usage: Usage, prices: dict[str, pricing.PriceOverride]
) -> int | None:
    """Priced by the model that actually answered, an operator's override first."""
    override = prices.get(model) or prices.get(candidate.model)
    cost = pricing.cost_of(
        candidate.provider.provider_type,
        model,
        usage,
        base_url=candidate.provider.base_url,
        override=override,
    )
    return pricing.to_micro_usd(cost)
