"""Call a provider either way, checking the stream's shape on the way."""

from dataclasses import dataclass

from kazi.llm.base import Provider
from kazi.llm.types import Completion, Prompt, TextDelta

MODES = ("generate", "stream")
TIMEOUT = 5.0


@dataclass(frozen=True)
class Streamed:
    deltas: list[str]
    completion: Completion


async def collect(
    provider: Provider, prompt: Prompt, model: str, timeout: float = TIMEOUT
) -> Streamed:
    """Every event of a stream; fails unless it is deltas followed by exactly one Completion."""
    events = [event async for event in provider.stream(prompt, model=model, timeout=timeout)]
    assert events, "the stream yielded nothing"
    *deltas, last = events
    assert isinstance(last, Completion), f"the stream ended with {last!r}"
    assert all(isinstance(d, TextDelta) for d in deltas), "a Completion came before the end"
    return Streamed([d.text for d in deltas if isinstance(d, TextDelta)], last)


async def answer(
    provider: Provider, prompt: Prompt, model: str, mode: str, timeout: float = TIMEOUT
) -> Completion:
    if mode == "generate":
        return await provider.generate(prompt, model=model, timeout=timeout)
    streamed = await collect(provider, prompt, model, timeout)
    assert "".join(streamed.deltas) == streamed.completion.text
    return streamed.completion
