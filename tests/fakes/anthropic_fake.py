"""A fake of Anthropic's Messages API."""

from collections.abc import AsyncIterator
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from .script import (
    BROKEN_SSE_EVENT,
    Endpoint,
    FakeVendor,
    RecordedRequest,
    Reply,
    bearer_token,
    error_response,
    malformed_json_response,
    sse_event,
)

UNAUTHORISED = Reply(status=401, error_message="invalid x-api-key")
_ERROR_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    429: "rate_limit_error",
    529: "overloaded_error",
}


def _error_body(reply: Reply) -> dict[str, Any]:
    kind = _ERROR_TYPES.get(reply.status, "api_error")
    error = {"type": kind, "message": reply.error_message}
    return {"type": "error", "error": error, "request_id": reply.request_id}


def _api_key(recorded: RecordedRequest) -> str | None:
    # The 2026 SDKs send a bearer token; older clients send x-api-key, which wins.
    return recorded.headers.get("x-api-key") or bearer_token(recorded.headers)


def _usage(reply: Reply) -> dict[str, Any]:
    # Anthropic's input_tokens excludes the tokens read from or written to the cache.
    uncached = reply.input_tokens - reply.cached_tokens - reply.cache_write_tokens
    return {
        "input_tokens": uncached,
        "output_tokens": reply.output_tokens,
        "cache_read_input_tokens": reply.cached_tokens,
        "cache_creation_input_tokens": reply.cache_write_tokens,
    }


def _stop_reason(reply: Reply) -> str:
    return "refusal" if reply.refusal else "tool_use" if reply.tool_calls else "end_turn"


def _content(reply: Reply) -> list[dict[str, Any]]:
    if reply.refusal:
        return []
    blocks: list[dict[str, Any]] = []
    if not reply.tool_calls:
        blocks.append({"type": "text", "text": reply.answer_text})
    for call in reply.tool_calls:
        block = {"type": "tool_use", "id": call.id, "name": call.name}
        blocks.append({**block, "input": dict(call.arguments)})
    return blocks


def _tool_use_events(reply: Reply) -> list[str]:
    events = []
    for index, call in enumerate(reply.tool_calls, start=1):
        block = {"type": "tool_use", "id": call.id, "name": call.name, "input": {}}
        start = {"type": "content_block_start", "index": index, "content_block": block}
        events.append(sse_event(start, "content_block_start"))
        for piece in call.argument_pieces():
            delta = {"type": "input_json_delta", "partial_json": piece}
            event = {"type": "content_block_delta", "index": index, "delta": delta}
            events.append(sse_event(event, "content_block_delta"))
        events.append(
            sse_event({"type": "content_block_stop", "index": index}, "content_block_stop")
        )
    return events


def _message(reply: Reply, recorded: RecordedRequest, content: list[Any]) -> dict[str, Any]:
    message = {
        "id": "msg_fake",
        "type": "message",
        "role": "assistant",
        "model": reply.model or recorded.body.get("model", "unknown"),
        "content": content,
        "stop_reason": _stop_reason(reply),
        "stop_sequence": None,
    }
    return message if reply.omit_usage else {**message, "usage": _usage(reply)}


async def _events(reply: Reply, recorded: RecordedRequest) -> AsyncIterator[str]:
    start = {**_message(reply, recorded, []), "stop_reason": None}
    if not reply.omit_usage:
        start["usage"] = {**_usage(reply), "output_tokens": 1}
    yield sse_event({"type": "message_start", "message": start}, "message_start")
    block = {
        "type": "content_block_start",
        "index": 0,
        "content_block": {"type": "text", "text": ""},
    }
    yield sse_event(block, "content_block_start")
    yield sse_event({"type": "ping"}, "ping")
    if reply.malformed:
        yield "event: content_block_delta\n" + BROKEN_SSE_EVENT
        return
    for piece in [] if reply.refusal or reply.tool_calls else reply.pieces():
        delta = {
            "type": "content_block_delta",
            "index": 0,
            "delta": {"type": "text_delta", "text": piece},
        }
        yield sse_event(delta, "content_block_delta")
    yield sse_event({"type": "content_block_stop", "index": 0}, "content_block_stop")
    for event in _tool_use_events(reply):
        yield event
    stop = {"stop_reason": _stop_reason(reply), "stop_sequence": None}
    delta_event: dict[str, Any] = {"type": "message_delta", "delta": stop}
    if not reply.omit_usage:
        delta_event["usage"] = {"output_tokens": reply.output_tokens}
    yield sse_event(delta_event, "message_delta")
    yield sse_event({"type": "message_stop"}, "message_stop")


def messages(vendor: FakeVendor) -> Endpoint:
    async def endpoint(request: Request) -> Response:
        recorded, reply = await vendor.receive(request)
        if not vendor.accepts(_api_key(recorded)):
            return error_response(UNAUTHORISED, _error_body(UNAUTHORISED))
        if reply.raw_body is not None:
            return error_response(reply, reply.raw_body)
        if reply.status >= 400:
            return error_response(reply, _error_body(reply))
        headers = {"request-id": reply.request_id, **reply.headers}
        if recorded.body.get("stream"):
            events = _events(reply, recorded)
            return StreamingResponse(events, media_type="text/event-stream", headers=headers)
        if reply.malformed:
            return malformed_json_response(reply)
        return JSONResponse(_message(reply, recorded, _content(reply)), headers=headers)

    return endpoint


def anthropic_app(vendor: FakeVendor) -> Starlette:
    """Serves `POST /v1/messages`; use `<origin>` as base URL."""
    return Starlette(routes=[Route("/v1/messages", messages(vendor), methods=["POST"])])
