"""The router: the only caller of `kazi.llm`. Retries, cooldowns, fallbacks, usage records.

For each candidate in order (cooled-down ones skipped): call it; on a retryable error
(rate limit, timeout, 5xx) retry with exponential backoff and jitter, honouring
Retry-After, within the request's total deadline; when the retries are spent, or the
provider's credentials were rejected, move to the next candidate. The caller's own
mistakes and unusable model output end the request at once (see `failures`). Every
attempt leaves a usage record.
"""

import asyncio
import logging
import random
import time
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable
from contextlib import aclosing
from dataclasses import dataclass, field, replace
from typing import Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kazi.kit.errors import KaziError
from kazi.llm.base import Provider
from kazi.llm.errors import AuthRejected, ProviderError, RateLimited
from kazi.llm.registry import ProviderType
from kazi.llm.types import (
    Completion,
    Delta,
    EmbeddingRequest,
    Embeddings,
    Prompt,
    TextDelta,
    ToolCallDelta,
)
from kazi.providers.clients import ProviderClients
from kazi.quotas.guard import NoQuota, QuotaGuard
from kazi.routing.attempts import CallContext, Stopwatch, UsageSink, cost_micro_usd, usage_record
from kazi.routing.cooldown import Cooldowns, MemoryCooldowns
from kazi.routing.failures import (
    AllProvidersFailed,
    FailureLedger,
    LoggedAlerts,
    ProviderAlerts,
    final_error,
)
from kazi.routing.resolver import Candidate, Resolution, resolve
from kazi.security.crypto import DecryptionFailed, SecretBox

logger = logging.getLogger(__name__)
__all__ = ["AllProvidersFailed", "NoProviderConfigured", "RetryPolicy", "Routed", "Router"]


class NoProviderConfigured(KaziError):
    code = "no_provider_configured"
    status = 503  # type: ignore[assignment]
    message = "No AI provider is configured for this task."


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


R = TypeVar("R", Completion, Embeddings)
_Call = Callable[[Provider, Candidate, float], Awaitable[R]]


@dataclass(frozen=True)
class _Done(Generic[R]):
    """What answered a routed call: the result, the candidate and the call's figures."""

    result: R
    candidate: Candidate
    latency_ms: int
    attempts: int
    cost_micro_usd: int | None

    def routed_fields(self) -> tuple[str, str, int, str, int, int, int | None]:
        provider = self.candidate.provider
        return (
            provider.name,
            provider.provider_type,
            provider.id,
            self.result.model,
            self.latency_ms,
            self.attempts,
            self.cost_micro_usd,
        )


@dataclass(frozen=True)
class RoutedEmbeddings:
    """Embeddings and who produced them, with the same figures as Routed."""

    embeddings: Embeddings
    provider_used: str
    provider_type: str
    provider_config_id: int
    model: str
    latency_ms: int
    attempts: int
    cost_micro_usd: int | None = None


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
    alerts: ProviderAlerts = field(default_factory=LoggedAlerts)

    async def resolve(self, task_type: str, tier: str) -> Resolution:
        async with self.sessions() as session:
            return await resolve(session, self.box, task_type, tier)

    async def complete(self, ctx: CallContext, prompt: Prompt) -> Routed:
        async def generate(provider: Provider, candidate: Candidate, timeout: float) -> Completion:
            asked = with_options(prompt, candidate)
            return await provider.generate(asked, model=candidate.model, timeout=timeout)

        done = await self._route(ctx, generate)
        return Routed(done.result, *done.routed_fields())

    async def embed(self, ctx: CallContext, request: EmbeddingRequest) -> RoutedEmbeddings:
        async def embed(provider: Provider, candidate: Candidate, timeout: float) -> Embeddings:
            return await provider.embed(request, model=candidate.model, timeout=timeout)

        done = await self._route(ctx, embed)
        return RoutedEmbeddings(done.result, *done.routed_fields())

    async def _route(self, ctx: CallContext, call: _Call[R]) -> _Done[R]:
        resolution = await self.resolve(ctx.task_type, ctx.tier)
        if not resolution.candidates:
            raise NoProviderConfigured
        reservation = await self.quotas.reserve(ctx.user_id, ctx.tier, ctx.task_type)
        run = _Run(self, ctx, resolution, time.monotonic() + self.policy.deadline_s)
        try:
            done = await run.run(call)
        except KaziError:
            await reservation.release()
            raise
        await reservation.settle(done.cost_micro_usd)
        return done

    def stream_deltas(
        self, ctx: CallContext, prompt: Prompt
    ) -> AsyncGenerator[Delta | Routed, None]:
        """Text and tool-call deltas as they arrive, then the Routed answer."""
        from kazi.routing.streaming import stream_routed

        return stream_routed(self, ctx, prompt)

    async def stream(self, ctx: CallContext, prompt: Prompt) -> AsyncIterator[TextDelta | Routed]:
        """Text deltas, then the Routed answer, whose completion carries any tool calls
        whole: for callers that show text as it comes."""
        async with aclosing(self.stream_deltas(ctx, prompt)) as events:
            async for event in events:
                if not isinstance(event, ToolCallDelta):
                    yield event


