"""A routed model's answer as it is written, with the router's result kept aside."""

from collections.abc import AsyncGenerator
from contextlib import aclosing
from dataclasses import dataclass

from kazi.documents.events import Progress
from kazi.llm.types import Prompt, TextDelta
from kazi.routing.attempts import CallContext
from kazi.routing.router import Routed, Router

PROGRESS_STEP = 200  # characters of edit plan between two progress events


@dataclass
class ModelCall:
    """Filled in when the router's stream ends: the completion and who produced it."""

    routed: Routed | None = None

    @property
    def answer(self) -> Routed:
        if self.routed is None:  # the router ends every stream with a Routed or raises
            raise RuntimeError("model stream ended without a completion")
        return self.routed


async def model_text(
    router: Router, ctx: CallContext, prompt: Prompt, call: ModelCall
) -> AsyncGenerator[str, None]:
    """The model's text as it is written; its Routed result is kept in `call`.

    Never catches cancellation: when the reader goes away, the router's stream is
    closed and records the usage it had so far."""
    events = router.stream(ctx, prompt)
    try:
        async for event in events:
            if isinstance(event, TextDelta):
                yield event.text
            else:
                call.routed = event
    finally:
        if isinstance(events, AsyncGenerator):  # closed now, not when collected
            await events.aclose()


async def progress(
    router: Router, ctx: CallContext, prompt: Prompt, call: ModelCall
) -> AsyncGenerator[Progress, None]:
    """`Progress` events counting the characters the model has written so far.

    The text itself is not passed on: it may name facts that validation will remove."""
    received = reported = 0
    async with aclosing(model_text(router, ctx, prompt, call)) as pieces:
        async for piece in pieces:
            received += len(piece)
            if received - reported >= PROGRESS_STEP:
                reported = received
                yield Progress(received)
