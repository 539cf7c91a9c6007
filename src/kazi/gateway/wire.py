"""The gateway's translation between OpenAI's Chat Completions shapes and Kazi's router.

A request's `model` names a task route (`kazi/chat`, ...); the request becomes one
Prompt that keeps every message with its role, the tools and the options, for the
adapter to pass on or refuse. Answers and stream chunks are built as plain dicts;
they are small and serialised once.
"""

import base64
import binascii
import struct
import time
import uuid
from dataclasses import dataclass
from typing import Any

from kazi.enums import TaskType
from kazi.gateway.aliases import MODEL_PREFIX
from kazi.gateway.schemas import (
    ChatRequest,
    ContentPart,
    Message,
    NamedToolChoice,
    TextPart,
    ToolSpec,
)
from kazi.llm import types
from kazi.llm.types import Choice, Completion, Embeddings, GenerationOptions, Prompt, Usage

MODELS: dict[str, TaskType] = {f"{MODEL_PREFIX}{task.value}": task for task in TaskType}
MODELS_CREATED = 1_767_225_600  # 2026-01-01T00:00:00Z, a fixed date for /v1/models
IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})
_FINISH_REASONS = frozenset({"stop", "length", "content_filter", "tool_calls"})


class GatewayError(Exception):
    """An error answered in OpenAI's shape: {"error": {"message", "type", "code"}}."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        type: str = "invalid_request_error",
        code: str | None = None,
        headers: dict[str, str] | None = None,
        param: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.message, self.type, self.code = status, message, type, code
        self.headers = headers or {}
        self.param = param

    def body(self) -> dict[str, Any]:
        error = {"message": self.message, "type": self.type, "param": self.param}
        return {"error": {**error, "code": self.code}}


def task_for(model: str, aliases: dict[str, TaskType]) -> TaskType:
    task = MODELS.get(model) or aliases.get(model)
    if task is None:
        raise GatewayError(
            404,
            f"The model `{model[:100]}` does not exist. GET /v1/models lists the models.",
            code="model_not_found",
            param="model",
        )
    return task


def task_for_endpoint(model: str, aliases: dict[str, TaskType], embedding: bool) -> TaskType:
    """The task a chat completion (any but embedding) or an embedding request names."""
    task = task_for(model, aliases)
    if (task is TaskType.EMBEDDING) != embedding:
        wanted = "/v1/embeddings" if task is TaskType.EMBEDDING else "/v1/chat/completions"
        raise GatewayError(400, f"The model `{model[:100]}` is served at {wanted}.", param="model")
    return task


def embeddings_body(model: str, embeddings: Embeddings, base64_floats: bool) -> dict[str, Any]:
    data = [
        {"object": "embedding", "index": index, "embedding": _vector(vector, base64_floats)}
        for index, vector in enumerate(embeddings.vectors)
    ]
    tokens = embeddings.usage.input_tokens
    usage = {"prompt_tokens": tokens, "total_tokens": tokens}
    return {"object": "list", "data": data, "model": model, "usage": usage}


def _vector(vector: tuple[float, ...], base64_floats: bool) -> list[float] | str:
    """As floats, or as OpenAI's base64 of little-endian float32 (the SDK's default)."""
    if not base64_floats:
        return list(vector)
    return base64.b64encode(struct.pack(f"<{len(vector)}f", *vector)).decode("ascii")


def model_body(name: str, task: TaskType) -> dict[str, Any]:
    """A model as OpenAI lists it; an alias is owned by the route it stands for."""
    route = f"{MODEL_PREFIX}{task.value}"
    owner = "kazi" if name == route else route
    return {"id": name, "object": "model", "created": MODELS_CREATED, "owned_by": owner}


def models_body(aliases: dict[str, TaskType]) -> dict[str, Any]:
    named = {**MODELS, **aliases}
    return {"object": "list", "data": [model_body(name, task) for name, task in named.items()]}


def to_prompt(request: ChatRequest) -> Prompt:
    """The request as one Prompt: every message, tool and option as the caller gave it."""
    messages = tuple(_message(message) for message in request.messages)
    if not any(message.role == "user" for message in messages):
        raise GatewayError(400, "The messages must include at least one user message.")
    schema, name, strict = _schema(request)
    return Prompt(
        options=_options(request),
        json_schema=schema,
        schema_name=name,
        messages=messages,
        schema_strict=strict,
        json_object=bool(request.response_format and request.response_format.type == "json_object"),
        tools=tuple(_tool(spec) for spec in request.tools or ()),
        tool_choice=_tool_choice(request),
    )


def _options(request: ChatRequest) -> GenerationOptions:
    stop = request.stop
    return GenerationOptions(
        temperature=request.temperature,
        max_tokens=request.max_tokens,
        max_completion_tokens=request.max_completion_tokens,
        top_p=request.top_p,
        frequency_penalty=request.frequency_penalty,
        presence_penalty=request.presence_penalty,
        logit_bias=request.logit_bias,
        seed=request.seed,
        stop=(stop,) if isinstance(stop, str) else tuple(stop or ()),
        n=request.n,
        logprobs=request.logprobs,
        top_logprobs=request.top_logprobs,
        parallel_tool_calls=request.parallel_tool_calls,
        user=request.user,
        metadata=request.metadata,
    )


def _message(message: Message) -> types.Message:
    content = message.content
    parts: str | tuple[types.ContentPart, ...]
    if content is None or isinstance(content, str):
        parts = content or ""
    else:
        parts = tuple(_part(part) for part in content)
    if message.role != "user" and any(isinstance(p, types.ImagePart) for p in parts):
        raise GatewayError(400, "Images are accepted in user messages only.")
    if message.role == "tool" and not message.tool_call_id:
        raise GatewayError(400, "A tool message needs the tool_call_id it answers.")
    calls = tuple(
        types.ToolCall(call.id, call.function.name, call.function.arguments)
        for call in message.tool_calls or ()
    )
    if calls and message.role != "assistant":
        raise GatewayError(400, "Only assistant messages carry tool_calls.")
    return types.Message(message.role, parts, calls, message.tool_call_id, message.name)


def _part(part: ContentPart) -> types.ContentPart:
    if isinstance(part, TextPart):
        return types.TextPart(part.text)
    url, detail = part.image_url.url, part.image_url.detail
    if url.startswith(("https://", "http://")):
        return types.ImagePart(url=url, detail=detail)
    header, comma, data = url.partition(",")
    mime_type = header.removeprefix("data:").removesuffix(";base64")
    if not (comma and header.startswith("data:") and header.endswith(";base64")):
        raise GatewayError(400, "Images must be http(s) URLs or base64 data: URLs.")
    if mime_type not in IMAGE_TYPES:
        raise GatewayError(400, "Images must be PNG, JPEG, GIF or WebP.")
    try:
        return types.ImagePart(base64.b64decode(data, validate=True), mime_type, detail=detail)
    except (binascii.Error, ValueError):
        raise GatewayError(400, "An image's base64 data is not valid.") from None


def _tool(spec: ToolSpec) -> types.Tool:
    function = spec.function
    return types.Tool(function.name, function.description, function.parameters, function.strict)


def _tool_choice(request: ChatRequest) -> types.ToolMode | types.NamedTool | None:
    choice = request.tool_choice
    if isinstance(choice, NamedToolChoice):
        return types.NamedTool(choice.function.name)
    return choice


def _schema(request: ChatRequest) -> tuple[dict[str, Any] | None, str, bool | None]:
    wanted = request.response_format
    if wanted is None or wanted.type != "json_schema":
        return None, "result", None
    if wanted.json_schema is None:
        raise GatewayError(400, "response_format.json_schema is required for type json_schema.")
    spec = wanted.json_schema
    return spec.schema_ or {"type": "object"}, spec.name, spec.strict


def completion_id() -> str:
    return f"chatcmpl-{uuid.uuid4().hex}"


def now_seconds() -> int:
    return int(time.time())


def finish_reason(reason: str | None) -> str:
    reason = (reason or "stop").lower()
    return reason if reason in _FINISH_REASONS else "stop"


def usage_body(usage: Usage) -> dict[str, Any]:
    return {
        "prompt_tokens": usage.input_tokens,
        "completion_tokens": usage.output_tokens,
        "total_tokens": usage.total_tokens,
        "prompt_tokens_details": {"cached_tokens": usage.cached_tokens},
    }


def tool_calls_body(calls: tuple[types.ToolCall, ...]) -> list[dict[str, Any]]:
    return [
        {"id": c.id, "type": "function", "function": {"name": c.name, "arguments": c.arguments}}
        for c in calls
    ]


def _choice_body(choice: Choice) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": choice.text, "refusal": None}
    if choice.tool_calls:
        message["tool_calls"] = tool_calls_body(choice.tool_calls)
        message["content"] = choice.text or None
    return {
        "index": choice.index,
        "message": message,
        "logprobs": choice.logprobs,
        "finish_reason": finish_reason(choice.finish_reason),
    }


def completion_body(model: str, completion: Completion) -> dict[str, Any]:
    return {
        "id": completion_id(),
        "object": "chat.completion",
        "created": now_seconds(),
        "model": model,
        "choices": [_choice_body(choice) for choice in completion.all_choices()],
        "usage": usage_body(completion.usage),
    }


@dataclass(frozen=True)
class ChunkMaker:
    """The chunks of one streamed answer share its id, creation time and model."""

    id: str
    created: int
    model: str

    def chunk(
        self,
        delta: dict[str, Any],
        finish: str | None = None,
        index: int = 0,
        logprobs: Any = None,
    ) -> dict[str, Any]:
        choice = {"index": index, "delta": delta, "logprobs": logprobs, "finish_reason": finish}
        return self._envelope([choice])

    def usage_chunk(self, usage: Usage) -> dict[str, Any]:
        return {**self._envelope([]), "usage": usage_body(usage)}

    def _envelope(self, choices: list[dict[str, Any]]) -> dict[str, Any]:
        return {
            "id": self.id,
            "object": "chat.completion.chunk",
            "created": self.created,
            "model": self.model,
            "choices": choices,
        }
