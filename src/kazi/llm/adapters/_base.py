"""What every adapter shares: time limits, error translation and scrubbing, closing the
SDK client it owns, and turning collected text and usage into a Completion."""

import asyncio
import base64
import contextlib
import json
import logging
import ssl
from abc import ABC, abstractmethod
from collections.abc import AsyncGenerator, AsyncIterator, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, ClassVar

import httpx2

from kazi.llm.adapters._errors import error_for_failure
from kazi.llm.adapters._settings import TimeoutSettings
from kazi.llm.errors import BadRequest, InvalidModelOutput, ProviderError
from kazi.llm.scrub import scrub
from kazi.llm.tokens import estimate_tokens
from kazi.llm.types import (
    Choice,
    Completion,
    EmbeddingRequest,
    Embeddings,
    ImagePart,
    Message,
    Prompt,
    StreamEvent,
    ToolCall,
    ToolCallDelta,
    Usage,
)

logger = logging.getLogger("kazi.llm")


@cache
def shared_tls_context() -> ssl.SSLContext:
    """httpx2's default certificate verification, built once for every client the
    adapters create: parsing the CA bundle costs tens of milliseconds per client."""
    return httpx2.create_ssl_context()


class SdkAdapter(ABC):
    """Base of the vendor adapters; subclasses implement `_generate`, `_stream`, `_translate`
    and `_close`, and never need to catch exceptions themselves."""

    vendor: ClassVar[str]

    def __init__(
        self,
        *,
        secrets: Iterable[str],
        owns_http_client: bool,
        limits: TimeoutSettings | None = None,
    ) -> None:
        self._secrets = tuple(s for s in secrets if s)
        # A client handed in by the caller is shared, so closing it is the caller's job.
        self._owns_http_client = owns_http_client
        self._limits = limits or TimeoutSettings()

    def sdk_timeout(self, total: float) -> float | httpx2.Timeout:
        """The per-request limits for an httpx-based SDK call: connecting, and waiting
        for the first byte of the answer (the read limit), within the attempt's total.
        Without limits of its own, just the total (the SDK's cheapest path)."""
        connect, first_byte = self._limits.connect_timeout_s, self._limits.first_byte_timeout_s
        if connect is None and first_byte is None:
            return total
        return httpx2.Timeout(
            total,
            connect=min(connect, total) if connect else total,
            read=min(first_byte, total) if first_byte else total,
        )

    async def generate(self, prompt: Prompt, *, model: str, timeout: float) -> Completion:
        # The SDK gets the timeout too, but its limits apply per connect/read step;
        # this bounds the whole attempt.
        try:
            async with asyncio.timeout(timeout):
                return await self._generate(prompt, model=model, timeout=timeout)
        except Exception as exc:
            raise self._provider_error(exc) from None

    async def embed(self, request: EmbeddingRequest, *, model: str, timeout: float) -> Embeddings:
        try:
            async with asyncio.timeout(timeout):
                return await self._embed(request, model=model, timeout=timeout)
        except Exception as exc:
            raise self._provider_error(exc) from None

    async def _embed(self, request: EmbeddingRequest, *, model: str, timeout: float) -> Embeddings:
        raise BadRequest(f"{self.vendor} offers no embeddings.", param="model")

    async def stream(
        self, prompt: Prompt, *, model: str, timeout: float
    ) -> AsyncIterator[StreamEvent]:
        # A long answer may stream for longer than `timeout`, so the limit applies to
        # the wait for each event rather than to the whole stream.
        events = self._stream(prompt, model=model, timeout=timeout)
        # The first event may come no later than the first-byte limit, when there is one.
        wait = min(timeout, self._limits.first_byte_timeout_s or timeout)
        try:
            while True:
                try:
                    async with asyncio.timeout(wait):
                        event = await anext(events)
                except StopAsyncIteration:
                    return
                wait = timeout
                yield event
                # aiohttp hands over buffered data without suspending: without this, a
                # long answer would hold the event loop and never see the client leave.
                await asyncio.sleep(0)
        except Exception as exc:
            raise self._provider_error(exc) from None
        finally:
            with contextlib.suppress(Exception):
                await events.aclose()

    async def aclose(self) -> None:
        try:
            await self._close()
        except Exception as exc:
            logger.warning("closing the %s client failed (%s)", self.vendor, type(exc).__name__)

    @abstractmethod
    async def _generate(self, prompt: Prompt, *, model: str, timeout: float) -> Completion: ...

    @abstractmethod
    def _stream(
        self, prompt: Prompt, *, model: str, timeout: float
    ) -> AsyncGenerator[StreamEvent, None]: ...

    @abstractmethod
    def _translate(self, exc: Exception) -> ProviderError | None:
        """The error for an exception of the vendor's SDK, or None to use the generic rules."""

    @abstractmethod
    async def _close(self) -> None:
        """Release what the adapter created; an HTTP client the caller passed in stays open
        (`self._owns_http_client` is False then)."""

    def _provider_error(self, exc: Exception) -> ProviderError:
        if isinstance(exc, ProviderError):
            error = exc
        else:
            error = self._translate(exc) or error_for_failure(exc, vendor=self.vendor)
            logger.debug("%s call failed: %s -> %s", self.vendor, type(exc).__name__, error.code)
        # The single place every message passes through on its way out.
        error.message = scrub(error.message, self._secrets)
        error.args = (error.message,)
        return error


