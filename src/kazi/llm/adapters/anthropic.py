"""Anthropic (Claude), through the official `anthropic` SDK and the Messages API."""

from collections.abc import AsyncGenerator
from typing import Literal, cast

import anthropic
import httpx2
from anthropic import AsyncAnthropic, DefaultAioHttpClient, Omit, omit
from anthropic.types import (
    ImageBlockParam,
    Message,
    MessageDeltaUsage,
    MessageParam,
    OutputConfigParam,
    TextBlockParam,
)
from anthropic.types import Usage as AnthropicUsage

from kazi.llm.adapters._base import (
    Answer,
    SdkAdapter,
    base64_text,
    shared_tls_context,
    whole_number,
)
from kazi.llm.adapters._errors import error_for_status, vendor_error_message
from kazi.llm.adapters._settings import AnthropicSettings
from kazi.llm.errors import (
    BadRequest,
    ContentRefused,
    ProviderError,
    ProviderTimeout,
    ProviderUnavailable,
)
from kazi.llm.types import Completion, ImagePart, Prompt, TextDelta, Usage

DEFAULT_BASE_URL = "https://api.anthropic.com"
# The Messages API requires a limit; this one fits every current model.
DEFAULT_MAX_TOKENS = 4096
_IMAGE_TYPES = ("image/jpeg", "image/png", "image/gif", "image/webp")
_MediaType = Literal["image/jpeg", "image/png", "image/gif", "image/webp"]
_FINISH_REASONS = {"end_turn": "stop", "stop_sequence": "stop", "max_tokens": "length"}


def _image_block(image: ImagePart) -> ImageBlockParam:
    if image.mime_type not in _IMAGE_TYPES:
        raise BadRequest(f"Claude accepts JPEG, PNG, GIF or WebP images, not {image.mime_type}")
    media_type = cast(_MediaType, image.mime_type)
    return {
        "type": "image",
        "source": {"type": "base64", "media_type": media_type, "data": base64_text(image)},
    }


def _messages(prompt: Prompt) -> list[MessageParam]:
    # Images first: Anthropic's guidance is that questions after the image work best.
    content: list[ImageBlockParam | TextBlockParam] = [_image_block(i) for i in prompt.images]
    content.append({"type": "text", "text": prompt.user})
    return [{"role": "user", "content": content}]


def _output_config(prompt: Prompt) -> OutputConfigParam | Omit:
    # Native structured output rather than a forced tool call: decoding is constrained
    # to the schema, the JSON arrives as ordinary text (so streaming needs no special
    # case) and no made-up tool appears in the conversation.
    if prompt.json_schema is None:
        return omit
    return {"format": {"type": "json_schema", "schema": dict(prompt.json_schema)}}


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


class AnthropicProvider(SdkAdapter):
    vendor = "Anthropic"
    Settings = AnthropicSettings

    def __init__(self, settings: AnthropicSettings, http_client: httpx2.AsyncClient | None = None):
        key = settings.api_key.get_secret_value()
        super().__init__(secrets=[key], owns_http_client=http_client is None)
        self._client = AsyncAnthropic(
            api_key=key,
            # Always explicit, so ANTHROPIC_BASE_URL in the environment is never used.
            base_url=settings.base_url or DEFAULT_BASE_URL,
            max_retries=0,
            # The SDK's aiohttp transport, for the reason given in the OpenAI adapter.
            http_client=http_client or DefaultAioHttpClient(verify=shared_tls_context()),
        )

    async def _generate(self, prompt: Prompt, *, model: str, timeout: float) -> Completion:
        # No temperature: the API version this SDK speaks rejects sampling parameters.
        message = await self._client.messages.create(
            model=model,
            max_tokens=prompt.options.max_tokens or DEFAULT_MAX_TOKENS,
            system=prompt.system or omit,
            messages=_messages(prompt),
            output_config=_output_config(prompt),
            timeout=timeout,
        )
        if not isinstance(message, Message):
            raise ProviderUnavailable(f"{self.vendor} answered with something other than JSON")
        self._raise_if_refused(message.stop_reason)
        answer = Answer(
            model=message.model or model,
            request_id=message._request_id or message.id,
            finish_reason=_finish_reason(message.stop_reason),
            usage=_usage(message.usage),
            pieces=[block.text for block in message.content if block.type == "text"],
        )
        return answer.completion(prompt, self.vendor)

    async def _stream(
        self, prompt: Prompt, *, model: str, timeout: float
    ) -> AsyncGenerator[TextDelta | Completion, None]:
        stream = await self._client.messages.create(
            model=model,
            max_tokens=prompt.options.max_tokens or DEFAULT_MAX_TOKENS,
            system=prompt.system or omit,
            messages=_messages(prompt),
            output_config=_output_config(prompt),
            stream=True,
            timeout=timeout,
        )
        answer = Answer(model=model, request_id=stream.response.headers.get("request-id"))
        start: Message | None = None
        async with stream:
            async for event in stream:
                if event.type == "message_start":
                    start = event.message
                    answer.model = start.model or model
                    answer.request_id = answer.request_id or start.id
                    answer.usage = _usage(start.usage)
                elif event.type == "content_block_delta" and event.delta.type == "text_delta":
                    answer.pieces.append(event.delta.text)
                    yield TextDelta(event.delta.text)
                elif event.type == "message_delta":
                    self._raise_if_refused(event.delta.stop_reason)
                    answer.finish_reason = _finish_reason(event.delta.stop_reason)
                    answer.usage = _usage(start.usage if start else None, event.usage)
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
