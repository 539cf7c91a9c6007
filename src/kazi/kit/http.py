"""HTTP plumbing shared by every route: envelope, request ids, body limit, error handlers."""

import contextvars
import logging
import uuid
from collections.abc import Mapping
from typing import Annotated, Any, Generic, Literal, TypeVar

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kazi.kit.db import UNREACHABLE_ERRORS, is_database_outage
from kazi.kit.errors import DatabaseUnavailable, KaziError
from kazi.kit.limits import MAX_OFFSET

logger = logging.getLogger("kazi.kit.http")
T = TypeVar("T")
request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
REQUEST_ID_HEADER = "x-request-id"
# Row ids are PostgreSQL `integer`s: a larger number names no row and cannot be sent to the
# database, so it is refused as invalid input (422) rather than failing the query.
ROW_ID_MAX = 2**31 - 1
RowId = Annotated[int, Field(ge=1, le=ROW_ID_MAX)]
# Where a page starts; larger numbers cannot reach the database (and no list is that long).
PageOffset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]
# PostgreSQL text cannot hold NUL characters: refuse them in filters that reach a query.
NO_NUL = r"^[^\x00]*$"
# SQLSTATEs: character not in repertoire, untranslatable character.
_UNSTORABLE_TEXT = frozenset({"22021", "22P05"})


class Envelope(BaseModel, Generic[T]):
    """Every successful JSON answer: {"success": true, "data": ...}."""

    success: Literal[True] = True
    data: T


class ErrorBody(BaseModel):
    code: str
    message: str
    request_id: str


class ErrorEnvelope(BaseModel):
    success: Literal[False] = False
    error: ErrorBody


def ok(data: T) -> Envelope[T]:
    return Envelope[T](data=data)


class RequestIdFilter(logging.Filter):
    """Puts the current request id on every log record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


class RequestContextMiddleware:
    """Assigns a request id (header and logs) and refuses bodies over the size limit.

    Plain ASGI rather than BaseHTTPMiddleware: it sits on every request's hot path.
    """

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = uuid.uuid4().hex
        token = request_id_var.set(request_id)
        scope.setdefault("state", {})["request_id"] = request_id
        try:
            if self._declared_too_large(scope):
                await _refuse_too_large(send, self.max_body_bytes, request_id)
                return
            await _BodyLimit(self.max_body_bytes, request_id).run(self.app, scope, receive, send)
        finally:
            request_id_var.reset(token)

    def _declared_too_large(self, scope: Scope) -> bool:
        for name, value in scope["headers"]:
            if name == b"content-length":
                return not value.isdigit() or int(value) > self.max_body_bytes
        return False


class _BodyLimit:
    """Counts body bytes as the app reads them; past the limit, answers 413 itself.

    The app is then told the client went away, and whatever it still sends is dropped.
    """

    def __init__(self, max_bytes: int, request_id: str) -> None:
        self.max_bytes = max_bytes
        self.request_id = request_id
        self.seen = 0
        self.refused = False
        self.started = False

    async def run(self, app: ASGIApp, scope: Scope, receive: Receive, send: Send) -> None:
        async def limited_receive() -> Message:
            message = await receive()
            self.seen += len(message.get("body", b""))
            if self.seen > self.max_bytes and not self.refused:
                self.refused = True
                if not self.started:
                    await _refuse_too_large(send, self.max_bytes, self.request_id)
                return {"type": "http.disconnect"}
            return message

        async def tagged_send(message: Message) -> None:
            if self.refused:
                return
            if message["type"] == "http.response.start":
                self.started = True
                headers = list(message.get("headers", []))
                if all(name != REQUEST_ID_HEADER.encode() for name, _ in headers):
                    headers.append((REQUEST_ID_HEADER.encode(), self.request_id.encode()))
                    message = {**message, "headers": headers}
            await send(message)

        await app(scope, limited_receive, tagged_send)


async def _refuse_too_large(send: Send, max_bytes: int, request_id: str) -> None:
    message = f"The request body is larger than {max_bytes} bytes."
    response = error_response(413, "body_too_large", message, request_id)
    response.headers[REQUEST_ID_HEADER] = request_id
    await response({"type": "http"}, _no_receive, send)


async def _no_receive() -> Message:
    return {"type": "http.disconnect"}


def error_response(
    status: int,
    code: str,
    message: str,
    request_id: str,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    body = ErrorEnvelope(error=ErrorBody(code=code, message=message, request_id=request_id))
    return JSONResponse(
        body.model_dump(), status_code=status, headers=dict(headers) if headers else None
    )


def bearer_token(request: Request) -> str | None:
    """The token of an `Authorization: Bearer ...` header, or None without one."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


def _request_id(request: Request) -> str:
    return str(request.scope.get("state", {}).get("request_id", request_id_var.get()))


async def _kazi_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, KaziError)
    return error_response(int(exc.status), exc.code, exc.message, _request_id(request), exc.headers)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return error_response(
        422, "invalid_input", describe_validation(exc.errors()), _request_id(request)
    )


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    codes = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized"}
    code = codes.get(exc.status_code, "http_error")
    message = exc.detail if isinstance(exc.detail, str) else "The request could not be completed."
    return error_response(exc.status_code, code, message, _request_id(request), exc.headers)


async def _database_error(request: Request, exc: Exception) -> JSONResponse:
    """A database outage is 503 with Retry-After and one warning line, not a traceback."""
    if _is_unstorable_text(exc):  # a control character no schema refused
        message = "The request holds a character the database cannot store."
        return error_response(422, "invalid_input", message, _request_id(request))
    if not is_database_outage(exc):
        return await _unexpected_error(request, exc)
    logger.warning(
        "database unavailable on %s %s: %s", request.method, request.url.path, type(exc).__name__
    )
    return await _kazi_error(request, DatabaseUnavailable())


def _is_unstorable_text(exc: Exception) -> bool:
    """PostgreSQL's refusal of text it cannot store (NUL, a character outside UTF-8)."""
    code = getattr(getattr(exc, "orig", None), "sqlstate", None)
    return code in _UNSTORABLE_TEXT


async def _client_gone(request: Request, exc: Exception) -> JSONResponse:
    """The client went away (or its body passed the limit and was answered 413 already):
    nothing to answer and nothing broken, so one info line rather than a traceback."""
    logger.info("client disconnected during %s %s", request.method, request.url.path)
    return error_response(
        499, "client_disconnected", "The client closed the request.", _request_id(request)
    )


async def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    logger.exception("unhandled error on %s %s", request.method, request.url.path)
    request_id = _request_id(request)
    # Starlette answers an unhandled error outside the middleware that tags responses.
    headers = {REQUEST_ID_HEADER: request_id}
    return error_response(
        500, "internal_error", "Something went wrong on our side.", request_id, headers
    )


def describe_validation(errors: Any) -> str:
    """A readable summary of pydantic errors: `body.email: value is not a valid email`."""
    parts = []
    for error in list(errors)[:10]:
        location = ".".join(str(p) for p in error.get("loc", ()))
        message = str(error.get("msg", "invalid"))
        if error.get("type") == "json_invalid":
            message = "the body is not valid JSON"
        parts.append(f"{location}: {message}" if location else message)
    return "; ".join(parts) or "The request is not valid."


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(KaziError, _kazi_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(ClientDisconnect, _client_gone)
    # Registered per class, so that Starlette answers without re-raising to the server.
    for database_error in (SQLAlchemyError, *UNREACHABLE_ERRORS):
        app.add_exception_handler(database_error, _database_error)
    app.add_exception_handler(Exception, _unexpected_error)