def structured_output(prompt: Prompt, text: str, vendor: str) -> Any:
    """The parsed JSON when the prompt asked for JSON, else None."""
    if not prompt.wants_json:
        return None
    try:
        return json.loads(text)
    except ValueError:
        raise InvalidModelOutput(
            f"{vendor} returned structured output that is not valid JSON"
        ) from None


def refuse(vendor: str, param: str, why: str = "has no equivalent") -> BadRequest:
    """The 400 for a parameter a vendor cannot honour: never dropped silently."""
    return BadRequest(f"`{param}` is not supported by {vendor}: it {why}.", param=param)


def instructions_first(vendor: str, messages: Iterable[Message]) -> tuple[list[str], list[Message]]:
    """The system and developer texts, and the conversation after them, for a vendor that
    takes instructions apart from the turns and only before them; names are refused."""
    instructions: list[str] = []
    turns: list[Message] = []
    for message in messages:
        if message.name is not None:
            raise refuse(vendor, "messages[].name")
        if message.role not in ("system", "developer"):
            turns.append(message)
        elif turns:
            raise refuse(vendor, f"messages[].role={message.role}", "takes instructions first")
        else:
            instructions.append(message.text)
    return instructions, turns


def estimated_usage(prompt: Prompt, text: str) -> Usage:
    """Local counts for a vendor that reported none; images are not counted."""
    prompt_text = "\n".join(message.text for message in prompt.messages if message.text)
    return Usage(
        input_tokens=estimate_tokens(prompt_text),
        output_tokens=estimate_tokens(text),
        estimated=True,
    )


def base64_text(image: ImagePart) -> str:
    return base64.b64encode(image.data).decode("ascii")


def whole_number(value: object) -> int:
    """A token count from a leniently parsed body: anything but a non-negative int is 0."""
    return value if isinstance(value, int) and value >= 0 else 0


@dataclass
class ChoiceDraft:
    """One choice being assembled: text pieces, tool calls (id, name, argument pieces)."""

    pieces: list[str] = field(default_factory=list)
    calls: list[list[str]] = field(default_factory=list)
    finish_reason: str | None = None
    logprobs: list[Any] = field(default_factory=list)

    def add_call(self, delta: ToolCallDelta) -> None:
        while len(self.calls) <= delta.position:
            self.calls.append(["", "", ""])
        call = self.calls[delta.position]
        call[0] = call[0] or delta.id or ""
        call[1] = call[1] or delta.name or ""
        call[2] += delta.arguments

    def choice(self, index: int) -> Choice:
        calls = tuple(ToolCall(i, n, a) for i, n, a in self.calls)
        logprobs = _merged_logprobs(self.logprobs)
        return Choice(index, "".join(self.pieces), calls, self.finish_reason, logprobs)


def _merged_logprobs(parts: list[Any]) -> Any:
    """Stream chunks each carry a slice of `content`; a whole answer carries one object."""
    if len(parts) <= 1:
        return parts[0] if parts else None
    content = [item for part in parts for item in (part or {}).get("content") or []]
    return {"content": content}


@dataclass
class Answer:
    """An answer being assembled, from one response or from the events of a stream."""

    model: str
    request_id: str | None = None
    usage: Usage | None = None
    drafts: dict[int, ChoiceDraft] = field(default_factory=dict)

    def draft(self, index: int = 0) -> ChoiceDraft:
        return self.drafts.setdefault(index, ChoiceDraft())

    def completion(self, prompt: Prompt, vendor: str) -> Completion:
        choices = tuple(self.drafts[i].choice(i) for i in sorted(self.drafts)) or (Choice(0, ""),)
        first = choices[0]
        text = "".join(choice.text for choice in choices)
        return Completion(
            text=first.text,
            model=self.model,
            usage=self.usage or estimated_usage(prompt, text),
            parsed=None if first.tool_calls else structured_output(prompt, first.text, vendor),
            request_id=self.request_id,
            finish_reason=first.finish_reason,
            choices=choices,
        )
