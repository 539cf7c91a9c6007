"""The HTTP protocol `kazi serve` runs: uvicorn's httptools protocol with Kazi's limits.

Requests the parser refuses never reach the app, so uvicorn would answer them with its
own plain-text 400. Here they get Kazi's JSON error envelope instead, and the request
line and the headers have ceilings of their own (the parser sets none on headers):
414 for a longer request target, 431 for larger headers.
"""

import json
import uuid
from http import HTTPStatus

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

MAX_REQUEST_TARGET_BYTES = 8 * 1024
MAX_HEADER_BYTES = 32 * 1024


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
