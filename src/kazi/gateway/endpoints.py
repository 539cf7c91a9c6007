"""The OpenAI-compatible gateway: POST /v1/chat/completions and GET /v1/models.

Callers authenticate with a login token or a personal API key (`Bearer kzk_...`).
Every call goes through Kazi's router exactly as Kazi's own features do: the route
of the model's task and the caller's tier, fallbacks, quotas and usage records,
attributed to the caller. Errors are answered in OpenAI's error shape.
"""

import logging
from collections.abc import AsyncGenerator, AsyncIterator
from typing import Any, TypeVar

from fastapi import APIRouter, Request
from fastapi.responses import Response, StreamingResponse
from pydantic import ValidationError
from pydantic_core import to_json

from kazi.enums import TaskType
from kazi.gateway.aliases import AliasLookup
from kazi.gateway.auth import Caller, app_callers
from kazi.gateway.limits import limit_caller
from kazi.gateway.schemas import ChatRequest, EmbeddingRequest
from kazi.gateway.wire import (
    ChunkMaker,
    GatewayError,
    completion_body,
    completion_id,
    embeddings_body,
    finish_reason,
    model_body,
    models_body,
    now_seconds,
    task_for,
    task_for_endpoint,
    to_prompt,
)
from kazi.kit.db import is_database_outage
from kazi.kit.errors import DatabaseUnavailable, KaziError, Unauthorized
from kazi.kit.http import bearer_token, describe_validation
from kazi.llm import types as llm_types
from kazi.llm.types import Delta, TextDelta
from kazi.routing.attempts import CallContext
from kazi.routing.failures import AllProvidersFailed
from kazi.routing.router import Routed, Router

logger = logging.getLogger(__name__)
router = APIRouter(prefix="/v1", tags=["OpenAI-compatible gateway"])
_ERROR_SHAPE: dict[int | str, dict[str, Any]] = {
    code: {"description": "An error in OpenAI's shape: {error: {message, type, code}}."}
    for code in (400, 401, 404, 429, 503)
}
_ERROR_TYPES = {401: "authentication_error", 403: "permission_error", 429: "rate_limit_error"}
_Events = AsyncIterator[Delta | Routed]
Body = TypeVar("Body", ChatRequest, EmbeddingRequest)


@router.post("/chat/completions", response_model=None, responses=_ERROR_SHAPE)
async def chat_completions(request: Request) -> Response:
    """A chat completion routed by Kazi; `model` is one of GET /v1/models."""
    try:
        caller = await _authenticate(request)
        await limit_caller(request, caller)
        body = _parse(await request.body())
        task = task_for_endpoint(body.model, await _aliases(request), embedding=False)
        ctx = CallContext(task, caller.tier, caller.user_id)
        prompt = to_prompt(body)
        routing: Router = request.app.state.router
        if body.stream:
            return await _stream(routing.stream_deltas(ctx, prompt), body)
        routed = await routing.complete(ctx, prompt)
        return _json(completion_body(body.model, routed.completion))
    except Exception as exc:  # the edge: every failure becomes an OpenAI-shaped error
        return _error_response(exc)


@router.post("/embeddings", response_model=None, responses=_ERROR_SHAPE)
async def embeddings(request: Request) -> Response:
    """Embeddings routed by Kazi's `embedding` task; `model` is kazi/embedding or an alias."""
    try:
        caller = await _authenticate(request)
        await limit_caller(request, caller)
        body = _parse_as(EmbeddingRequest, await request.body())
        task = task_for_endpoint(body.model, await _aliases(request), embedding=True)
        texts = (body.input,) if isinstance(body.input, str) else tuple(body.input)
        wanted = llm_types.EmbeddingRequest(texts, body.dimensions, body.user)
        routing: Router = request.app.state.router
        routed = await routing.embed(CallContext(task, caller.tier, caller.user_id), wanted)
        as_base64 = body.encoding_format == "base64"
        return _json(embeddings_body(body.model, routed.embeddings, as_base64))
    except Exception as exc:  # the edge: every failure becomes an OpenAI-shaped error
        return _error_response(exc)


@router.get("/models", response_model=None, responses=_ERROR_SHAPE)
async def list_models(request: Request) -> Response:
    """The task routes a chat completion may name as its model, and their aliases."""
    try:
        await _authenticate(request)
        return _json(models_body(await _aliases(request)))
    except Exception as exc:
        return _error_response(exc)


@router.get("/models/{model:path}", response_model=None, responses=_ERROR_SHAPE)
async def retrieve_model(model: str, request: Request) -> Response:
    """One model of GET /v1/models, or 404 in OpenAI's shape."""
    try:
        await _authenticate(request)
        return _json(model_body(model, task_for(model, await _aliases(request))))
    except Exception as exc:
        return _error_response(exc)


# Included last: what no route above matched.
unmatched_router = APIRouter(prefix="/v1", include_in_schema=False)
_ROUTES = {"chat/completions": "POST", "embeddings": "POST", "models": "GET"}


@unmatched_router.api_route(
    "/{path:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
)
async def unmatched(path: str, request: Request) -> Response:
    """OpenAI's error shape for unknown paths (404) and other methods (405)."""
    allowed = _ROUTES.get(path.strip("/")) or ("GET" if path.startswith("models/") else None)
    if allowed is not None:
        message = f"{request.method} is not supported on /v1/{path}; use {allowed}."
        error = GatewayError(405, message, code="method_not_allowed", headers={"Allow": allowed})
    else:
        message = f"Unknown path /v1/{path[:100]}. See the README's gateway section."
        error = GatewayError(404, message, code="unknown_url")
    return _error_response(error)


