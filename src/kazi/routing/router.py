"""The router: what Kazi's features and the gateway call, over the attempt engine.

Plain completions, embeddings and streams share one engine (see `engine`): its
retries, fallbacks, cooldowns, quotas and usage records. This module shapes the calls
and their answers.
"""

from collections.abc import AsyncGenerator, AsyncIterator
from contextlib import aclosing
from dataclasses import dataclass, replace
from functools import partial

from kazi.llm.base import Provider
from kazi.llm.registry import ProviderType
from kazi.llm.types import (
    Completion,
    Delta,
    EmbeddingRequest,
    Embeddings,
    Prompt,
    StreamEvent,
    TextDelta,
    ToolCallDelta,
)
from kazi.routing.attempts import CallContext, estimated_usage
from kazi.routing.engine import Answered, NoProviderConfigured, RetryPolicy, RoutingEngine
from kazi.routing.failures import AllProvidersFailed
from kazi.routing.resolver import Candidate

__all__ = ["AllProvidersFailed", "NoProviderConfigured", "RetryPolicy", "Routed", "Router"]


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

    @classmethod
    def of(cls, answered: Answered[Completion]) -> "Routed":
        provider = answered.candidate.provider
        return cls(answered.result, provider.name, *_figures(answered))


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

    @classmethod
    def of(cls, answered: Answered[Embeddings]) -> "RoutedEmbeddings":
        provider = answered.candidate.provider
        return cls(answered.result, provider.name, *_figures(answered))


def _figures(
    answered: Answered[Completion] | Answered[Embeddings],
) -> tuple[str, int, str, int, int, int | None]:
    provider = answered.candidate.provider
    return (
        provider.provider_type,
        provider.id,
        answered.result.model,
        answered.latency_ms,
        answered.attempts,
        answered.cost_micro_usd,
    )


class Router(RoutingEngine):
    async def complete(self, ctx: CallContext, prompt: Prompt) -> Routed:
        async def generate(
            provider: Provider, candidate: Candidate, timeout: float
        ) -> AsyncIterator[Completion]:
            asked = with_options(prompt, candidate)
            yield await provider.generate(asked, model=candidate.model, timeout=timeout)

        return Routed.of(await self.answer(ctx, generate))

    async def embed(self, ctx: CallContext, request: EmbeddingRequest) -> RoutedEmbeddings:
        async def embed(
            provider: Provider, candidate: Candidate, timeout: float
        ) -> AsyncIterator[Embeddings]:
            yield await provider.embed(request, model=candidate.model, timeout=timeout)

        return RoutedEmbeddings.of(await self.answer(ctx, embed))

    async def stream_deltas(
        self, ctx: CallContext, prompt: Prompt
    ) -> AsyncGenerator[Delta | Routed, None]:
        """Text and tool-call deltas as they arrive, then the Routed answer."""

        def stream(
            provider: Provider, candidate: Candidate, timeout: float
        ) -> AsyncIterator[StreamEvent]:
            asked = with_options(prompt, candidate)
            return provider.stream(asked, model=candidate.model, timeout=timeout)

        estimate = partial(estimated_usage, prompt)
        async with aclosing(self.run(ctx, stream, estimate)) as events:
            async for event in events:
                yield Routed.of(event) if isinstance(event, Answered) else event

    async def stream(self, ctx: CallContext, prompt: Prompt) -> AsyncIterator[TextDelta | Routed]:
        """Text deltas, then the Routed answer, whose completion carries any tool calls
        whole: for callers that show text as it comes."""
        async with aclosing(self.stream_deltas(ctx, prompt)) as events:
            async for event in events:
                if not isinstance(event, ToolCallDelta):
                    yield event


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
