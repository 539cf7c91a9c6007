"""What `kazi serve` runs: uvicorn's server without its periodic wake-up, and its
httptools protocol with Kazi's limits.

uvicorn's main loop wakes ten times a second to look for an exit request and to refresh
the `date` header. On a quiet server those wake-ups are most of its CPU, and each one
costs far more than its work on a virtual machine (about 0.4 ms). Here nothing wakes an
idle server: the protocol renews the `date` header when a request starts in a new
second, and an exit request (a signal, or `should_exit` set by a supervisor) wakes the
main loop at once.

Requests the parser refuses never reach the app, so uvicorn would answer them with its
own plain-text 400. Here they get Kazi's JSON error envelope instead, and the request
line and the headers have ceilings of their own (the parser sets none on headers):
414 for a longer request target, 431 for larger headers.
"""

import asyncio
import contextlib
import functools
import json
import time
import uuid
from email.utils import formatdate
from http import HTTPStatus

from uvicorn import Config, Server
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

MAX_REQUEST_TARGET_BYTES = 8 * 1024
MAX_HEADER_BYTES = 32 * 1024


class KaziServer(Server):
    _exit_requested: asyncio.Event | None = None
    _loop: asyncio.AbstractEventLoop | None = None
    _should_exit = False

    @property
    def should_exit(self) -> bool:
        return self._should_exit

    @should_exit.setter
    def should_exit(self, value: bool) -> None:
        """Set by the signal handler, uvicorn, or another thread: wakes the main loop."""
        self._should_exit = value
        if value and self._loop is not None and self._exit_requested is not None:
            with contextlib.suppress(RuntimeError):  # the loop has already closed
                self._loop.call_soon_threadsafe(self._exit_requested.set)

    async def main_loop(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._exit_requested = asyncio.Event()
        # uvicorn's tick 0 sets the headers every response carries, then checks for exit.
        while not await self.on_tick(0):
            await self._exit_requested.wait()
            self._exit_requested.clear()


class _Refused(Exception):
    """Raised from a parser callback: the parser stops, and data_received answers."""


class KaziHttpProtocol(HttpToolsProtocol):
    _refusal: HTTPStatus | None = None
    _header_bytes = 0

    def on_message_begin(self) -> None:
        super().on_message_begin()
        renew_date_header(self.server_state, self.config)
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


def renew_date_header(state: ServerState, config: Config) -> None:
    """Puts the current second's `date` first in the headers every response carries,
    as uvicorn's tick would, when the second has changed since the last request."""
    if not config.date_header:
        return
    date = (b"date", _http_date(int(time.time())))
    headers = state.default_headers
    if not headers or headers[0] != date:
        state.default_headers = [date, *config.encoded_headers]


@functools.lru_cache(maxsize=2)
def _http_date(second: int) -> bytes:
    return formatdate(second, usegmt=True).encode()


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
