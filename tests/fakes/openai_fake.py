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
    fake_vector,
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


def _count(recorded: RecordedRequest) -> int:
    n = recorded.body.get("n") if isinstance(recorded.body, dict) else None
    return n if isinstance(n, int) and n > 0 else 1


def _logprobs(recorded: RecordedRequest, text: str) -> dict[str, Any] | None:
    """A made-up log-probability per word, when the request asked for them."""
    if not recorded.body.get("logprobs"):
        return None
    top = recorded.body.get("top_logprobs") or 0
    content = [
        {
            "token": word,
            "logprob": -0.25,
            "bytes": None,
            "top_logprobs": [{"token": word, "logprob": -0.25, "bytes": None}] * min(top, 1),
        }
        for word in text.split()
    ]
    return {"content": content, "refusal": None}


def _tool_calls(reply: Reply) -> list[dict[str, Any]]:
    return [
        {
            "id": call.id,
            "type": "function",
            "function": {"name": call.name, "arguments": call.arguments_json},
        }
        for call in reply.tool_calls
    ]


def _choice(reply: Reply, recorded: RecordedRequest, index: int) -> dict[str, Any]:
    text = None if reply.refusal or reply.tool_calls else reply.choice_text(index)
    message: dict[str, Any] = {
        "role": "assistant",
        "content": text,
        "refusal": REFUSAL_TEXT if reply.refusal else None,
    }
    if reply.tool_calls:
        message["tool_calls"] = _tool_calls(reply)
    return {
        "index": index,
        "message": message,
        "logprobs": _logprobs(recorded, text or ""),
        "finish_reason": "tool_calls" if reply.tool_calls else "stop",
    }


def _completion(reply: Reply, recorded: RecordedRequest) -> dict[str, Any]:
    choices = [_choice(reply, recorded, index) for index in range(_count(recorded))]
    usage = _usage(reply)
    return {
        **_envelope(reply, recorded, "chat.completion"),
        "choices": choices,
        **({"usage": usage} if usage else {}),
    }


def _tool_call_deltas(reply: Reply) -> list[dict[str, Any]]:
    """Each call as OpenAI streams it: id and name first, then the arguments in pieces."""
    deltas = []
    for position, call in enumerate(reply.tool_calls):
        head = {"index": position, "id": call.id, "type": "function"}
        deltas.append({**head, "function": {"name": call.name, "arguments": ""}})
        for piece in call.argument_pieces():
            deltas.append({"index": position, "function": {"arguments": piece}})
    return deltas


async def _chunks(reply: Reply, recorded: RecordedRequest) -> AsyncIterator[str]:
    envelope = _envelope(reply, recorded, "chat.completion.chunk")

    def chunk(delta: dict[str, Any], finish: str | None = None, index: int = 0) -> str:
        logprobs = _logprobs(recorded, delta.get("content") or "") if delta.get("content") else None
        choice = {"index": index, "delta": delta, "logprobs": logprobs, "finish_reason": finish}
        return sse_event({**envelope, "choices": [choice], "usage": None})

    yield chunk({"role": "assistant", "content": ""})
    if reply.malformed or reply.broken_after is not None:
        for piece in reply.pieces()[: reply.broken_after or 0]:
            yield chunk({"content": piece})
        yield BROKEN_SSE_EVENT
        return
    for index in range(_count(recorded)):
        if reply.refusal:
            yield chunk({"refusal": REFUSAL_TEXT}, index=index)
        elif reply.tool_calls:
            for call in _tool_call_deltas(reply):
                yield chunk({"tool_calls": [call]}, index=index)
        else:
            for piece in reply.pieces(index):
                yield chunk({"content": piece}, index=index)
        yield chunk({}, "tool_calls" if reply.tool_calls else "stop", index)
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


def embeddings(vendor: FakeVendor) -> Endpoint:
    async def endpoint(request: Request) -> Response:
        recorded, reply = await vendor.receive(request)
        if not vendor.accepts(bearer_token(recorded.headers)):
            return error_response(UNAUTHORISED, _error_body(UNAUTHORISED))
        if reply.status >= 400:
            return error_response(reply, _error_body(reply))
        texts = recorded.body["input"]
        texts = [texts] if isinstance(texts, str) else texts
        dimensions = recorded.body.get("dimensions")
        data = [
            {"object": "embedding", "index": i, "embedding": fake_vector(t, dimensions)}
            for i, t in enumerate(texts)
        ]
        usage = {"prompt_tokens": reply.input_tokens, "total_tokens": reply.input_tokens}
        model = reply.model or recorded.body["model"]
        return JSONResponse({"object": "list", "data": data, "model": model, "usage": usage})

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
            Route("/v1/embeddings", embeddings(vendor), methods=["POST"]),
        ]
    )
