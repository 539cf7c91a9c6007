"""The gateway's translation between OpenAI's Chat Completions shapes and Kazi's router.

A request's `model` names a task route (`kazi/chat`, ...); its messages become one
Prompt: system (and developer) messages its system text, the rest the user text, as
delimited turns when there is more than one. Answers and stream chunks are built as
plain dicts; they are small and serialised once.
"""

import base64
import binascii
import time
import uuid
from dataclasses import dataclass
from typing import Any

from kazi.domain import TaskType
from kazi.gateway.schemas import ChatRequest, ContentPart, Message, TextPart
from kazi.llm.types import Completion, GenerationOptions, ImagePart, Prompt, Usage

MODEL_PREFIX = "kazi/"
MODELS: dict[str, TaskType] = {f"{MODEL_PREFIX}{task.value}": task for task in TaskType}
MODELS_CREATED = 1_767_225_600  # 2026-01-01T00:00:00Z, a fixed date for /v1/models
IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})
_FINISH_REASONS = frozenset({"stop", "length", "content_filter", "tool_calls"})
_ROLE_TITLES = {"user": "User", "assistant": "Assistant"}


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
    ) -> None:
        super().__init__(message)
        self.status, self.message, self.type, self.code = status, message, type, code
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        return {"error": {"message": self.message, "type": self.type, "code": self.code}}


def task_for(model: str) -> TaskType:
    task = MODELS.get(model)
    if task is None:
        raise GatewayError(
            404,
            f"The model `{model[:100]}` does not exist. GET /v1/models lists the models.",
            code="model_not_found",
        )
    return task


def models_body() -> dict[str, Any]:
    return {
        "object": "list",
        "data": [
            {"id": name, "object": "model", "created": MODELS_CREATED, "owned_by": "kazi"}
            for name in MODELS
        ],
    }


def to_prompt(request: ChatRequest) -> Prompt:
    system: list[str] = []
    turns: list[tuple[str, str]] = []
    images: list[ImagePart] = []
    for message in request.messages:
        text, found = _read_content(message)
        if message.role in ("system", "developer"):
            if found:
                raise GatewayError(400, "Images are accepted in user messages only.")
            system.append(text)
            continue
        if found and message.role != "user":
            raise GatewayError(400, "Images are accepted in user messages only.")
        turns.append((message.role, text))
        images.extend(found)
    if not any(role == "user" for role, _ in turns):
        raise GatewayError(400, "The messages must include at least one user message.")
    options = GenerationOptions(request.temperature, request.token_limit)
    schema, schema_name = _schema(request)
    return Prompt(
        user=turns[0][1] if len(turns) == 1 else _transcript(turns),
        system="\n\n".join(system) if system else None,
        images=tuple(images),
        options=options,
        json_schema=schema,
        schema_name=schema_name,
    )


def _read_content(message: Message) -> tuple[str, list[ImagePart]]:
    content = message.content
    if content is None:
        return "", []
    if isinstance(content, str):
        return content, []
    texts = [part.text for part in content if isinstance(part, TextPart)]
    images = [_image(part) for part in content if not isinstance(part, TextPart)]
    return "\n".join(texts), images


def _image(part: ContentPart) -> ImagePart:
    assert not isinstance(part, TextPart)
    header, comma, data = part.image_url.url.partition(",")
    mime_type = header.removeprefix("data:").removesuffix(";base64")
    if not (comma and header.startswith("data:") and header.endswith(";base64")):
        raise GatewayError(400, "Images must be given as base64 data: URLs.")
    if mime_type not in IMAGE_TYPES:
        raise GatewayError(400, "Images must be PNG, JPEG, GIF or WebP.")
    try:
        return ImagePart(base64.b64decode(data, validate=True), mime_type)
    except (binascii.Error, ValueError):
        raise GatewayError(400, "An image's base64 data is not valid.") from None


def _transcript(turns: list[tuple[str, str]]) -> str:
    """The conversation, oldest turn first, each under a heading naming its speaker."""
    return "\n\n".join(f"### {_ROLE_TITLES[role]}\n{text}" for role, text in turns)


def _schema(request: ChatRequest) -> tuple[dict[str, Any] | None, str]:
    wanted = request.response_format
    if wanted is None or wanted.type == "text":
        return None, "result"
    if wanted.type == "json_object":
        return {"type": "object"}, "result"
    if wanted.json_schema is None:
        raise GatewayError(400, "response_format.json_schema is required for type json_schema.")
    return wanted.json_schema.schema_ or {"type": "object"}, wanted.json_schema.name


def completion_id() -> str:
    return f"chatcmpl-{uuid.uuid4().hex}"


def now_seconds() -> int:
    return int(time.time())


def finish_reason(completion: Completion) -> str:
    reason = (completion.finish_reason or "stop").lower()
    return reason if reason in _FINISH_REASONS else "stop"


def usage_body(usage: Usage) -> dict[str, Any]:
    return {
        "prompt_tokens": usage.input_tokens,
        "completion_tokens": usage.output_tokens,
        "total_tokens": usage.total_tokens,
        "prompt_tokens_details": {"cached_tokens": usage.cached_tokens},
    }


def completion_body(model: str, completion: Completion) -> dict[str, Any]:
    message = {"role": "assistant", "content": completion.text}
    choice = {"index": 0, "message": message, "finish_reason": finish_reason(completion)}
    return {
        "id": completion_id(),
        "object": "chat.completion",
        "created": now_seconds(),
        "model": model,
        "choices": [choice],
        "usage": usage_body(completion.usage),
    }


@dataclass(frozen=True)
class ChunkMaker:
    """The chunks of one streamed answer share its id, creation time and model."""

    id: str
    created: int
    model: str

    def chunk(self, delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        return self._envelope([{"index": 0, "delta": delta, "finish_reason": finish}])

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
