"""The OpenAI Chat Completions request, as far as Kazi honours it.

Fields Kazi does not use (tools, logprobs, user, seed, ...) are ignored rather than
refused, as OpenAI-compatible servers commonly do; nothing in a request can choose
the vendor, its address or its key: the `model` names a Kazi task route.
"""

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

_LENIENT = ConfigDict(extra="ignore")


class ImageUrl(BaseModel):
    model_config = _LENIENT

    url: Annotated[str, Field(min_length=1)]


class TextPart(BaseModel):
    model_config = _LENIENT

    type: Literal["text"]
    text: str


class ImageUrlPart(BaseModel):
    model_config = _LENIENT

    type: Literal["image_url"]
    image_url: ImageUrl


ContentPart = Annotated[TextPart | ImageUrlPart, Field(discriminator="type")]


class Message(BaseModel):
    model_config = _LENIENT

    # "developer" is OpenAI's newer name for the system role.
    role: Literal["system", "developer", "user", "assistant"]
    content: str | list[ContentPart] | None = None


class JsonSchemaSpec(BaseModel):
    model_config = _LENIENT

    name: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")] = "result"
    schema_: Annotated[dict[str, Any], Field(alias="schema")] = Field(default_factory=dict)


class ResponseFormat(BaseModel):
    model_config = _LENIENT

    type: Literal["text", "json_object", "json_schema"]
    json_schema: JsonSchemaSpec | None = None


class StreamOptions(BaseModel):
    model_config = _LENIENT

    include_usage: bool = False


class ChatRequest(BaseModel):
    model_config = _LENIENT

    model: Annotated[str, Field(min_length=1, max_length=200)]
    messages: Annotated[list[Message], Field(min_length=1, max_length=1000)]
    temperature: Annotated[float, Field(ge=0, le=2)] | None = None
    max_tokens: Annotated[int, Field(ge=1, le=1_000_000)] | None = None
    max_completion_tokens: Annotated[int, Field(ge=1, le=1_000_000)] | None = None
    n: Annotated[int, Field(ge=1, le=1)] | None = None
    stream: bool | None = False
    stream_options: StreamOptions | None = None
    response_format: ResponseFormat | None = None

    @property
    def token_limit(self) -> int | None:
        return self.max_completion_tokens or self.max_tokens

    @property
    def wants_usage_chunk(self) -> bool:
        return bool(self.stream_options and self.stream_options.include_usage)
