"""Anthropic (Claude), through the official `anthropic` SDK and the Messages API."""

import json
from collections.abc import AsyncGenerator

import anthropic
import httpx2
from anthropic import AsyncAnthropic, DefaultAioHttpClient
from anthropic.types import ContentBlock, Message, MessageDeltaUsage, RawMessageStreamEvent
from anthropic.types import Usage as AnthropicUsage

from kazi.llm.adapters._anthropic_wire import request_args
from kazi.llm.adapters._base import Answer, SdkAdapter, shared_tls_context, whole_number
from kazi.llm.adapters._errors import error_for_status, vendor_error_message
from kazi.llm.adapters._settings import AnthropicSettings
from kazi.llm.errors import (
    ContentRefused,
    ProviderError,
    ProviderTimeout,
    ProviderUnavailable,
)
from kazi.llm.types import (
    Completion,
    Prompt,
    StreamEvent,
    TextDelta,
    ToolCallDelta,
    Usage,
)

DEFAULT_BASE_URL = "https://api.anthropic.com"
_FINISH_REASONS = {
    "end_turn": "stop",
    "stop_sequence": "stop",
    "max_tokens": "length",
    "tool_use": "tool_calls",
}


def _usage(*reports: AnthropicUsage | MessageDeltaUsage | None) -> Usage | None:
    """Normalised usage from one report, or from a stream's message_start and
    message_delta reports, where a count in a later report supersedes an earlier one."""
    present = [report for report in reports if report is not None]
    if not present:
        return None

    def latest(name: str) -> int:
        values = [getattr(report, name, None) for report in present]
        return whole_number(next((v for v in reversed(values) if v is not None), 0))

    # Anthropic's input_tokens leaves out the tokens read from or written to the cache.
    cache_read = latest("cache_read_input_tokens")
    return Usage(
        input_tokens=latest("input_tokens") + cache_read + latest("cache_creation_input_tokens"),
        output_tokens=latest("output_tokens"),
        cached_tokens=cache_read,
    )


def _finish_reason(stop_reason: str | None) -> str | None:
    return _FINISH_REASONS.get(stop_reason, stop_reason) if stop_reason else None


def _absorb_block(answer: Answer, block: ContentBlock) -> None:
    draft = answer.draft()
    if block.type == "text":
        draft.pieces.append(block.text)
    elif block.type == "tool_use":
        arguments = json.dumps(block.input)
        draft.add_call(ToolCallDelta(0, len(draft.calls), block.id, block.name, arguments))


def _delta(event: RawMessageStreamEvent, calls: dict[int, int]) -> StreamEvent | None:
    """The text or tool-call delta an event carries, if any."""
    if event.type == "content_block_start" and event.content_block.type == "tool_use":
        calls[event.index] = len(calls)
        block = event.content_block
        return ToolCallDelta(0, calls[event.index], block.id, block.name)
    if event.type != "content_block_delta":
        return None
    if event.delta.type == "text_delta":
        return TextDelta(event.delta.text)
    if event.delta.type == "input_json_delta" and event.index in calls:
        return ToolCallDelta(0, calls[event.index], arguments=event.delta.partial_json)
    return None


def _absorb_delta(answer: Answer, delta: StreamEvent) -> None:
    if isinstance(delta, TextDelta):
        answer.draft().pieces.append(delta.text)
    elif isinstance(delta, ToolCallDelta):
        answer.draft().add_call(delta)


class AnthropicProvider(SdkAdapter):
    vendor = "Anthropic"
    Settings = AnthropicSettings

    def __init__(self, settings: AnthropicSettings, http_client: httpx2.AsyncClient | None = None):
        key = settings.api_key.get_secret_value()
        super().__init__(secrets=[key], owns_http_client=http_client is None, limits=settings)
        self._client = AsyncAnthropic(
            api_key=key,
            # Always explicit, so ANTHROPIC_BASE_URL in the environment is never used.
            base_url=settings.base_url or DEFAULT_BASE_URL,
            max_retries=0,
            # The SDK's aiohttp transport, for the reason given in the OpenAI adapter.
            http_client=http_client or DefaultAioHttpClient(verify=shared_tls_context()),
        )

    async def _generate(self, prompt: Prompt, *, model: str, timeout: float) -> Completion:
        message = await self._client.messages.create(
            **request_args(prompt, model), timeout=self.sdk_timeout(timeout)
        )
        if not isinstance(message, Message):
            raise ProviderUnavailable(f"{self.vendor} answered with something other than JSON")
        self._raise_if_refused(message.stop_reason)
        answer = Answer(
            model=message.model or model,
            request_id=message._request_id or message.id,
            usage=_usage(message.usage),
        )
        draft = answer.draft()
        draft.finish_reason = _finish_reason(message.stop_reason)
        for block in message.content:
            _absorb_block(answer, block)
        return answer.completion(prompt, self.vendor)

    async def _stream(
        self, prompt: Prompt, *, model: str, timeout: float
    ) -> AsyncGenerator[StreamEvent, None]:
        stream = await self._client.messages.create(
            **request_args(prompt, model), stream=True, timeout=self.sdk_timeout(timeout)
        )
        answer = Answer(model=model, request_id=stream.response.headers.get("request-id"))
        start: Message | None = None
        calls: dict[int, int] = {}  # content block index -> tool call position
        async with stream:
            async for event in stream:
                if event.type == "message_start":
                    start = event.message
                    answer.model = start.model or model
                    answer.request_id = answer.request_id or start.id
                    answer.usage = _usage(start.usage)
                elif event.type == "message_delta":
                    self._raise_if_refused(event.delta.stop_reason)
                    answer.draft().finish_reason = _finish_reason(event.delta.stop_reason)
                    answer.usage = _usage(start.usage if start else None, event.usage)
                elif (delta := _delta(event, calls)) is not None:
                    _absorb_delta(answer, delta)
                    yield delta
        if start is None:
            raise ProviderUnavailable(f"{self.vendor} ended the stream before it started")
        yield answer.completion(prompt, self.vendor)

    def _raise_if_refused(self, stop_reason: str | None) -> None:
        if stop_reason == "refusal":
            raise ContentRefused(f"{self.vendor} declined to answer this prompt")

    def _translate(self, exc: Exception) -> ProviderError | None:
        if isinstance(exc, anthropic.APITimeoutError):
            return ProviderTimeout(f"{self.vendor} did not answer in time")
        if isinstance(exc, anthropic.APIStatusError):
            return error_for_status(
                exc.status_code,
                vendor=self.vendor,
                headers=exc.response.headers,
                detail=exc.api_message or vendor_error_message(exc.body),
            )
        if isinstance(exc, anthropic.APIConnectionError):
            return ProviderUnavailable(f"{self.vendor} could not be reached")
        if isinstance(exc, anthropic.AnthropicError):
            return ProviderUnavailable(f"{self.vendor} sent an answer that could not be understood")
        return None

    async def _close(self) -> None:
        # The SDK's close() closes the HTTP client, which may be the caller's.
        if self._owns_http_client:
            await self._client.close()