class _Run:
    """One routed request: the attempt counter, deadline and failures shared across candidates."""

    def __init__(self, router: Router, ctx: CallContext, res: Resolution, deadline: float):
        self.router, self.ctx, self.resolution, self.deadline = router, ctx, res, deadline
        self.attempts = 0
        self.clock = Stopwatch()
        self.ledger = FailureLedger()

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    async def run(self, call: _Call[R]) -> _Done[R]:
        for candidate in self.resolution.candidates:
            if await self.router.cooldowns.is_cooled_down(candidate.provider.id):
                continue
            done = await self._try_candidate(candidate, call)
            if done is not None:
                return done
            if self.remaining() <= 0:
                break
        raise self.ledger.exhausted() or AllProvidersFailed()

    async def _try_candidate(self, candidate: Candidate, call: _Call[R]) -> _Done[R] | None:
        policy = self.router.policy
        for retry in range(policy.attempts_per_candidate):
            error = await self._attempt(candidate, call)
            if not isinstance(error, ProviderError):
                return error
            if (final := final_error(error)) is not None:
                raise final
            retry_after = error.retry_after if isinstance(error, RateLimited) else None
            delay = policy.delay(retry, retry_after)
            last = retry + 1 == policy.attempts_per_candidate
            if not error.retryable or last or delay >= self.remaining():
                self.ledger.gave_up(error)
                return None
            await self.router.sleep(delay)
        return None

    async def _attempt(self, candidate: Candidate, call: _Call[R]) -> _Done[R] | ProviderError:
        self.attempts += 1
        watch = Stopwatch()
        total = candidate.provider.total_timeout_s or self.router.policy.attempt_timeout_s
        timeout = max(0.1, min(total, self.remaining()))
        try:
            provider = await self.router.clients.get(candidate.provider)
            result = await call(provider, candidate, timeout)
        except DecryptionFailed:
            await self._fail(candidate, watch, None, "needs_reconfiguration")
            return ProviderError("key unreadable")
        except ProviderError as error:
            await self._fail(candidate, watch, error, None)
            return error
        return await self._succeed(candidate, watch, result)

    async def _fail(
        self, candidate: Candidate, watch: Stopwatch, error: ProviderError | None, code: str | None
    ) -> None:
        await note_failure(self.router, self.ledger, candidate, error)
        logger.warning(
            "provider %s failed (%s) on attempt %d",
            candidate.provider.name,
            code or (error.code if error else "error"),
            self.attempts,
        )
        self.router.usage.record(
            usage_record(self.ctx, candidate, self.attempts, watch.ms, error=error, error_code=code)
        )

    async def _succeed(self, candidate: Candidate, watch: Stopwatch, result: R) -> _Done[R]:
        await self.router.cooldowns.succeeded(candidate.provider.id)
        cost = cost_micro_usd(candidate, result.model, result.usage, self.resolution.prices)
        self.router.usage.record(
            usage_record(
                self.ctx,
                candidate,
                self.attempts,
                watch.ms,
                model=result.model,
                usage=result.usage,
                cost_micro_usd=cost,
            )
        )
        return _Done(result, candidate, self.clock.ms, self.attempts, cost)


async def note_failure(
    router: Router, ledger: FailureLedger, candidate: Candidate, error: ProviderError | None
) -> None:
    """The side effects of a failed attempt: the cooldown count, the admins' alert."""
    if ledger.should_count(candidate.provider.id, error):
        await router.cooldowns.failed(candidate.provider.id)
    if isinstance(error, AuthRejected):
        await router.alerts.credentials_rejected(candidate.provider)


def with_options(prompt: Prompt, candidate: Candidate) -> Prompt:
    """The candidate's options (an operator's defaults) fill what the prompt leaves unset."""
    if not candidate.options:
        return prompt
    options = prompt.options
    temperature = options.temperature
    if temperature is None and candidate.provider.provider_type != ProviderType.CLAUDE:
        # The Messages API this SDK speaks takes no temperature: an operator's default
        # is not the caller's request, so it is left out rather than refused.
        temperature = candidate.options.get("temperature")
    limit = options.token_limit or candidate.options.get("max_tokens")
    return prompt.with_options(
        replace(
            options,
            temperature=temperature,
            max_tokens=options.max_tokens if options.max_completion_tokens else limit,
        )
    )