async def _aliases(request: Request) -> dict[str, TaskType]:
    lookup: AliasLookup | None = getattr(request.app.state, "gateway_aliases", None)
    if lookup is None:
        lookup = AliasLookup(request.app.state.sessions)
        request.app.state.gateway_aliases = lookup
    return await lookup.all()


async def _authenticate(request: Request) -> Caller:
    token = bearer_token(request)
    if token is None:
        raise GatewayError(
            401,
            "Send your Kazi API key as `Authorization: Bearer kzk_...`.",
            type="authentication_error",
            code="invalid_api_key",
        )
    return await app_callers(request.app).authenticate(token)


def _parse(raw: bytes) -> ChatRequest:
    return _parse_as(ChatRequest, raw)


def _parse_as(model: type[Body], raw: bytes) -> Body:
    try:
        return model.model_validate_json(raw)
    except ValidationError as exc:
        raise GatewayError(400, describe_validation(exc.errors())) from None


async def _stream(events: _Events, body: ChatRequest) -> Response:
    """Waits for the first event, so that refusals still get their own status."""
    try:
        first = await anext(events)
    except BaseException:
        await _close(events)
        raise
    maker = ChunkMaker(completion_id(), now_seconds(), body.model)
    return StreamingResponse(
        _sse(first, events, maker, body.wants_usage_chunk),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache"},
    )


async def _sse(
    first: Delta | Routed, events: _Events, maker: ChunkMaker, with_usage: bool
) -> AsyncIterator[bytes]:
    routed: Routed | None = None
    started: set[int] = {0}
    try:
        yield _data(maker.chunk({"role": "assistant", "content": ""}))
        try:
            async for event in _chained(first, events):  # to its end: no false disconnect
                if not isinstance(event, Delta):
                    routed = event
                    continue
                if event.index not in started:
                    started.add(event.index)
                    yield _data(
                        maker.chunk({"role": "assistant", "content": ""}, index=event.index)
                    )
                if (chunk := _delta_chunk(maker, event)) is not None:
                    yield _data(chunk)
            if routed is None:
                raise GatewayError(503, "The stream ended without an answer.", type="server_error")
        except Exception as exc:  # the status is sent: the error becomes the last event
            yield _data(_as_gateway_error(exc).body())
            return
        for choice in routed.completion.all_choices():
            yield _data(maker.chunk({}, finish_reason(choice.finish_reason), choice.index))
        if with_usage:
            yield _data(maker.usage_chunk(routed.completion.usage))
        yield b"data: [DONE]\n\n"
    finally:
        await _close(events)


def _delta_chunk(maker: ChunkMaker, event: Delta) -> dict[str, Any] | None:
    if isinstance(event, TextDelta):
        if not event.text:
            return None
        return maker.chunk({"content": event.text}, index=event.index, logprobs=event.logprobs)
    call: dict[str, Any] = {"index": event.position, "function": {"arguments": event.arguments}}
    if event.id is not None:
        call.update(id=event.id, type="function")
    if event.name is not None:
        call["function"]["name"] = event.name
    return maker.chunk({"tool_calls": [call]}, index=event.index)


async def _chained(first: Delta | Routed, events: _Events) -> _Events:
    yield first
    async for event in events:
        yield event


async def _close(events: _Events) -> None:
    if isinstance(events, AsyncGenerator):  # closed now, not when collected
        await events.aclose()


def _data(payload: dict[str, Any]) -> bytes:
    return b"data: " + to_json(payload) + b"\n\n"


def _json(
    payload: dict[str, Any], status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    return Response(to_json(payload), status, headers, media_type="application/json")


def _error_response(exc: Exception) -> Response:
    error = _as_gateway_error(exc)
    return _json(error.body(), error.status, error.headers)


def _routing_error(exc: AllProvidersFailed) -> GatewayError:
    status = exc.client_status
    kind = "server_error" if status >= 500 else _ERROR_TYPES.get(status, "invalid_request_error")
    return GatewayError(
        status,
        exc.client_message,
        type=kind,
        code=exc.client_code,
        headers=exc.headers,
        param=getattr(exc, "param", None),
    )


def _as_gateway_error(exc: BaseException) -> GatewayError:
    if isinstance(exc, GatewayError):
        return exc
    if is_database_outage(exc):
        logger.warning("gateway: database unavailable (%s)", type(exc).__name__)
        exc = DatabaseUnavailable()
    if isinstance(exc, AllProvidersFailed):
        return _routing_error(exc)
    if isinstance(exc, Unauthorized):
        return GatewayError(401, exc.message, type="authentication_error", code="invalid_api_key")
    if isinstance(exc, KaziError):
        status = int(exc.status)
        kind = (
            "server_error" if status >= 500 else _ERROR_TYPES.get(status, "invalid_request_error")
        )
        if exc.code == "quota_exceeded":
            kind = "insufficient_quota"
        return GatewayError(status, exc.message, type=kind, code=exc.code, headers=exc.headers)
    logger.exception("gateway call failed")
    return GatewayError(
        500, "Something went wrong on our side.", type="server_error", code="internal_error"
    )
