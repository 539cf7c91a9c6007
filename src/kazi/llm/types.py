"""The vendor-neutral values that cross the provider boundary.

A Prompt is a conversation: messages with their roles and turns (system, developer,
user, assistant with tool calls, tool results), the tools the model may call, the
sampling options and the output format. Each adapter translates it whole into its
vendor's wire format, or refuses with `BadRequest` naming what the vendor lacks.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Role = Literal["system", "developer", "user", "assistant", "tool"]
ToolMode = Literal["auto", "none", "required"]


@dataclass(frozen=True, slots=True)
class ImagePart:
    """An image: raw bytes and their MIME type (image/png, ...), or an http(s) `url`
    the vendor fetches itself. `detail` is OpenAI's low/high/auto hint, as given."""

    data: bytes = b""
    mime_type: str = ""
    url: str | None = None
    detail: str | None = None


@dataclass(frozen=True, slots=True)
class TextPart:
    text: str


ContentPart = TextPart | ImagePart


@dataclass(frozen=True, slots=True)
class ToolCall:
    """A call the model asked for; `arguments` is the JSON text as the model wrote it."""

    id: str
    name: str
    arguments: str


@dataclass(frozen=True, slots=True)
class Message:
    role: Role
    content: str | tuple[ContentPart, ...] = ""
    tool_calls: tuple[ToolCall, ...] = ()
    tool_call_id: str | None = None  # a tool message: which call it answers
    name: str | None = None

    @property
    def text(self) -> str:
        if isinstance(self.content, str):
            return self.content
        return "\n".join(part.text for part in self.content if isinstance(part, TextPart))

    @property
    def images(self) -> tuple[ImagePart, ...]:
        if isinstance(self.content, str):
            return ()
        return tuple(part for part in self.content if isinstance(part, ImagePart))


@dataclass(frozen=True, slots=True)
class Tool:
    """A function the model may call; `parameters` is its JSON schema."""

    name: str
    description: str | None = None
    parameters: Mapping[str, Any] | None = None
    strict: bool | None = None


@dataclass(frozen=True, slots=True)
class NamedTool:
    """A tool choice that forces one named function."""

    name: str


@dataclass(frozen=True, slots=True)
class GenerationOptions:
    """Sampling and output options; None (or empty) means: the vendor's default.

    `max_tokens` and `max_completion_tokens` are kept apart because clients mean one
    or the other: OpenAI adapters send each under the name it was given.
    """

    temperature: float | None = None
    max_tokens: int | None = None
    max_completion_tokens: int | None = None
    top_p: float | None = None
    frequency_penalty: float | None = None
    presence_penalty: float | None = None
    logit_bias: Mapping[str, float] | None = None
    seed: int | None = None
    stop: tuple[str, ...] = ()
    n: int | None = None
    logprobs: bool | None = None
    top_logprobs: int | None = None
    parallel_tool_calls: bool | None = None
    user: str | None = None
    metadata: Mapping[str, str] | None = None

    @property
    def token_limit(self) -> int | None:
        return self.max_completion_tokens or self.max_tokens


