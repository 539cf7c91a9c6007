"""A Prompt in the google-genai SDK's own types; what Gemini has no equivalent for is refused.

Gemini takes its instructions apart from the turns (`system_instruction`), calls the
assistant `model`, and answers a function call with a `function_response` part that
names the function (found through the call's id).
"""

import json
import mimetypes
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from google.genai import types

from kazi.llm.adapters._base import instructions_first, refuse
from kazi.llm.errors import BadRequest
from kazi.llm.types import ContentPart, ImagePart, Message, NamedTool, Prompt, TextPart, Tool

VENDOR = "Gemini"
_UNSUPPORTED_OPTIONS = ("logit_bias", "user", "metadata", "parallel_tool_calls")
_RESOLUTIONS = {
    "low": types.PartMediaResolutionLevel.MEDIA_RESOLUTION_LOW,
    "high": types.PartMediaResolutionLevel.MEDIA_RESOLUTION_HIGH,
}
_MODES = {
    "auto": types.FunctionCallingConfigMode.AUTO,
    "none": types.FunctionCallingConfigMode.NONE,
    "required": types.FunctionCallingConfigMode.ANY,
}


def contents(prompt: Prompt) -> list[types.Content]:
    _instructions, turns = instructions_first(VENDOR, prompt.messages)
    names = {call.id: call.name for message in turns for call in message.tool_calls}
    return [_content(message, names) for message in turns]


def config(prompt: Prompt, timeout: float) -> types.GenerateContentConfig:
    _refuse_unsupported(prompt)
    options = prompt.options
    return types.GenerateContentConfig(
        system_instruction=_system(prompt),
        temperature=options.temperature,
        top_p=options.top_p,
        max_output_tokens=options.token_limit,
        stop_sequences=list(options.stop) or None,
        seed=options.seed,
        presence_penalty=options.presence_penalty,
        frequency_penalty=options.frequency_penalty,
        candidate_count=options.n,
        response_logprobs=options.logprobs,
        logprobs=options.top_logprobs,
        response_mime_type="application/json" if prompt.wants_json else None,
        response_json_schema=dict(prompt.json_schema) if prompt.json_schema else None,
        tools=[_tools(prompt.tools)] if prompt.tools else None,
        tool_config=_tool_config(prompt),
        http_options=types.HttpOptions(timeout=max(1, round(timeout * 1000))),
        # Both would send further requests behind our back; one call is one request.
        automatic_function_calling=types.AutomaticFunctionCallingConfig(disable=True),
        automatic_continuation=False,
    )


def _refuse_unsupported(prompt: Prompt) -> None:
    for name in _UNSUPPORTED_OPTIONS:
        if getattr(prompt.options, name) is not None:
            raise refuse(VENDOR, name)
    if any(tool.strict for tool in prompt.tools):
        raise refuse(VENDOR, "tools[].function.strict", "has no strict function schemas")


def _system(prompt: Prompt) -> types.Content | None:
    instructions, _turns = instructions_first(VENDOR, prompt.messages)
    return types.Content(parts=[types.Part(text=t) for t in instructions]) if instructions else None


def _content(message: Message, names: dict[str, str]) -> types.Content:
    if message.role == "tool":
        call_id = message.tool_call_id or ""
        if call_id not in names:
            raise BadRequest(f"The tool message answers `{call_id}`, which no tool call made.")
        response = types.FunctionResponse(
            id=call_id, name=names[call_id], response={"result": message.text}
        )
        return types.Content(role="user", parts=[types.Part(function_response=response)])
    content = (TextPart(message.content),) if isinstance(message.content, str) else message.content
    parts = [_part(part) for part in content if not (isinstance(part, TextPart) and not part.text)]
    for call in message.tool_calls:
        function_call = types.FunctionCall(id=call.id, name=call.name, args=_args(call.arguments))
        parts.append(types.Part(function_call=function_call))
    return types.Content(role="model" if message.role == "assistant" else "user", parts=parts)


def _args(arguments: str) -> dict[str, Any]:
    try:
        value = json.loads(arguments or "{}")
    except ValueError:
        value = None
    if not isinstance(value, dict):
        raise BadRequest("The arguments of a tool call are not a JSON object.")
    return value


def _part(part: ContentPart) -> types.Part:
    if isinstance(part, TextPart):
        return types.Part(text=part.text)
    return image_part(part)


def image_part(image: ImagePart) -> types.Part:
    resolution = _resolution(image.detail)
    if image.url is None:
        part = types.Part.from_bytes(data=image.data, mime_type=image.mime_type)
    else:
        mime_type = mimetypes.guess_type(urlsplit(image.url).path)[0]
        if mime_type is None or not mime_type.startswith("image/"):
            raise BadRequest("Gemini needs an image URL whose path ends in its file type.")
        part = types.Part(file_data=types.FileData(file_uri=image.url, mime_type=mime_type))
    if resolution is not None:
        part.media_resolution = types.PartMediaResolution(level=resolution)
    return part


def _resolution(detail: str | None) -> types.PartMediaResolutionLevel | None:
    if detail in (None, "auto"):
        return None
    if detail not in _RESOLUTIONS:
        raise BadRequest(f"image_url.detail must be low, high or auto, not {detail!r}.")
    return _RESOLUTIONS[detail]


def _tools(tools: Iterable[Tool]) -> types.Tool:
    return types.Tool(
        function_declarations=[
            types.FunctionDeclaration(
                name=tool.name,
                description=tool.description,
                parameters_json_schema=dict(tool.parameters) if tool.parameters else None,
            )
            for tool in tools
        ]
    )


def _tool_config(prompt: Prompt) -> types.ToolConfig | None:
    choice = prompt.tool_choice
    if choice is None:
        return None
    if isinstance(choice, NamedTool):
        calling = types.FunctionCallingConfig(
            mode=types.FunctionCallingConfigMode.ANY, allowed_function_names=[choice.name]
        )
    else:
        calling = types.FunctionCallingConfig(mode=_MODES[choice])
    return types.ToolConfig(function_calling_config=calling)


def openai_logprobs(result: types.LogprobsResult | None) -> dict[str, Any] | None:
    """Gemini's log-probabilities in OpenAI's `choices[].logprobs` shape."""
    if result is None or not result.chosen_candidates:
        return None
    tops = result.top_candidates or []
    content = []
    for position, chosen in enumerate(result.chosen_candidates):
        alternatives = tops[position].candidates or [] if position < len(tops) else []
        content.append(
            {
                "token": chosen.token or "",
                "logprob": chosen.log_probability or 0.0,
                "bytes": None,
                "top_logprobs": [
                    {"token": c.token or "", "logprob": c.log_probability or 0.0, "bytes": None}
                    for c in alternatives
                ],
            }
        )
    return {"content": content}
