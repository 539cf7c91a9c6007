"""A fake of the Gemini Developer API's generateContent and streamGenerateContent."""

import json
from collections.abc import AsyncIterator
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from .script import (
    Endpoint,
    FakeVendor,
    RecordedRequest,
    Reply,
    error_response,
    fake_vector,
    malformed_json_response,
)

_STATUS_NAMES = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    429: "RESOURCE_EXHAUSTED",
    503: "UNAVAILABLE",
}
# What Gemini really answers to a wrong key: 400, not 401.
INVALID_KEY_BODY = {
    "error": {
        "code": 400,
        "message": "API key not valid. Please pass a valid API key.",
        "status": "INVALID_ARGUMENT",
        "details": [
            {
                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                "reason": "API_KEY_INVALID",
                "domain": "googleapis.com",
            }
        ],
    }
}


def _error_body(reply: Reply) -> dict[str, Any]:
    status = _STATUS_NAMES.get(reply.status, "INTERNAL")
    return {"error": {"code": reply.status, "message": reply.error_message, "status": status}}


def _api_key(recorded: RecordedRequest) -> str | None:
    return recorded.headers.get("x-goog-api-key") or recorded.query.get("key")


def _usage(reply: Reply) -> dict[str, Any]:
    # promptTokenCount includes the cached part; thinking is counted apart from the answer.
    usage = {
        "promptTokenCount": reply.input_tokens,
        "candidatesTokenCount": reply.output_tokens - reply.reasoning_tokens,
        "totalTokenCount": reply.input_tokens + reply.output_tokens,
    }
    if reply.cached_tokens:
        usage["cachedContentTokenCount"] = reply.cached_tokens
    if reply.reasoning_tokens:
        usage["thoughtsTokenCount"] = reply.reasoning_tokens
    return usage


def _count(body: Any) -> int:
    config = body.get("generationConfig") if isinstance(body, dict) else None
    n = config.get("candidateCount") if isinstance(config, dict) else None
    return n if isinstance(n, int) and n > 0 else 1


def _text(reply: Reply, index: int) -> str:
    return "" if reply.tool_calls else reply.choice_text(index)


def _parts(reply: Reply, text: str | None) -> list[dict[str, Any]]:
    parts: list[dict[str, Any]] = [{"text": text}] if text else []
    for call in reply.tool_calls:
        parts.append({"functionCall": {"id": call.id, "name": call.name, "args": call.arguments}})
    return parts


def _response(
    reply: Reply, model: str, texts: dict[int, str | None], finish: str | None, last: bool = True
) -> dict[str, Any]:
    """Candidates by index; usage only on the answer's last chunk."""
    candidates = []
    for index, text in texts.items():
        candidate: dict[str, Any] = {"index": index}
        if text is not None:
            candidate["content"] = {"role": "model", "parts": _parts(reply, text)}
        if finish:
            candidate["finishReason"] = "SAFETY" if reply.refusal else finish
        candidates.append(candidate)
    body: dict[str, Any] = {
        "candidates": candidates,
        "modelVersion": reply.model or model,
        "responseId": reply.request_id,
    }
    if finish and last and not reply.omit_usage:
        body["usageMetadata"] = _usage(reply)
    return body


async def _chunks(reply: Reply, model: str, count: int) -> AsyncIterator[str]:
    """Each candidate's words in turn, one chunk each; a function call comes whole."""
    if reply.malformed:
        yield 'data: {"candidates": [\r\n\r\n'
        return
    if reply.refusal:
        yield _event(_response(reply, model, {0: None}, "STOP"))
        return
    for index in range(count):
        pieces = [""] if reply.tool_calls else reply.pieces(index)
        for position, piece in enumerate(pieces):
            done = position == len(pieces) - 1
            finish = "STOP" if done else None
            yield _event(_response(reply, model, {index: piece}, finish, index == count - 1))


def _embeddings(body: Any) -> dict[str, Any]:
    vectors = []
    for request in body.get("requests") or []:
        text = "".join(part.get("text", "") for part in request["content"]["parts"])
        vectors.append({"values": fake_vector(text, request.get("outputDimensionality"))})
    return {"embeddings": vectors}


def _event(data: dict[str, Any]) -> str:
    return f"data: {json.dumps(data)}\r\n\r\n"


def generate(vendor: FakeVendor) -> Endpoint:
    async def endpoint(request: Request) -> Response:
        recorded, reply = await vendor.receive(request)
        model, _, method = request.path_params["target"].partition(":")
        if not vendor.accepts(_api_key(recorded)):
            return JSONResponse(INVALID_KEY_BODY, status_code=400)
        if reply.raw_body is not None:
            return error_response(reply, reply.raw_body)
        if reply.status >= 400:
            return error_response(reply, _error_body(reply))
        if method == "streamGenerateContent":
            chunks = _chunks(reply, model, _count(recorded.body))
            return StreamingResponse(chunks, media_type="text/event-stream", headers=reply.headers)
        if method == "batchEmbedContents":
            return JSONResponse(_embeddings(recorded.body))
        if method != "generateContent":
            return error_response(Reply(status=404), _error_body(Reply(status=404)))
        if reply.malformed:
            return malformed_json_response(reply)
        count = _count(recorded.body)
        texts = {i: None if reply.refusal else _text(reply, i) for i in range(count)}
        return JSONResponse(_response(reply, model, texts, "STOP"), headers=reply.headers)

    return endpoint


def gemini_app(vendor: FakeVendor) -> Starlette:
    """Serves `POST /v1beta/models/{model}:generateContent` and `:streamGenerateContent`;
    use `<origin>` as base URL."""
    return Starlette(routes=[Route("/v1beta/models/{target}", generate(vendor), methods=["POST"])])
