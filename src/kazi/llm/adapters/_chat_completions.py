"""The OpenAI Chat Completions wire format, shared by OpenAI itself and by the many
servers that speak it (Ollama, vLLM, LM Studio, OpenRouter, ...).

A plain answer is requested through the SDK's documented low-level `post` and read
from the raw JSON: the SDK still builds the request (base URL, auth, headers, timeout)
and raises its own errors, but skips transforming the parameters and building response
models, which cost more CPU than the rest of a gateway request together. Streams keep
the typed API: their cost is spread over the stream's events.
"""

from collections.abc import AsyncGenerator, Iterable
from typing import Any

import httpx2
import openai
from openai import AsyncOpenAI, Omit, omit
from openai.types import CompletionUsage
from openai.types.chat import ChatCompletionStreamOptionsParam
from openai.types.chat.chat_completion_chunk import Choice as ChunkChoice
from pydantic_core import from_json

from kazi.llm.adapters._base import Answer, ChoiceDraft, SdkAdapter, base64_text, whole_number
from kazi.llm.adapters._errors import (
    connection_failed,
    error_for_status,
    vendor_error_message,
)
from kazi.llm.adapters._settings import TimeoutSettings
from kazi.llm.errors import ContentRefused, ProviderError, ProviderTimeout, ProviderUnavailable
from kazi.llm.types import (
    Completion,
    ContentPart,
    EmbeddingRequest,
    Embeddings,
    GenerationOptions,
    Message,
    NamedTool,
    Prompt,
    StreamEvent,
    TextDelta,
    TextPart,
    Tool,
    ToolCallDelta,
    Usage,
)

# The SDK would add these from OPENAI_ORG_ID / OPENAI_PROJECT_ID in the environment;
# Kazi configures vendors per instance, and must not send OpenAI's ids to another server.
_NO_AMBIENT_HEADERS: dict[str, str | Omit] = {"OpenAI-Organization": omit, "OpenAI-Project": omit}
# Error codes OpenAI uses in 400 answers when its moderation blocks the input.
_REFUSAL_CODES = frozenset({"content_filter", "content_policy_violation"})


def chat_messages(prompt: Prompt) -> list[dict[str, Any]]:
    """The conversation in Chat Completions form, each message as it was given."""
    return [_message(message) for message in prompt.messages]


def _message(message: Message) -> dict[str, Any]:
    wire: dict[str, Any] = {"role": message.role, "content": _content(message.content)}
    if message.name is not None:
        wire["name"] = message.name
    if message.tool_calls:
        wire["tool_calls"] = [
            {"id": c.id, "type": "function", "function": {"name": c.name, "arguments": c.arguments}}
            for c in message.tool_calls
        ]
        if not wire["content"]:
            wire["content"] = None
    if message.tool_call_id is not None:
        wire["tool_call_id"] = message.tool_call_id
    return wire


def _content(content: str | tuple[ContentPart, ...]) -> str | list[dict[str, Any]]:
    # Plain string content is what the least capable compatible servers understand.
    if isinstance(content, str):
        return content
    return [_part(part) for part in content]


def _part(part: ContentPart) -> dict[str, Any]:
    if isinstance(part, TextPart):
        return {"type": "text", "text": part.text}
    url = part.url or f"data:{part.mime_type};base64,{base64_text(part)}"
    image: dict[str, Any] = {"url": url}
    if part.detail is not None:
        image["detail"] = part.detail
    return {"type": "image_url", "image_url": image}


def response_format(prompt: Prompt) -> dict[str, Any] | None:
    if prompt.json_object:
        return {"type": "json_object"}
    if prompt.json_schema is None:
        return None
    spec: dict[str, Any] = {"name": prompt.schema_name, "schema": dict(prompt.json_schema)}
    if prompt.schema_strict is not None:
        spec["strict"] = prompt.schema_strict
    return {"type": "json_schema", "json_schema": spec}


def _tool(tool: Tool) -> dict[str, Any]:
    function: dict[str, Any] = {"name": tool.name}
    if tool.description is not None:
        function["description"] = tool.description
    if tool.parameters is not None:
        function["parameters"] = dict(tool.parameters)
    if tool.strict is not None:
        function["strict"] = tool.strict
    return {"type": "function", "function": function}


def _tool_choice(choice: str | NamedTool) -> str | dict[str, Any]:
    if isinstance(choice, NamedTool):
        return {"type": "function", "function": {"name": choice.name}}
    return choice


def _options(options: GenerationOptions) -> dict[str, Any]:
    """Every option the caller set, under its own name."""
    wire = {name: getattr(options, name) for name in _PLAIN_OPTIONS}
    wire["stop"] = list(options.stop) or None
    for name in ("logit_bias", "metadata"):
        value = getattr(options, name)
        wire[name] = dict(value) if value is not None else None
    return {name: value for name, value in wire.items() if value is not None}


_PLAIN_OPTIONS = (
    "temperature",
    "max_tokens",
    "max_completion_tokens",
    "top_p",
    "frequency_penalty",
    "presence_penalty",
    "seed",
    "n",
    "logprobs",
    "top_logprobs",
    "parallel_tool_calls",
    "user",
)


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


