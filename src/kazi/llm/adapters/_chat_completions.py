"""The OpenAI Chat Completions wire format, shared by OpenAI itself and by the many
servers that speak it (Ollama, vLLM, LM Studio, OpenRouter, ...).

A plain answer is requested through the SDK's documented low-level `post` and read
from the raw JSON: the SDK still builds the request (base URL, auth, headers, timeout)
and raises its own errors, but skips transforming the parameters and building response
models, which cost more CPU than the rest of a gateway request together. Streams keep
the typed API: their cost is spread over the stream's events.
"""

from collections.abc import AsyncGenerator, Iterable
from typing import Any, ClassVar

import httpx2
import openai
from openai import AsyncOpenAI, Omit, omit
from openai.types import CompletionUsage
from openai.types.chat import (
    ChatCompletionContentPartParam,
    ChatCompletionMessageParam,
    ChatCompletionStreamOptionsParam,
    completion_create_params,
)
from pydantic_core import from_json

from kazi.llm.adapters._base import Answer, SdkAdapter, base64_text, whole_number
from kazi.llm.adapters._errors import (
    connection_failed,
    error_for_status,
    vendor_error_message,
)
from kazi.llm.errors import ContentRefused, ProviderError, ProviderTimeout, ProviderUnavailable
from kazi.llm.types import Completion, Prompt, TextDelta, Usage

# The SDK would add these from OPENAI_ORG_ID / OPENAI_PROJECT_ID in the environment;
# Kazi configures vendors per instance, and must not send OpenAI's ids to another server.
_NO_AMBIENT_HEADERS: dict[str, str | Omit] = {"OpenAI-Organization": omit, "OpenAI-Project": omit}
# Error codes OpenAI uses in 400 answers when its moderation blocks the input.
_REFUSAL_CODES = frozenset({"content_filter", "content_policy_violation"})


def chat_messages(prompt: Prompt) -> list[ChatCompletionMessageParam]:
    messages: list[ChatCompletionMessageParam] = []
    if prompt.system:
        messages.append({"role": "system", "content": prompt.system})
    if not prompt.images:
        # Plain string content is what the least capable compatible servers understand.
        messages.append({"role": "user", "content": prompt.user})
        return messages
    parts: list[ChatCompletionContentPartParam] = [{"type": "text", "text": prompt.user}]
    for image in prompt.images:
        url = f"data:{image.mime_type};base64,{base64_text(image)}"
        parts.append({"type": "image_url", "image_url": {"url": url}})
    messages.append({"role": "user", "content": parts})
    return messages


def response_format(prompt: Prompt) -> completion_create_params.ResponseFormat | Omit:
    if prompt.json_schema is None:
        return omit
    # Not `strict`: strict mode rejects schemas that leave properties optional or allow
    # extra ones, and callers' schemas are not written to its subset.
    return {
        "type": "json_schema",
        "json_schema": {"name": prompt.schema_name, "schema": dict(prompt.json_schema)},
    }


def usage_of(usage: CompletionUsage | None) -> Usage | None:
    return usage_from_json(usage.model_dump()) if usage is not None else None


def usage_from_json(usage: object) -> Usage | None:
    """Usage from a response's `usage` object; None when the server reported none."""
    if not isinstance(usage, dict):
        return None
    prompt_tokens, completion_tokens = usage.get("prompt_tokens"), usage.get("completion_tokens")
    if prompt_tokens is None and completion_tokens is None:
        return None
    details = usage.get("prompt_tokens_details")
    cached = details.get("cached_tokens") if isinstance(details, dict) else 0
    return Usage(
        input_tokens=whole_number(prompt_tokens),
        output_tokens=whole_number(completion_tokens),
        cached_tokens=whole_number(cached),
    )


