"""Network doubles for the fetcher tests: a tiny local HTTP/1.1 server, a scripted
resolver and a recording socket layer."""

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpcore2

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "jobs"
PAGE_BODY = b"<html><head><title>Driver</title></head><body><h1>Driver</h1></body></html>"
HTML = "text/html; charset=utf-8"


@dataclass
class SeenRequest:
    path: str
    headers: dict[str, str]


Handler = Callable[[asyncio.StreamWriter], Awaitable[None]]


def _head(status: str, headers: Iterable[tuple[str, str]]) -> bytes:
    lines = [f"HTTP/1.1 {status}", *(f"{name}: {value}" for name, value in headers)]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def respond(
    status: str = "200 OK", body: bytes = PAGE_BODY, content_type: str | None = HTML
) -> Handler:
    async def handler(writer: asyncio.StreamWriter) -> None:
        headers = [("Content-Length", str(len(body))), ("Connection", "close")]
        if content_type is not None:
            headers.append(("Content-Type", content_type))
        writer.write(_head(status, headers) + body)
        await writer.drain()

    return handler


def redirect(location: str, status: str = "302 Found") -> Handler:
    async def handler(writer: asyncio.StreamWriter) -> None:
        headers = [("Location", location), ("Content-Length", "0"), ("Connection", "close")]
        writer.write(_head(status, headers))
        await writer.drain()

    return handler


def slow_drip(interval: float, chunks: int) -> Handler:
    """Headers at once, then one byte per interval: every read is quick, the whole is not."""

    async def handler(writer: asyncio.StreamWriter) -> None:
        writer.write(_head("200 OK", [("Content-Type", HTML), ("Content-Length", str(chunks))]))
        for _ in range(chunks):
            await asyncio.sleep(interval)
            writer.write(b"x")
            await writer.drain()

    return handler


def endless_body(total_bytes: int) -> Handler:
    """A close-delimited body with no Content-Length, so only a streaming cap stops it."""

    async def handler(writer: asyncio.StreamWriter) -> None:
        writer.write(_head("200 OK", [("Content-Type", HTML), ("Connection", "close")]))
        chunk = b"<p>" + b"a" * 65_530 + b"</p>"
        for _ in range(total_bytes // len(chunk) + 1):
            writer.write(chunk)
            await writer.drain()

    return handler


@dataclass
class LocalServer:
    routes: dict[str, Handler] = field(default_factory=dict)
    seen: list[SeenRequest] = field(default_factory=list)
    port: int = 0

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            request_line, *header_lines = head.decode("latin-1").split("\r\n")
            path = request_line.split(" ")[1]
            headers = {}
            for line in header_lines:
                if ":" in line:
                    name, _, value = line.partition(":")
                    headers[name.strip().lower()] = value.strip()
            self.seen.append(SeenRequest(path, headers))
            await self.routes.get(path, respond("404 Not Found", b"nope"))(writer)
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()


class ScriptedResolver:
    """Answers from a table, one answer list per call, recording every question."""

    def __init__(self, answers: dict[str, list[Sequence[str]]]) -> None:
        self._answers = {host: list(replies) for host, replies in answers.items()}
        self.calls: list[str] = []

    async def __call__(self, host: str, port: int) -> Sequence[str]:
        self.calls.append(host)
        replies = self._answers.get(host)
        if not replies:
            raise OSError(f"no such host {host}")
        return replies.pop(0) if len(replies) > 1 else replies[0]


class RecordingBackend(httpcore2.AsyncNetworkBackend):
    """Records the address each connection was asked for; optionally reaches a local port.

    It lets a test give a public address to the pinning layer while the bytes
    actually go to the local test server, never to the public address.
    """

    def __init__(self, local_port: int | None = None) -> None:
        self.connections: list[tuple[str, int]] = []
        self._local_port = local_port
        self._real = httpcore2.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore2.SOCKET_OPTION] | None = None,
    ) -> httpcore2.AsyncNetworkStream:
        self.connections.append((host, port))
        if self._local_port is None:
            raise httpcore2.ConnectError("this test allows no connection")
        return await self._real.connect_tcp("127.0.0.1", self._local_port, timeout=timeout)

    async def sleep(self, seconds: float) -> None:
        await self._real.sleep(seconds)
