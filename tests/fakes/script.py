"""The scriptable state behind every fake vendor: what to answer next, what was received."""

import asyncio
import json
import re
import threading
from collections import deque
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

DEFAULT_TEXT = "Hello from the fake vendor."

Endpoint = Callable[[Request], Awaitable[Response]]


@dataclass(frozen=True)
class FakeToolCall:
    """A function call the fake model makes; `arguments` is sent as JSON."""

    name: str
    arguments: Mapping[str, Any] = field(default_factory=dict)
    id: str = "call_fake_1"

    @property
    def arguments_json(self) -> str:
        return json.dumps(dict(self.arguments))

    def argument_pieces(self) -> list[str]:
        """The arguments split in two, as a stream would deliver them."""
        text = self.arguments_json
        return [text[: len(text) // 2], text[len(text) // 2 :]]


@dataclass(frozen=True)
class Reply:
    """One scripted answer. Token numbers use Kazi's normalised view (input counts every
    prompt token, cached included; output counts reasoning too); each fake translates
    them into its vendor's own accounting."""

    text: str = DEFAULT_TEXT
    parsed: Any = None  # when set, the answer text is this value as JSON
    model: str | None = None  # None: report the model that was asked for
    input_tokens: int = 12
    output_tokens: int = 8
    cached_tokens: int = 0
    cache_write_tokens: int = 0  # Anthropic's cache_creation_input_tokens
    reasoning_tokens: int = 0  # Gemini's thoughts, OpenAI's reasoning details
    omit_usage: bool = False
    status: int = 200
    error_message: str = "scripted failure"
    retry_after: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering
    malformed: bool = False  # a body (or stream event) that is not valid JSON
    broken_after: int | None = None  # a stream breaks off after this many text pieces
    refusal: bool = False  # the vendor's safety refusal
    raw_body: Any = None  # sent as the JSON body with `status` (and headers), as it is
    request_id: str = "req_fake_0001"
    tool_calls: tuple[FakeToolCall, ...] = ()  # function calls instead of (or with) text
    echo: bool = False  # answer with the request body received, as JSON text

    @property
    def answer_text(self) -> str:
        return self.text if self.parsed is None else json.dumps(self.parsed)

    def choice_text(self, index: int) -> str:
        """Choice 0 answers `answer_text`; further choices (n > 1) say which they are."""
        return self.answer_text if index == 0 else f"{self.answer_text} (choice {index + 1})"

    def pieces(self, index: int = 0) -> list[str]:
        """The answer split into word-sized stream deltas (at least two when possible)."""
        return re.findall(r"\S+\s*|\s+", self.choice_text(index)) or [""]


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]  # lower-cased names
    body: Any  # parsed JSON, or None when the body was empty or not JSON


class FakeVendor:
    """Shared between a test (scripting, asserting) and the fake app serving requests,
    possibly on uvicorn's thread, hence the lock."""

    def __init__(self, name: str, models: Iterable[str] = ()) -> None:
        self.name = name
        self.models = list(models)
        self.accepted_keys: set[str] | None = None  # None accepts any key
        self._replies: deque[Reply] = deque()
        self._requests: list[RecordedRequest] = []
        self._lock = threading.Lock()

    def script(self, *replies: Reply) -> None:
        """Queue answers; once the queue is empty every request gets `Reply()`."""
        with self._lock:
            self._replies.extend(replies)

    def reset(self) -> None:
        with self._lock:
            self._replies.clear()
            self._requests.clear()
            self.accepted_keys = None

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    @property
    def last_request(self) -> RecordedRequest:
        with self._lock:
            return self._requests[-1]

    def next_reply(self) -> Reply:
        with self._lock:
            return self._replies.popleft() if self._replies else Reply()

    def accepts(self, key: str | None) -> bool:
        return self.accepted_keys is None or key in self.accepted_keys

    async def receive(self, request: Request) -> tuple[RecordedRequest, Reply]:
        """Record the request, take the next reply and wait out its delay."""
        raw = await request.body()
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        recorded = RecordedRequest(
            method=request.method,
            path=request.url.path,
            query=dict(request.query_params),
            headers={k.lower(): v for k, v in request.headers.items()},
            body=body,
        )
        with self._lock:
            self._requests.append(recorded)
        reply = self.next_reply()
        if reply.echo:
            reply = replace(reply, text=json.dumps(body, sort_keys=True), echo=False)
        if reply.delay:
            await asyncio.sleep(reply.delay)
        return recorded, reply


def fake_vector(text: str, dimensions: int | None) -> list[float]:
    """A made-up embedding that differs by text: its length first, then halves."""
    return [float(len(text))] + [0.5] * ((dimensions or 3) - 1)


def error_response(reply: Reply, body: Any) -> Response:
    """`body` as JSON with the reply's status, headers and Retry-After."""
    headers = dict(reply.headers)
    if reply.retry_after is not None:
        headers["retry-after"] = reply.retry_after
    return JSONResponse(body, status_code=reply.status, headers=headers)


def malformed_json_response(reply: Reply) -> Response:
    return Response(
        '{"id": "broken", "choices": [', media_type="application/json", headers=reply.headers
    )


def sse_event(data: Any, event: str | None = None) -> str:
    prefix = f"event: {event}\n" if event else ""
    return f"{prefix}data: {json.dumps(data)}\n\n"


BROKEN_SSE_EVENT = 'data: {"broken": \n\n'


def bearer_token(headers: Mapping[str, str]) -> str | None:
    value = headers.get("authorization", "")
    return value[7:] if value.lower().startswith("bearer ") else None
