"""Requests the HTTP parser refuses get Kazi's error envelope, over a real socket."""

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
import uvicorn

from kazi.kit.server import MAX_HEADER_BYTES, MAX_REQUEST_TARGET_BYTES, KaziHttpProtocol


@pytest.fixture
async def port(app: Any) -> AsyncIterator[int]:
    config = uvicorn.Config(
        app, host="127.0.0.1", port=0, http=KaziHttpProtocol, lifespan="off", log_config=None
    )
    server = uvicorn.Server(config)
    serving = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110 (uvicorn offers no event to wait on)
        await asyncio.sleep(0.01)
    yield server.servers[0].sockets[0].getsockname()[1]
    server.should_exit = True
    await serving


async def _exchange(port: int, raw: bytes) -> tuple[int, dict[str, str], Any]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(raw)
    await writer.drain()
    answer = await asyncio.wait_for(reader.read(), 10)  # the server closes the connection
    writer.close()
    head, _, body = answer.partition(b"\r\n\r\n")
    status_line, *lines = head.decode().split("\r\n")
    headers = dict(line.lower().split(": ", 1) for line in lines)
    return int(status_line.split()[1]), headers, json.loads(body)


def _is_envelope(body: Any, code: str) -> None:
    assert body["success"] is False
    assert body["error"]["code"] == code
    assert len(body["error"]["request_id"]) == 32


async def test_an_over_long_request_line_gets_the_envelope(port: int) -> None:
    target = b"/healthz?" + b"a" * MAX_REQUEST_TARGET_BYTES
    status, headers, body = await _exchange(
        port, b"GET " + target + b" HTTP/1.1\r\nHost: k\r\n\r\n"
    )
    assert status == 414
    assert headers["content-type"] == "application/json"
    _is_envelope(body, "uri_too_long")
    assert str(MAX_REQUEST_TARGET_BYTES) in body["error"]["message"]


async def test_oversized_headers_get_the_envelope(port: int) -> None:
    big = b"X-Big: " + b"a" * MAX_HEADER_BYTES + b"\r\n"
    status, _, body = await _exchange(port, b"GET /healthz HTTP/1.1\r\nHost: k\r\n" + big + b"\r\n")
    assert status == 431
    _is_envelope(body, "headers_too_large")


async def test_garbage_gets_the_envelope_and_normal_requests_pass(port: int) -> None:
    status, _, body = await _exchange(port, b"NOT HTTP AT ALL\r\n\r\n")
    assert status == 400
    _is_envelope(body, "bad_request")
    raw = (
        b"GET /healthz HTTP/1.1\r\nHost: k\r\nConnection: close\r\n" + b"X-A: b\r\n" * 100 + b"\r\n"
    )
    status, _, body = await _exchange(port, raw)
    assert (status, body) == (200, {"success": True, "data": {"status": "ok"}})
