"""The vendor-neutral values that cross the provider boundary."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class ImagePart:
    """An image sent with the prompt: raw bytes and their MIME type (image/png, ...)."""

    data: bytes
    mime_type: str


@dataclass(frozen=True, slots=True)
class GenerationOptions:
    temperature: float | None = None
    max_tokens: int | None = None


@dataclass(frozen=True, slots=True)
class Prompt:
    """One request to a model.

    `json_schema`, when set, asks for structured output matching that JSON schema;
    the completion then carries the parsed value in `parsed`.
    """

    user: str
    system: str | None = None
    images: tuple[ImagePart, ...] = ()
    options: GenerationOptions = field(default_factory=GenerationOptions)
    json_schema: Mapping[str, Any] | None = None
    schema_name: str = "result"


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
class Completion:
    text: str
    model: str
    usage: Usage
    parsed: Any = None
    request_id: str | None = None
    finish_reason: str | None = None


@dataclass(frozen=True, slots=True)
class TextDelta:
    """A piece of streamed text; a stream ends with one Completion carrying the usage."""

    text: str
