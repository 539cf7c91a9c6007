"""A fake of OpenAI's Chat Completions API (also what OpenAI-compatible servers speak)."""

import time
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

REFUSAL_TEXT = "I can't help with that."
UNAUTHORISED = Reply(status=401, error_message="Incorrect API key provided")


def _error_body(reply: Reply) -> dict[str, Any]:
    kind = "invalid_api_key" if reply.status == 401 else "fake_error"
    return {"error": {"message": reply.error_message, "type": kind, "param": None, "code": kind}}


def _usage(reply: Reply) -> dict[str, Any] | None:
    if reply.omit_usage:
        return None
    return {
        "prompt_tokens": reply.input_tokens,
        "completion_tokens": reply.output_tokens,
        "total_tokens": reply.input_tokens + reply.output_tokens,
        "prompt_tokens_details": {"cached_tokens": reply.cached_tokens},
        "completion_tokens_details": {"reasoning_tokens": reply.reasoning_tokens},
    }


def _envelope(reply: Reply, recorded: RecordedRequest, kind: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": kind,
        "created": int(time.time()),
        "model": reply.model or recorded.body.get("model", "unknown"),
    }


def _completion(reply: Reply, recorded: RecordedRequest) -> dict[str, Any]:
    message = {
        "role": "assistant",
        "content": None if reply.refusal else reply.answer_text,
        "refusal": REFUSAL_TEXT if reply.refusal else None,
    }
    choice = {"index": 0, "message": message, "finish_reason": "stop"}
    usage = _usage(reply)
    return {
        **_envelope(reply, recorded, "chat.completion"),
        "choices": [choice],
        **({"usage": usage} if usage else {}),
    }


async def _chunks(reply: Reply, recorded: RecordedRequest) -> AsyncIterator[str]:
    envelope = _envelope(reply, recorded, "chat.completion.chunk")

    def chunk(delta: dict[str, Any], finish: str | None = None) -> str:
        choice = {"index": 0, "delta": delta, "finish_reason": finish}
        return sse_event({**envelope, "choices": [choice], "usage": None})

    yield chunk({"role": "assistant", "content": ""})
    if reply.malformed:
        yield BROKEN_SSE_EVENT
        return
    if reply.refusal:
        yield chunk({"refusal": REFUSAL_TEXT})
    else:
        for piece in reply.pieces():
            yield chunk({"content": piece})
    yield chunk({}, finish="stop")
    options = recorded.body.get("stream_options") or {}
    if options.get("include_usage") and (usage := _usage(reply)):
        yield sse_event({**envelope, "choices": [], "usage": usage})
    yield "data: [DONE]\n\n"


def chat_completions(vendor: FakeVendor) -> Endpoint:
    async def endpoint(request: Request) -> Response:
        recorded, reply = await vendor.receive(request)
        if not vendor.accepts(bearer_token(recorded.headers)):
            return error_response(UNAUTHORISED, _error_body(UNAUTHORISED))
        if reply.raw_body is not None:
            return error_response(reply, reply.raw_body)
        if reply.status >= 400:
            return error_response(reply, _error_body(reply))
        headers = {"x-request-id": reply.request_id, **reply.headers}
        if recorded.body.get("stream"):
            stream = _chunks(reply, recorded)
            return StreamingResponse(stream, media_type="text/event-stream", headers=headers)
        if reply.malformed:
            return malformed_json_response(reply)
        return JSONResponse(_completion(reply, recorded), headers=headers)

    return endpoint


def list_models(vendor: FakeVendor) -> Endpoint:
    async def endpoint(request: Request) -> Response:
        recorded, reply = await vendor.receive(request)
        if not vendor.accepts(bearer_token(recorded.headers)):
            return error_response(UNAUTHORISED, _error_body(UNAUTHORISED))
        if reply.status >= 400:
            return error_response(reply, _error_body(reply))
        listed = [
            {"id": m, "object": "model", "created": 0, "owned_by": "fake"} for m in vendor.models
        ]
        return JSONResponse({"object": "list", "data": listed})

    return endpoint


def openai_app(vendor: FakeVendor) -> Starlette:
    """Serves `POST /v1/chat/completions` and `GET /v1/models`; use `<origin>/v1` as base URL."""
    return Starlette(
        routes=[
            Route("/v1/chat/completions", chat_completions(vendor), methods=["POST"]),
            Route("/v1/models", list_models(vendor), methods=["GET"]),
        ]
    )
