"""The Provider protocol: the only surface the rest of Kazi sees of a vendor."""

from collections.abc import AsyncIterator
from typing import Protocol

from kazi.llm.types import (
    Completion,
    EmbeddingRequest,
    Embeddings,
    ImagePart,
    Prompt,
    StreamEvent,
)


class Provider(Protocol):
    """One configured vendor endpoint. The model is chosen per call (routing may override it).

    `timeout` bounds one attempt in seconds. Implementations never retry: the router does.
    Every failure is raised as a `kazi.llm.errors.ProviderError` subclass.
    """

    async def generate(self, prompt: Prompt, *, model: str, timeout: float) -> Completion: ...

    def stream(self, prompt: Prompt, *, model: str, timeout: float) -> AsyncIterator[StreamEvent]:
        """Yield text and tool-call deltas, then exactly one Completion with the full
        answer and usage."""
        ...

    async def embed(
        self, request: EmbeddingRequest, *, model: str, timeout: float
    ) -> Embeddings: ...

    async def aclose(self) -> None: ...


async def generate_content(
    provider: Provider,
    prompt: str,
    *,
    model: str,
    system_prompt: str | None = None,
    timeout: float = 60.0,
) -> str:
    """The seed's convenience: plain text in, plain text out."""
    completion = await provider.generate(
        Prompt(user=prompt, system=system_prompt), model=model, timeout=timeout
    )
    return completion.text


async def generate_content_with_image(
    provider: Provider,
    prompt: str,
    image: ImagePart,
    *,
    model: str,
    system_prompt: str | None = None,
    timeout: float = 60.0,
) -> str:
    """The seed's convenience for one image and a question about it."""
    completion = await provider.generate(
        Prompt(user=prompt, system=system_prompt, images=(image,)), model=model, timeout=timeout
    )
    return completion.text
