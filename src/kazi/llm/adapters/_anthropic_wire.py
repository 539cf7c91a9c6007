"""A Prompt in the Messages API's own types; what Claude has no equivalent for is refused.

Claude takes its instructions apart from the turns (`system`, kept as one block per
system or developer message), answers tool calls in user turns (`tool_result`
blocks) and asks for them in assistant turns (`tool_use` blocks).
"""

import json
from typing import Any, Literal, cast

from anthropic import Omit, omit
from anthropic.types import (
    ContentBlockParam,
    ImageBlockParam,
    MessageParam,
    MetadataParam,
    OutputConfigParam,
    TextBlockParam,
    ToolChoiceParam,
    ToolParam,
)

from kazi.llm.adapters._base import base64_text, instructions_first, refuse
from kazi.llm.errors import BadRequest
from kazi.llm.types import ContentPart, ImagePart, Message, NamedTool, Prompt, TextPart, Tool

VENDOR = "Anthropic"
# The Messages API requires a limit; this one fits every current model.
DEFAULT_MAX_TOKENS = 4096
_IMAGE_TYPES = ("image/jpeg", "image/png", "image/gif", "image/webp")
_MediaType = Literal["image/jpeg", "image/png", "image/gif", "image/webp"]
# Options this SDK's Messages API has no parameter for.
_UNSUPPORTED_OPTIONS = (
    "temperature",
    "top_p",
    "frequency_penalty",
    "presence_penalty",
    "logit_bias",
    "seed",
    "logprobs",
    "top_logprobs",
    "metadata",
)


def request_args(prompt: Prompt, model: str) -> dict[str, Any]:
    """The keyword arguments of `messages.create` for this prompt."""
    _refuse_unsupported(prompt)
    instructions, turns = instructions_first(VENDOR, prompt.messages)
    system: list[TextBlockParam] = [{"type": "text", "text": text} for text in instructions]
    return {
        "model": model,
        "max_tokens": prompt.options.token_limit or DEFAULT_MAX_TOKENS,
        # One instruction as plain text, several as one block each, in their order.
        "system": (system[0]["text"] if len(system) == 1 else system) or omit,
        "messages": _turns(turns),
        "output_config": _output_config(prompt),
        "tools": [_tool(tool) for tool in prompt.tools] or omit,
        "tool_choice": _tool_choice(prompt),
        "stop_sequences": list(prompt.options.stop) or omit,
        "metadata": _metadata(prompt),
    }


def _refuse_unsupported(prompt: Prompt) -> None:
    options = prompt.options
    for name in _UNSUPPORTED_OPTIONS:
        if getattr(options, name) is not None:
            raise refuse(VENDOR, name)
    if options.n is not None and options.n != 1:
        raise refuse(VENDOR, "n", "returns one answer per request")
    if prompt.json_object:
        raise refuse(VENDOR, "response_format", "takes a json_schema, not json_object")


def _turns(messages: list[Message]) -> list[MessageParam]:
    """Consecutive messages of one side become one turn (tool results with the user's)."""
    turns: list[MessageParam] = []
    for message in messages:
        role: Literal["user", "assistant"] = "assistant" if message.role == "assistant" else "user"
        blocks = _blocks(message)
        if turns and turns[-1]["role"] == role:
            cast(list[ContentBlockParam], turns[-1]["content"]).extend(blocks)
        else:
            turns.append(cast(MessageParam, {"role": role, "content": blocks}))
    return turns


def _blocks(message: Message) -> list[ContentBlockParam]:
    if message.role == "tool":
        return [
            {
                "type": "tool_result",
                "tool_use_id": message.tool_call_id or "",
                "content": message.text,
            }
        ]
    parts = (TextPart(message.content),) if isinstance(message.content, str) else message.content
    blocks = [_block(part) for part in parts if not (isinstance(part, TextPart) and not part.text)]
    for call in message.tool_calls:
        blocks.append(
            {
                "type": "tool_use",
                "id": call.id,
                "name": call.name,
                "input": _arguments(call.name, call.arguments),
            }
        )
    return blocks


def _arguments(name: str, arguments: str) -> dict[str, Any]:
    try:
        value = json.loads(arguments or "{}")
    except ValueError:
        value = None
    if not isinstance(value, dict):
        raise BadRequest(f"The arguments of the tool call to `{name}` are not a JSON object.")
    return value


def _block(part: ContentPart) -> ContentBlockParam:
    if isinstance(part, TextPart):
        return {"type": "text", "text": part.text}
    return image_block(part)


def image_block(image: ImagePart) -> ImageBlockParam:
    if image.detail not in (None, "auto"):
        raise refuse(VENDOR, "image_url.detail")
    if image.url is not None:
        return {"type": "image", "source": {"type": "url", "url": image.url}}
    if image.mime_type not in _IMAGE_TYPES:
        raise BadRequest(f"Claude accepts JPEG, PNG, GIF or WebP images, not {image.mime_type}")
    media_type = cast(_MediaType, image.mime_type)
    return {
        "type": "image",
        "source": {"type": "base64", "media_type": media_type, "data": base64_text(image)},
    }


def _tool(tool: Tool) -> ToolParam:
    schema = dict(tool.parameters or {"type": "object", "properties": {}})
    param: ToolParam = {"name": tool.name, "input_schema": cast(Any, schema)}
    if tool.description is not None:
        param["description"] = tool.description
    if tool.strict is not None:
        param["strict"] = tool.strict
    return param


def _tool_choice(prompt: Prompt) -> ToolChoiceParam | Omit:
    choice, parallel = prompt.tool_choice, prompt.options.parallel_tool_calls
    if choice is None and parallel is None:
        return omit
    if isinstance(choice, NamedTool):
        wire: dict[str, Any] = {"type": "tool", "name": choice.name}
    elif choice == "required":
        wire = {"type": "any"}
    else:
        wire = {"type": choice or "auto"}
    if parallel is not None and wire["type"] != "none":
        wire["disable_parallel_tool_use"] = not parallel
    return cast(ToolChoiceParam, wire)


def _output_config(prompt: Prompt) -> OutputConfigParam | Omit:
    # Native structured output rather than a forced tool call: decoding is constrained
    # to the schema (strict or not), the JSON arrives as ordinary text.
    if prompt.json_schema is None:
        return omit
    return {"format": {"type": "json_schema", "schema": dict(prompt.json_schema)}}


def _metadata(prompt: Prompt) -> MetadataParam | Omit:
    user = prompt.options.user
    return {"user_id": user} if user is not None else omit
