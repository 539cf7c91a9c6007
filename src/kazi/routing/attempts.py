"""One attempt at one candidate: its timing, and the records it leaves.

Every attempt, plain or streamed, success or failure, leaves one usage record; a
failure may also count towards the provider's cooldown or alert the admins (see
`failures`), and a success ends the provider's failure streak.
"""

import logging
import time
import uuid
from dataclasses import dataclass, field

from kazi.enums import TaskType, Tier
from kazi.kit.db import utcnow
from kazi.llm import pricing
from kazi.llm.errors import AuthRejected, ProviderError, ProviderTimeout, RateLimited
from kazi.llm.tokens import estimate_tokens
from kazi.llm.types import Prompt, Usage
from kazi.routing.cooldown import Cooldowns
from kazi.routing.failures import FailureLedger, ProviderAlerts
from kazi.routing.resolver import Candidate
from kazi.usage.record import UsageRecord, UsageSink, UsageStatus

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class CallContext:
    task_type: TaskType
    tier: Tier
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
        task_type=ctx.task_type.value,
        tier=ctx.tier.value,
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


def estimated_usage(prompt: Prompt, partial_text: str) -> Usage:
    """What a stream cut short used, counted locally: the vendor reported nothing."""
    prompt_text = "".join(message.text for message in prompt.messages)
    return Usage(estimate_tokens(prompt_text), estimate_tokens(partial_text), 0, estimated=True)


@dataclass
class AttemptBook:
    """The records of one routed call's attempts, and its failures so far."""

    ctx: CallContext
    prices: dict[str, pricing.PriceOverride]
    usage: UsageSink
    cooldowns: Cooldowns
    alerts: ProviderAlerts
    failures: FailureLedger = field(default_factory=FailureLedger)

    async def failed(
        self,
        candidate: Candidate,
        attempt: int,
        watch: Stopwatch,
        error: ProviderError | None,
        code: str | None = None,
    ) -> None:
        """The cooldown count, the admins' alert, the log line and the usage record."""
        provider = candidate.provider
        if self.failures.should_count(provider.id, error):
            await self.cooldowns.failed(provider.id)
        if isinstance(error, AuthRejected):
            await self.alerts.credentials_rejected(provider)
        shown = code or (error.code if error else "error")
        logger.warning("provider %s failed (%s) on attempt %d", provider.name, shown, attempt)
        self.usage.record(
            usage_record(self.ctx, candidate, attempt, watch.ms, error=error, error_code=code)
        )

    async def succeeded(
        self, candidate: Candidate, attempt: int, watch: Stopwatch, model: str, usage: Usage
    ) -> int | None:
        """Ends the provider's failure streak and records the answer; returns its cost."""
        await self.cooldowns.succeeded(candidate.provider.id)
        cost = cost_micro_usd(candidate, model, usage, self.prices)
        self.usage.record(
            usage_record(
                self.ctx,
                candidate,
                attempt,
                watch.ms,
                model=model,
                usage=usage,
                cost_micro_usd=cost,
            )
        )
        return cost

    def abandoned(self, candidate: Candidate, attempt: int, watch: Stopwatch, usage: Usage) -> None:
        """The client went away mid-stream: what was streamed so far is still billed."""
        cost = cost_micro_usd(candidate, candidate.model, usage, self.prices)
        self.usage.record(
            usage_record(
                self.ctx,
                candidate,
                attempt,
                watch.ms,
                usage=usage,
                error_code="client_disconnected",
                cost_micro_usd=cost,
            )
        )
