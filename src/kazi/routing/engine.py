"""The attempt engine: one loop for plain and streamed calls, the only caller of `kazi.llm`.

For each candidate in order (cooled-down ones skipped): call it; on a retryable error
(rate limit, timeout, 5xx) retry with exponential backoff and jitter, honouring
Retry-After, within the request's total deadline; when the retries are spent, or the
provider's credentials were rejected, move to the next candidate. The caller's own
mistakes and unusable model output end the request at once (see `failures`). Every
attempt leaves a usage record (see `attempts`).

A call is a sequence of events: a plain call yields its one result, a stream yields
its deltas first. Once a delta has been passed on, the text has reached the client
and a retry or a fallback would garble it, so a later failure ends the request.
"""

import asyncio
import random
import time
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable
from contextlib import aclosing
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from kazi.kit.errors import KaziError
from kazi.llm.base import Provider
from kazi.llm.errors import ProviderError, ProviderUnavailable, RateLimited
from kazi.llm.types import Completion, Delta, Embeddings, TextDelta, Usage
from kazi.providers.clients import ProviderClients
from kazi.quotas.guard import NoQuota, QuotaGuard
from kazi.routing.attempts import AttemptBook, CallContext, Stopwatch
from kazi.routing.cooldown import Cooldowns, MemoryCooldowns
from kazi.routing.failures import AllProvidersFailed, LoggedAlerts, ProviderAlerts, final_error
from kazi.routing.resolver import Candidate, Resolution, resolve
from kazi.security.crypto import DecryptionFailed, SecretBox
from kazi.usage.record import UsageSink

R = TypeVar("R", Completion, Embeddings)
# One attempt's events: deltas (streams only), then the result.
Call = Callable[[Provider, Candidate, float], AsyncIterator[Delta | R]]
# A stream's usage when the client leaves midway, from the text it was sent.
Estimate = Callable[[str], Usage]


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
class Answered(Generic[R]):
    """What answered a routed call: the result, the candidate and the call's figures."""

    result: R
    candidate: Candidate
    latency_ms: int
    attempts: int
    cost_micro_usd: int | None


@dataclass
class RoutingEngine:
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

    async def answer(self, ctx: CallContext, call: Call[R]) -> Answered[R]:
        """A plain call's answer."""
        async with aclosing(self.run(ctx, call)) as events:
            async for event in events:
                if isinstance(event, Answered):
                    return event
        raise AllProvidersFailed  # not reached: a run answers or raises

    async def run(
        self, ctx: CallContext, call: Call[R], estimate: Estimate | None = None
    ) -> AsyncGenerator[Delta | Answered[R], None]:
        """The call's deltas as they arrive, then its answer; within the caller's quota.

        `estimate` marks a stream: a client that leaves midway is billed an estimate."""
        resolution = await self.resolve(ctx.task_type, ctx.tier)
        if not resolution.candidates:
            raise NoProviderConfigured
        reservation = await self.quotas.reserve(ctx.user_id, ctx.tier, ctx.task_type)
        run = _Run(self, ctx, resolution, call, estimate)
        try:
            async with aclosing(run.events()) as events:
                async for event in events:
                    if isinstance(event, Answered):
                        await reservation.settle(event.cost_micro_usd)
                    yield event
        except KaziError:
            await reservation.release()
            raise


class _Run(Generic[R]):
    """One routed request: the attempt counter, deadline and failures shared across candidates."""

    def __init__(
        self,
        engine: RoutingEngine,
        ctx: CallContext,
        resolution: Resolution,
        call: Call[R],
        estimate: Estimate | None,
    ) -> None:
        self.engine = engine
        self.call: Call[R] = call
        self.estimate = estimate
        self.candidates = resolution.candidates
        self.deadline = time.monotonic() + engine.policy.deadline_s
        self.attempts = 0
        self.clock = Stopwatch()
        self.book = AttemptBook(
            ctx, resolution.prices, engine.usage, engine.cooldowns, engine.alerts
        )

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    async def events(self) -> AsyncGenerator[Delta | Answered[R], None]:
        for candidate in self.candidates:
            if await self.engine.cooldowns.is_cooled_down(candidate.provider.id):
                continue
            for retry in range(self.engine.policy.attempts_per_candidate):
                try:
                    async with aclosing(self._attempt(candidate)) as events:
                        async for event in events:
                            yield event
                    return  # answered
                except ProviderError as error:
                    if not await self._retrying(error, retry):
                        break
            if self.remaining() <= 0:
                break
        raise self.book.failures.exhausted() or AllProvidersFailed()

    async def _retrying(self, error: ProviderError, retry: int) -> bool:
        """Whether to try the candidate again (after a wait); raises what ends the request."""
        if (final := final_error(error)) is not None:
            raise final from None
        policy = self.engine.policy
        retry_after = error.retry_after if isinstance(error, RateLimited) else None
        delay = policy.delay(retry, retry_after)
        last = retry + 1 == policy.attempts_per_candidate
        if not error.retryable or last or delay >= self.remaining():
            self.book.failures.gave_up(error)
            return False
        await self.engine.sleep(delay)
        return True

    async def _attempt(self, candidate: Candidate) -> AsyncGenerator[Delta | Answered[R], None]:
        """One call of the candidate; a failure is recorded, then raised as ProviderError."""
        self.attempts += 1
        attempt, watch, sent = self.attempts, Stopwatch(), list[str]()
        try:
            provider = await self.engine.clients.get(candidate.provider)
            events = self.call(provider, candidate, self._timeout(candidate))
            try:
                async for event in events:
                    if not isinstance(event, Delta):
                        break
                    sent.append(event.text if isinstance(event, TextDelta) else event.arguments)
                    yield event
                else:
                    raise ProviderUnavailable("the stream ended without an answer")
            finally:
                await _close(events)
        except DecryptionFailed:
            await self.book.failed(candidate, attempt, watch, None, "needs_reconfiguration")
            raise ProviderError("key unreadable") from None
        except ProviderError as error:
            await self.book.failed(candidate, attempt, watch, error)
            if sent:  # text already reached the client: a fallback would garble it
                raise AllProvidersFailed from error
            raise
        except BaseException:  # the client went away (cancellation or generator close)
            if self.estimate is not None:
                self.book.abandoned(candidate, attempt, watch, self.estimate("".join(sent)))
            raise
        cost = await self.book.succeeded(candidate, attempt, watch, event.model, event.usage)
        yield Answered(event, candidate, self.clock.ms, attempt, cost)

    def _timeout(self, candidate: Candidate) -> float:
        total = candidate.provider.total_timeout_s or self.engine.policy.attempt_timeout_s
        return max(0.1, min(total, self.remaining()))


async def _close(events: AsyncIterator[object]) -> None:
    """Ends the vendor's stream now, not when it is collected."""
    if isinstance(events, AsyncGenerator):
        await events.aclose()