def _choice_events(draft: ChoiceDraft, choice: ChunkChoice) -> list[StreamEvent]:
    """What one chunk's choice adds to the answer, as stream events."""
    draft.finish_reason = choice.finish_reason or draft.finish_reason
    events: list[StreamEvent] = []
    logprobs = choice.logprobs.model_dump() if choice.logprobs is not None else None
    if logprobs is not None:
        draft.logprobs.append(logprobs)
    if choice.delta.content:
        draft.pieces.append(choice.delta.content)
        events.append(TextDelta(choice.delta.content, choice.index, logprobs))
    for call in choice.delta.tool_calls or []:
        function = call.function
        delta = ToolCallDelta(
            choice.index,
            call.index,
            call.id,
            function.name if function else None,
            (function.arguments if function else None) or "",
        )
        draft.add_call(delta)
        events.append(delta)
    return events


def _object(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


class ChatCompletionsAdapter(SdkAdapter):
    """Talks Chat Completions through `openai.AsyncOpenAI`; subclasses build the client."""

    def __init__(
        self,
        *,
        client: AsyncOpenAI,
        secrets: Iterable[str],
        owns_http_client: bool,
        limits: TimeoutSettings | None = None,
    ) -> None:
        super().__init__(secrets=secrets, owns_http_client=owns_http_client, limits=limits)
        self._client = client

    def _body(self, prompt: Prompt, model: str) -> dict[str, Any]:
        body: dict[str, Any] = {"model": model, "messages": chat_messages(prompt)}
        body.update(_options(prompt.options))
        if prompt.tools:
            body["tools"] = [_tool(tool) for tool in prompt.tools]
        if prompt.tool_choice is not None:
            body["tool_choice"] = _tool_choice(prompt.tool_choice)
        if (wanted := response_format(prompt)) is not None:
            body["response_format"] = wanted
        return body

    async def _generate(self, prompt: Prompt, *, model: str, timeout: float) -> Completion:
        response = await self._client.post(
            "/chat/completions",
            body=self._body(prompt, model),
            options={
                "headers": _NO_AMBIENT_HEADERS,
                "timeout": self.sdk_timeout(timeout),
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
        answer = Answer(
            model=_text(data.get("model")) or model,
            request_id=response.headers.get("x-request-id") or _text(data.get("id")),
            usage=usage_from_json(data.get("usage")),
        )
        for position, item in enumerate(choices):
            choice = _object(item)
            index = choice.get("index")
            self._read_choice(answer.draft(index if isinstance(index, int) else position), choice)
        return answer

    def _read_choice(self, draft: ChoiceDraft, choice: dict[str, Any]) -> None:
        message = _object(choice.get("message"))
        draft.finish_reason = _text(choice.get("finish_reason"))
        self._raise_if_refused(_text(message.get("refusal")), draft.finish_reason)
        draft.pieces.append(_text(message.get("content")) or "")
        if choice.get("logprobs") is not None:
            draft.logprobs.append(choice["logprobs"])
        calls = message.get("tool_calls")
        for position, call in enumerate(calls if isinstance(calls, list) else []):
            function = _object(_object(call).get("function"))
            draft.add_call(
                ToolCallDelta(
                    0,
                    position,
                    _text(_object(call).get("id")) or "",
                    _text(function.get("name")) or "",
                    _text(function.get("arguments")) or "",
                )
            )

    async def _stream(
        self, prompt: Prompt, *, model: str, timeout: float
    ) -> AsyncGenerator[StreamEvent, None]:
        options: ChatCompletionStreamOptionsParam = {"include_usage": True}
        stream = await self._client.chat.completions.create(
            **self._body(prompt, model),
            stream=True,
            stream_options=options,
            extra_headers=_NO_AMBIENT_HEADERS,
            timeout=self.sdk_timeout(timeout),
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
                for choice in chunk.choices:
                    refusal.append(choice.delta.refusal or "")
                    for event in _choice_events(answer.draft(choice.index), choice):
                        yield event
        if not received_any:
            raise ProviderUnavailable(f"{self.vendor} ended the stream without any data")
        finish_reason = answer.draft().finish_reason
        self._raise_if_refused("".join(refusal), finish_reason)
        yield answer.completion(prompt, self.vendor)

    async def _embed(self, request: EmbeddingRequest, *, model: str, timeout: float) -> Embeddings:
        body: dict[str, Any] = {"model": model, "input": list(request.texts)}
        for name in ("dimensions", "user"):
            if (value := getattr(request, name)) is not None:
                body[name] = value
        response = await self._client.post(
            "/embeddings",
            body={**body, "encoding_format": "float"},
            options={
                "headers": _NO_AMBIENT_HEADERS,
                "timeout": self.sdk_timeout(timeout),
                "security": {"bearer_auth": True},
            },
            cast_to=httpx2.Response,
        )
        data = _object(from_json(response.content))
        items = sorted(
            (_object(item) for item in data.get("data") or []), key=lambda i: i.get("index", 0)
        )
        vectors = tuple(tuple(item.get("embedding") or ()) for item in items)
        if len(vectors) != len(request.texts):
            raise ProviderUnavailable(f"{self.vendor} returned {len(vectors)} embeddings")
        usage = _object(data.get("usage"))
        tokens = whole_number(usage.get("prompt_tokens"))
        return Embeddings(vectors, _text(data.get("model")) or model, Usage(input_tokens=tokens))

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
