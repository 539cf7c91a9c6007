"""The pieces of bench/gateway.py that run without Kazi: a fake OpenAI upstream and a
keep-alive HTTP/1.1 load generator, both on raw asyncio streams so that they cost as
little CPU as possible next to the server they measure."""

import asyncio
import ctypes
import ctypes.util
import json
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import cast

_LIBC = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
FAST_PREFIX = b"/fast/"  # answers at once
SLOW_PREFIX = b"/slow/"  # answers after SLOW_DELAY_S
SLOW_DELAY_S = 0.050
COMPLETION = json.dumps(
    {
        "id": "chatcmpl-bench",
        "object": "chat.completion",
        "created": 1_767_225_600,
        "model": "gpt-4o-mini",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": "Hello from the bench upstream."},
                "finish_reason": "stop",
            }
        ],
        "usage": {
            "prompt_tokens": 12,
            "completion_tokens": 8,
            "total_tokens": 20,
            "prompt_tokens_details": {"cached_tokens": 0},
        },
    }
).encode()
RESPONSE = (
    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nx-request-id: req_bench\r\n"
    b"content-length: " + str(len(COMPLETION)).encode() + b"\r\n\r\n" + COMPLETION
)


class UpstreamProtocol(asyncio.Protocol):
    """Answers every complete request on the connection with the same completion."""

    def __init__(self) -> None:
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # uvloop's is not a subclass

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while (end := self.buffer.find(b"\r\n\r\n")) >= 0:
            head = self.buffer[:end].lower()
            length = 0
            if (at := head.find(b"content-length:")) >= 0:
                length = int(head[at + 15 :].split(b"\r\n", 1)[0])
            if len(self.buffer) < end + 4 + length:
                return
            path = head.split(b" ", 2)[1]
            self.buffer = self.buffer[end + 4 + length :]
            if path.startswith(SLOW_PREFIX):
                asyncio.get_running_loop().call_later(SLOW_DELAY_S, self._answer)
            else:
                self._answer()

    def _answer(self) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.transport.write(RESPONSE)


def wait_for_port_file(
    process: subprocess.Popen[bytes], port_file: Path, limit_s: float, what: str
) -> int:
    """The port a started server wrote to `port_file`; fails if it dies or takes too long."""
    deadline = time.monotonic() + limit_s
    while not port_file.exists() or not port_file.read_text():
        if time.monotonic() > deadline or process.poll() is not None:
            raise RuntimeError(f"{what} did not start")
        time.sleep(0.01)
    return int(port_file.read_text())


async def serve_upstream(port_file: str) -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(UpstreamProtocol, "127.0.0.1", 0, backlog=1024)
    port = server.sockets[0].getsockname()[1]
    await asyncio.to_thread(Path(port_file).write_text, str(port))
    async with server:
        await server.serve_forever()


def request_bytes(path: str, body: bytes, token: str | None = None) -> bytes:
    auth = f"authorization: Bearer {token}\r\n" if token else ""
    head = (
        f"POST {path} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n"
        f"{auth}content-length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


class Connection:
    """One keep-alive connection; `send` returns the status and the body."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, port: int) -> "Connection":
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        return cls(reader, writer)

    async def send(self, raw: bytes) -> tuple[int, bytes]:
        self.writer.write(raw)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        lowered = head.lower()
        at = lowered.find(b"content-length:")
        length = int(lowered[at + 15 :].split(b"\r\n", 1)[0]) if at >= 0 else 0
        body = await self.reader.readexactly(length) if length else b""
        return status, body

    def close(self) -> None:
        self.writer.close()


@dataclass
class LoadResult:
    latencies_ms: list[float]
    wall_s: float
    failures: int

    def percentile(self, fraction: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]

    @property
    def throughput(self) -> float:
        return len(self.latencies_ms) / self.wall_s


async def run_load(port: int, raw: bytes, concurrency: int, total: int) -> LoadResult:
    """`total` requests from `concurrency` connections, each waiting for its answer."""
    connections = [await Connection.open(port) for _ in range(concurrency)]
    latencies: list[float] = []
    failures = 0
    remaining = total

    async def worker(connection: Connection) -> None:
        nonlocal remaining, failures
        while remaining > 0:
            remaining -= 1
            started = time.perf_counter()
            status, _ = await connection.send(raw)
            latencies.append((time.perf_counter() - started) * 1000)
            failures += status != 200

    started = time.perf_counter()
    await asyncio.gather(*(worker(c) for c in connections))
    wall = time.perf_counter() - started
    for connection in connections:
        connection.close()
    return LoadResult(latencies, wall, failures)


async def run_paced(port: int, raw: bytes, rate: float, total: int) -> LoadResult:
    """`total` requests on one connection, started `1 / rate` seconds apart."""
    connection = await Connection.open(port)
    latencies: list[float] = []
    failures = 0
    started = time.perf_counter()
    for index in range(total):
        await asyncio.sleep(max(0.0, started + index / rate - time.perf_counter()))
        sent = time.perf_counter()
        status, _ = await connection.send(raw)
        latencies.append((time.perf_counter() - sent) * 1000)
        failures += status != 200
    wall = time.perf_counter() - started
    connection.close()
    return LoadResult(latencies, wall, failures)


async def first_answer(port: int, raw: bytes, deadline_s: float) -> float:
    """Polls until the server answers 200; the monotonic time of that answer."""
    limit = time.monotonic() + deadline_s
    while time.monotonic() < limit:
        try:
            connection = await Connection.open(port)
        except OSError:
            await asyncio.sleep(0.005)
            continue
        try:
            status, _ = await connection.send(raw)
        except (OSError, asyncio.IncompleteReadError):
            status = 0
        finally:
            connection.close()
        if status == 200:
            return time.monotonic()
        await asyncio.sleep(0.005)
    raise TimeoutError("the server did not answer in time")


class _Timespec(ctypes.Structure):
    _fields_ = (("tv_sec", ctypes.c_long), ("tv_nsec", ctypes.c_long))


def process_cpu_ms(pid: int) -> float:
    """CPU time of a process so far (every thread, user and system), read from the
    kernel's clock for that process: to the nanosecond, where /proc/<pid>/stat counts
    whole 10 ms ticks, too coarse for a quiet server."""
    clock = ctypes.c_int()
    spec = _Timespec()
    if _LIBC.clock_getcpuclockid(pid, ctypes.byref(clock)) != 0:
        raise ProcessLookupError(f"no CPU clock for process {pid}")
    if _LIBC.clock_gettime(clock, ctypes.byref(spec)) != 0:
        raise OSError(ctypes.get_errno(), f"cannot read the CPU clock of process {pid}")
    return spec.tv_sec * 1e3 + spec.tv_nsec / 1e6
