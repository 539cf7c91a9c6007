"""What `kazi serve` runs: uvicorn's server with a quieter main loop, and its httptools
protocol with Kazi's limits.

uvicorn's main loop wakes ten times a second to look for an exit request and to refresh
the `date` header. On a quiet server those wake-ups are most of its CPU, and each one
costs far more than its work on a virtual machine (about 0.2 ms). `KaziServer` wakes
once a second, which is all the `date` header needs, and the exit signal wakes it at
once, so stopping is as quick as before.

Requests the parser refuses never reach the app, so uvicorn would answer them with its
own plain-text 400. Here they get Kazi's JSON error envelope instead, and the request
line and the headers have ceilings of their own (the parser sets none on headers):
414 for a longer request target, 431 for larger headers.
"""

import asyncio
import contextlib
import json
import uuid
from http import HTTPStatus
from types import FrameType

from uvicorn import Server
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

MAX_REQUEST_TARGET_BYTES = 8 * 1024
MAX_HEADER_BYTES = 32 * 1024
TICK_S = 1.0
# uvicorn's on_tick refreshes the date header when its counter is a multiple of 10
# (its ticks being 0.1 s); each of ours is a whole second, so each one refreshes it.
_UVICORN_TICKS_PER_SECOND = 10


class KaziServer(Server):
    _exit_requested: asyncio.Event | None = None
    _loop: asyncio.AbstractEventLoop | None = None

    async def main_loop(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._exit_requested = asyncio.Event()
        counter = 0
        while not await self.on_tick(counter):
            counter = (counter + _UVICORN_TICKS_PER_SECOND) % 864_000
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._exit_requested.wait(), TICK_S)

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        super().handle_exit(sig, frame)
        if self._loop is not None and self._exit_requested is not None:
            self._loop.call_soon_threadsafe(self._exit_requested.set)


class _Refused(Exception):
    """Raised from a parser callback: the parser stops, and data_received answers."""


class KaziHttpProtocol(HttpToolsProtocol):
    _refusal: HTTPStatus | None = None
    _header_bytes = 0

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._refusal = None
        self._header_bytes = 0

    def on_url(self, url: bytes) -> None:
        super().on_url(url)
        if len(self.url) > MAX_REQUEST_TARGET_BYTES:
            self._refusal = HTTPStatus.REQUEST_URI_TOO_LONG
            raise _Refused

    def on_header(self, name: bytes, value: bytes) -> None:
        self._header_bytes += len(name) + len(value)
        if self._header_bytes > MAX_HEADER_BYTES:
            self._refusal = HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
            raise _Refused
        super().on_header(name, value)

    def send_400_response(self, msg: str) -> None:
        status = self._refusal or HTTPStatus.BAD_REQUEST
        self.transport.write(refusal_bytes(status))
        self.transport.close()


_MESSAGES = {
    HTTPStatus.BAD_REQUEST: ("bad_request", "The request is not valid HTTP."),
    HTTPStatus.REQUEST_URI_TOO_LONG: (
        "uri_too_long",
        f"The request target is longer than {MAX_REQUEST_TARGET_BYTES} bytes.",
    ),
    HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE: (
        "headers_too_large",
        f"The request headers are larger than {MAX_HEADER_BYTES} bytes.",
    ),
}


def refusal_bytes(status: HTTPStatus) -> bytes:
    """A whole HTTP response carrying the error envelope; the connection then closes."""
    code, message = _MESSAGES[status]
    request_id = uuid.uuid4().hex
    body = json.dumps(
        {"success": False, "error": {"code": code, "message": message, "request_id": request_id}}
    ).encode()
    head = (
        f"HTTP/1.1 {status.value} {status.phrase}\r\n"
        "content-type: application/json\r\n"
        f"content-length: {len(body)}\r\n"
        f"x-request-id: {request_id}\r\n"
        "connection: close\r\n\r\n"
    )
    return head.encode("ascii") + body