def _object(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


class ChatCompletionsAdapter(SdkAdapter):
    """Talks Chat Completions through `openai.AsyncOpenAI`; subclasses build the client."""

    # OpenAI's current models reject `max_tokens`; most compatible servers know only it.
    uses_max_completion_tokens: ClassVar[bool] = True

    def __init__(
        self, *, client: AsyncOpenAI, secrets: Iterable[str], owns_http_client: bool
    ) -> None:
        super().__init__(secrets=secrets, owns_http_client=owns_http_client)
        self._client = client

    def _body(self, prompt: Prompt, model: str) -> dict[str, Any]:
        body: dict[str, Any] = {"model": model, "messages": chat_messages(prompt)}
        if prompt.options.temperature is not None:
            body["temperature"] = prompt.options.temperature
        if prompt.options.max_tokens is not None:
            limit = "max_completion_tokens" if self.uses_max_completion_tokens else "max_tokens"
            body[limit] = prompt.options.max_tokens
        if prompt.json_schema is not None:
            body["response_format"] = response_format(prompt)
        return body

    async def _generate(self, prompt: Prompt, *, model: str, timeout: float) -> Completion:
        response = await self._client.post(
            "/chat/completions",
            body=self._body(prompt, model),
            options={
                "headers": _NO_AMBIENT_HEADERS,
                "timeout": timeout,
                "security": {"bearer_auth": True},
            },
            cast_to=httpx2.Response,
        )
        try:
            data = from_json(response.content)
        except ValueError:
            data = None
        if not isinstance(data, dict):
            raise ProviderUnavailable(f"{self.vendor} answered with something other than JSON")
        return self._answer(data, response, model).completion(prompt, self.vendor)

    def _answer(self, data: dict[str, Any], response: httpx2.Response, model: str) -> Answer:
        choices = data.get("choices")
        if not isinstance(choices, list) or not choices:
            raise ProviderUnavailable(f"{self.vendor} returned no choices")
        choice = _object(choices[0])
        message = _object(choice.get("message"))
        finish_reason = _text(choice.get("finish_reason"))
        self._raise_if_refused(_text(message.get("refusal")), finish_reason)
        return Answer(
            model=_text(data.get("model")) or model,
            request_id=response.headers.get("x-request-id") or _text(data.get("id")),
            finish_reason=finish_reason,
            usage=usage_from_json(data.get("usage")),
            pieces=[_text(message.get("content")) or ""],
        )

    async def _stream(
        self, prompt: Prompt, *, model: str, timeout: float
    ) -> AsyncGenerator[TextDelta | Completion, None]:
        options: ChatCompletionStreamOptionsParam = {"include_usage": True}
        stream = await self._client.chat.completions.create(
            **self._body(prompt, model),
            stream=True,
            stream_options=options,
            extra_headers=_NO_AMBIENT_HEADERS,
            timeout=timeout,
        )
        answer = Answer(model=model, request_id=stream.response.headers.get("x-request-id"))
        refusal: list[str] = []
        received_any = False
        async with stream:
            async for chunk in stream:
                received_any = True
                answer.model = chunk.model or answer.model
                answer.request_id = answer.request_id or chunk.id
                answer.usage = usage_of(chunk.usage) or answer.usage
                for choice in chunk.choices[:1]:
                    refusal.append(choice.delta.refusal or "")
                    answer.finish_reason = choice.finish_reason or answer.finish_reason
                    if choice.delta.content:
                        answer.pieces.append(choice.delta.content)
                        yield TextDelta(choice.delta.content)
        if not received_any:
            raise ProviderUnavailable(f"{self.vendor} ended the stream without any data")
        self._raise_if_refused("".join(refusal), answer.finish_reason)
        yield answer.completion(prompt, self.vendor)

    def _raise_if_refused(self, refusal: str | None, finish_reason: str | None) -> None:
        if refusal or finish_reason == "content_filter":
            raise ContentRefused(f"{self.vendor} declined to answer this prompt")

    def _translate(self, exc: Exception) -> ProviderError | None:
        if isinstance(exc, openai.APITimeoutError) and not connection_failed(exc):
            return ProviderTimeout(f"{self.vendor} did not answer in time")
        if isinstance(exc, openai.APIStatusError):
            if exc.status_code == 400 and exc.code in _REFUSAL_CODES:
                return ContentRefused(f"{self.vendor} declined to answer this prompt")
            return error_for_status(
                exc.status_code,
                vendor=self.vendor,
                headers=exc.response.headers,
                detail=vendor_error_message(exc.body),
            )
        if isinstance(exc, openai.APIConnectionError):
            return ProviderUnavailable(f"{self.vendor} could not be reached")
        if isinstance(exc, openai.APIError):
            # An error event inside a stream that had started well.
            return ProviderUnavailable(f"{self.vendor} reported an error instead of an answer")
        if isinstance(exc, openai.OpenAIError):
            return ProviderUnavailable(f"{self.vendor} sent an answer that could not be understood")
        return None

    async def _close(self) -> None:
        # The SDK's close() closes the HTTP client, which may be the caller's.
        if self._owns_http_client:
            await self._client.close()
