"""The router: the only caller of `kazi.llm`. Retries, cooldowns, fallbacks, usage records.

For each candidate in order (cooled-down ones skipped): call it; on a retryable error
(rate limit, timeout, 5xx) retry with exponential backoff and jitter, honouring
Retry-After, within the request's total deadline; on any other error, or when the
retries are spent, move to the next candidate. Every attempt leaves a usage record.
"""

import asyncio
import logging
import random
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kazi.errors import KaziError, ServiceUnavailable
from kazi.llm.errors import ProviderError, RateLimited
from kazi.llm.types import Completion, GenerationOptions, Prompt, TextDelta
from kazi.providers.clients import ProviderClients
from kazi.quotas.guard import NoQuota, QuotaGuard
from kazi.routing.attempts import CallContext, Stopwatch, UsageSink, cost_micro_usd, usage_record
from kazi.routing.cooldown import Cooldowns, MemoryCooldowns
from kazi.routing.resolver import Candidate, Resolution, resolve
from kazi.security.crypto import DecryptionFailed, SecretBox

logger = logging.getLogger(__name__)


class NoProviderConfigured(KaziError):
    code = "no_provider_configured"
    status = 503  # type: ignore[assignment]
    message = "No AI provider is configured for this task."


class AllProvidersFailed(ServiceUnavailable):
    code = "ai_unavailable"
    message = "The AI providers for this task are unavailable right now. Try again shortly."


@dataclass(frozen=True)
class RetryPolicy:
    attempts_per_candidate: int = 3
    base_delay_s: float = 0.5
    max_delay_s: float = 8.0
    deadline_s: float = 90.0
    attempt_timeout_s: float = 60.0

    def delay(self, retry: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return retry_after
        backoff = min(self.max_delay_s, self.base_delay_s * 2.0**retry)
        return backoff / 2 + random.uniform(0, backoff / 2)  # noqa: S311 (jitter, not crypto)


@dataclass(frozen=True)
class Routed:
    """A completion and who produced it: the seed's provider_used and latency_ms."""

    completion: Completion
    provider_used: str
    provider_type: str
    provider_config_id: int
    model: str
    latency_ms: int
    attempts: int
    cost_micro_usd: int | None = None  # the answering attempt's; None: price unknown


@dataclass
class Router:
    sessions: async_sessionmaker[AsyncSession]
    box: SecretBox
    clients: ProviderClients
    usage: UsageSink
    cooldowns: Cooldowns = field(default_factory=MemoryCooldowns)
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    quotas: QuotaGuard = field(default_factory=NoQuota)

    async def resolve(self, task_type: str, tier: str) -> Resolution:
        async with self.sessions() as session:
            return await resolve(session, self.box, task_type, tier)

    async def complete(self, ctx: CallContext, prompt: Prompt) -> Routed:
        resolution = await self.resolve(ctx.task_type, ctx.tier)
        if not resolution.candidates:
            raise NoProviderConfigured
        reservation = await self.quotas.reserve(ctx.user_id, ctx.tier, ctx.task_type)
        run = _Run(self, ctx, resolution, time.monotonic() + self.policy.deadline_s)
        try:
            routed = await run.complete(prompt)
        except AllProvidersFailed:
            await reservation.release()
            raise
        await reservation.settle(routed.cost_micro_usd)
        return routed

    def stream(self, ctx: CallContext, prompt: Prompt) -> AsyncIterator[TextDelta | Routed]:
        from kazi.routing.streaming import stream_routed

        return stream_routed(self, ctx, prompt)


class _Run:
    """One routed request: the attempt counter and deadline shared across candidates."""

    def __init__(self, router: Router, ctx: CallContext, res: Resolution, deadline: float):
        self.router, self.ctx, self.resolution, self.deadline = router, ctx, res, deadline
        self.attempts = 0
        self.clock = Stopwatch()

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    async def complete(self, prompt: Prompt) -> Routed:
        for candidate in self.resolution.candidates:
            if await self.router.cooldowns.is_cooled_down(candidate.provider.id):
                continue
            routed = await self._try_candidate(candidate, prompt)
            if routed is not None:
                return routed
            if self.remaining() <= 0:
                break
        raise AllProvidersFailed

    async def _try_candidate(self, candidate: Candidate, prompt: Prompt) -> Routed | None:
        policy = self.router.policy
        for retry in range(policy.attempts_per_candidate):
            error = await self._attempt(candidate, prompt)
            if not isinstance(error, ProviderError):
                return error
            if not error.retryable or retry + 1 == policy.attempts_per_candidate:
                return None
            retry_after = error.retry_after if isinstance(error, RateLimited) else None
            delay = policy.delay(retry, retry_after)
            if delay >= self.remaining():
                return None
            await self.router.sleep(delay)
        return None

    async def _attempt(self, candidate: Candidate, prompt: Prompt) -> Routed | ProviderError:
        self.attempts += 1
        watch = Stopwatch()
        timeout = max(0.1, min(self.router.policy.attempt_timeout_s, self.remaining()))
        try:
            provider = await self.router.clients.get(candidate.provider)
            completion = await provider.generate(
                with_options(prompt, candidate), model=candidate.model, timeout=timeout
            )
        except DecryptionFailed:
            await self._fail(candidate, watch, None, "needs_reconfiguration")
            return ProviderError("key unreadable")
        except ProviderError as error:
            await self._fail(candidate, watch, error, None)
            return error
        return await self._succeed(candidate, watch, completion)

    async def _fail(
        self, candidate: Candidate, watch: Stopwatch, error: ProviderError | None, code: str | None
    ) -> None:
        await self.router.cooldowns.failed(candidate.provider.id)
        logger.warning(
            "provider %s failed (%s) on attempt %d",
            candidate.provider.name,
            code or (error.code if error else "error"),
            self.attempts,
        )
        self.router.usage.record(
            usage_record(self.ctx, candidate, self.attempts, watch.ms, error=error, error_code=code)
        )

    async def _succeed(
        self, candidate: Candidate, watch: Stopwatch, completion: Completion
    ) -> Routed:
        await self.router.cooldowns.succeeded(candidate.provider.id)
        cost = cost_micro_usd(candidate, completion.model, completion.usage, self.resolution.prices)
        self.router.usage.record(
            usage_record(
                self.ctx,
                candidate,
                self.attempts,
                watch.ms,
                model=completion.model,
                usage=completion.usage,
                cost_micro_usd=cost,
            )
        )
        return Routed(
            completion,
            candidate.provider.name,
            candidate.provider.provider_type,
            candidate.provider.id,
            completion.model,
            self.clock.ms,
            self.attempts,
            cost,
        )


def with_options(prompt: Prompt, candidate: Candidate) -> Prompt:
    """The candidate's options fill what the prompt leaves unset."""
    if not candidate.options:
        return prompt
    options = GenerationOptions(
        temperature=prompt.options.temperature
        if prompt.options.temperature is not None
        else candidate.options.get("temperature"),
        max_tokens=prompt.options.max_tokens or candidate.options.get("max_tokens"),
    )
    return Prompt(
        prompt.user, prompt.system, prompt.images, options, prompt.json_schema, prompt.schema_name
    )
