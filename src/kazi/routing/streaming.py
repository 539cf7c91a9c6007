"""Streamed routing: fall back between candidates only until the first text arrives.

Usage is recorded in every case, including a client that disconnects midway: the
tokens streamed so far are then counted locally and marked as estimated.
"""

from collections.abc import AsyncGenerator
from contextlib import aclosing
from typing import TYPE_CHECKING

from kazi.kit.errors import KaziError
from kazi.llm.errors import ProviderError
from kazi.llm.tokens import estimate_tokens
from kazi.llm.types import Completion, Delta, Prompt, TextDelta, Usage
from kazi.routing.attempts import CallContext, Stopwatch, cost_micro_usd, usage_record
from kazi.routing.failures import AllProvidersFailed, FailureLedger, final_error
from kazi.routing.resolver import Candidate, Resolution

if TYPE_CHECKING:
    from kazi.routing.router import Routed, Router


async def stream_routed(
    router: "Router", ctx: CallContext, prompt: Prompt
) -> AsyncGenerator["Delta | Routed", None]:
    from kazi.routing.router import NoProviderConfigured

    resolution = await router.resolve(ctx.task_type, ctx.tier)
    if not resolution.candidates:
        raise NoProviderConfigured
    reservation = await router.quotas.reserve(ctx.user_id, ctx.tier, ctx.task_type)
    try:
        async with aclosing(_stream_candidates(router, ctx, prompt, resolution)) as events:
            async for event in events:
                if not isinstance(event, Delta):
                    await reservation.settle(event.cost_micro_usd)
                yield event
    except KaziError:
        await reservation.release()
        raise


async def _stream_candidates(
    router: "Router", ctx: CallContext, prompt: Prompt, resolution: Resolution
) -> AsyncGenerator["Delta | Routed", None]:
    from kazi.routing.router import note_failure, with_options

    total = Stopwatch()
    ledger = FailureLedger()
    for attempt, candidate in enumerate(await _available(router, resolution), start=1):
        pieces: list[str] = []
        watch = Stopwatch()
        try:
            provider = await router.clients.get(candidate.provider)
            events = provider.stream(
                with_options(prompt, candidate),
                model=candidate.model,
                timeout=candidate.provider.total_timeout_s or router.policy.attempt_timeout_s,
            )
            async for event in events:
                if isinstance(event, Completion):
                    yield await _finish(
                        router, ctx, candidate, resolution, event, attempt, watch, total
                    )
                    return
                pieces.append(event.text if isinstance(event, TextDelta) else event.arguments)
                yield event
        except ProviderError as error:
            await note_failure(router, ledger, candidate, error)
            router.usage.record(usage_record(ctx, candidate, attempt, watch.ms, error=error))
            if pieces:  # text already reached the client: a fallback would garble it
                raise AllProvidersFailed from error
            if (final := final_error(error)) is not None:
                raise final from None
            ledger.gave_up(error)
        except BaseException:  # the client went away (cancellation or generator close)
            usage = _estimated(prompt, "".join(pieces))
            router.usage.record(
                usage_record(
                    ctx,
                    candidate,
                    attempt,
                    watch.ms,
                    usage=usage,
                    error_code="client_disconnected",
                    cost_micro_usd=cost_micro_usd(
                        candidate, candidate.model, usage, resolution.prices
                    ),
                )
            )
            raise
    raise ledger.exhausted() or AllProvidersFailed()


async def _available(router: "Router", resolution: Resolution) -> list[Candidate]:
    return [
        c for c in resolution.candidates if not await router.cooldowns.is_cooled_down(c.provider.id)
    ]


async def _finish(
    router: "Router",
    ctx: CallContext,
    candidate: Candidate,
    resolution: Resolution,
    completion: Completion,
    attempt: int,
    watch: Stopwatch,
    total: Stopwatch,
) -> "Routed":
    from kazi.routing.router import Routed

    await router.cooldowns.succeeded(candidate.provider.id)
    cost = cost_micro_usd(candidate, completion.model, completion.usage, resolution.prices)
    router.usage.record(
        usage_record(
            ctx,
            candidate,
            attempt,
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
        total.ms,
        attempt,
        cost,
    )


def _estimated(prompt: Prompt, partial_text: str) -> Usage:
    prompt_text = "".join(message.text for message in prompt.messages)
    return Usage(estimate_tokens(prompt_text), estimate_tokens(partial_text), 0, estimated=True)