@dataclass(frozen=True, slots=True, init=False)
class Prompt:
    """One request to a model.

    Built either from plain text (`Prompt(user, system, images, ...)`, Kazi's own tasks)
    or from a conversation (`Prompt(messages=...)`, the gateway). `json_schema`, when
    set, asks for structured output matching that schema (`schema_strict` as given);
    `json_object` asks for any JSON object. The completion then carries the parsed
    value in `parsed`.
    """

    messages: tuple[Message, ...]
    options: GenerationOptions
    json_schema: Mapping[str, Any] | None
    schema_name: str
    schema_strict: bool | None
    json_object: bool
    tools: tuple[Tool, ...]
    tool_choice: ToolMode | NamedTool | None

    def __init__(
        self,
        user: str | None = None,
        system: str | None = None,
        images: tuple[ImagePart, ...] = (),
        options: GenerationOptions | None = None,
        json_schema: Mapping[str, Any] | None = None,
        schema_name: str = "result",
        *,
        messages: tuple[Message, ...] = (),
        schema_strict: bool | None = None,
        json_object: bool = False,
        tools: tuple[Tool, ...] = (),
        tool_choice: ToolMode | NamedTool | None = None,
    ) -> None:
        if not messages:
            messages = _text_messages(user or "", system, images)
        assign = object.__setattr__
        assign(self, "messages", tuple(messages))
        assign(self, "options", options or GenerationOptions())
        assign(self, "json_schema", json_schema)
        assign(self, "schema_name", schema_name)
        assign(self, "schema_strict", schema_strict)
        assign(self, "json_object", json_object)
        assign(self, "tools", tuple(tools))
        assign(self, "tool_choice", tool_choice)

    @property
    def user(self) -> str:
        """The text of the last user message."""
        users = [m for m in self.messages if m.role == "user"]
        return users[-1].text if users else ""

    @property
    def system(self) -> str | None:
        """The system and developer texts, for callers that only want the instructions."""
        texts = [m.text for m in self.messages if m.role in ("system", "developer")]
        return "\n\n".join(texts) if texts else None

    @property
    def images(self) -> tuple[ImagePart, ...]:
        return tuple(image for m in self.messages for image in m.images)

    @property
    def wants_json(self) -> bool:
        return self.json_object or self.json_schema is not None

    def with_options(self, options: GenerationOptions) -> "Prompt":
        return Prompt(
            options=options,
            json_schema=self.json_schema,
            schema_name=self.schema_name,
            messages=self.messages,
            schema_strict=self.schema_strict,
            json_object=self.json_object,
            tools=self.tools,
            tool_choice=self.tool_choice,
        )


def _text_messages(
    user: str, system: str | None, images: tuple[ImagePart, ...]
) -> tuple[Message, ...]:
    messages = [Message("system", system)] if system else []
    content: str | tuple[ContentPart, ...] = (TextPart(user), *images) if images else user
    messages.append(Message("user", content))
    return tuple(messages)


@dataclass(frozen=True, slots=True)
class Usage:
    """Tokens as the vendor reported them, normalised across vendors.

    `input_tokens` counts every prompt token, cached ones included; `cached_tokens`
    is the part of it read from the vendor's prompt cache. `estimated` is True only
    when the vendor reported nothing and a local tokenizer counted instead.
    """

    input_tokens: int = 0
    output_tokens: int = 0
    cached_tokens: int = 0
    estimated: bool = False

    @property
    def total_tokens(self) -> int:
        return self.input_tokens + self.output_tokens


@dataclass(frozen=True, slots=True)
class Choice:
    """One of the answers to a prompt (several when `n` > 1)."""

    index: int
    text: str
    tool_calls: tuple[ToolCall, ...] = ()
    finish_reason: str | None = None
    logprobs: Any = None  # the vendor's log-probabilities, in OpenAI's shape


@dataclass(frozen=True, slots=True)
class Completion:
    """The answer; `text` and `finish_reason` are the first choice's."""

    text: str
    model: str
    usage: Usage
    parsed: Any = None
    request_id: str | None = None
    finish_reason: str | None = None
    choices: tuple[Choice, ...] = field(default=())

    def all_choices(self) -> tuple[Choice, ...]:
        return self.choices or (Choice(0, self.text, (), self.finish_reason),)


@dataclass(frozen=True, slots=True)
class TextDelta:
    """A piece of streamed text of choice `index`; a stream ends with one Completion
    carrying the usage."""

    text: str
    index: int = 0
    logprobs: Any = None


@dataclass(frozen=True, slots=True)
class ToolCallDelta:
    """A piece of a streamed tool call: `position` is the call's place in its choice;
    the first piece carries the id and name, the rest more of the arguments."""

    index: int
    position: int
    id: str | None = None
    name: str | None = None
    arguments: str = ""


@dataclass(frozen=True, slots=True)
class EmbeddingRequest:
    """Texts to embed; `dimensions` and `user` as the caller gave them (None: not sent)."""

    texts: tuple[str, ...]
    dimensions: int | None = None
    user: str | None = None


@dataclass(frozen=True, slots=True)
class Embeddings:
    """One vector per text, in order."""

    vectors: tuple[tuple[float, ...], ...]
    model: str
    usage: Usage


Delta = TextDelta | ToolCallDelta
StreamEvent = TextDelta | ToolCallDelta | Completion
