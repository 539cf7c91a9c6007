"""The soak's open-loop load: chat completions sent at a fixed rate, whatever the answers
take, each on a connection of its own (as many independent clients would), so that the
kernel spreads them over the workers and a stopping worker strands no idle connection.
"""

import asyncio
import json
import time
from dataclasses import dataclass

from gateway_parts import request_bytes

REQUEST_TIMEOUT_S = 120.0  # above the router's 90 s deadline: a timeout here is Kazi's fault
STREAM_EVERY = 3  # one request in three asks for a stream
_MESSAGES = [{"role": "user", "content": "Say hello."}]


@dataclass(frozen=True, slots=True)
class Outcome:
    started: float  # wall-clock time the request was sent
    latency_ms: float
    status: int  # the HTTP status; 0 when no answer came (connection error or timeout)
    ok: bool  # a whole answer: a completion, or a stream that reached [DONE] without error
    stream: bool

    @property
    def ended(self) -> float:
        return self.started + self.latency_ms / 1000


def chat_request(key: str, stream: bool) -> bytes:
    body: dict[str, object] = {"model": "kazi/chat", "messages": _MESSAGES}
    if stream:
        body |= {"stream": True, "stream_options": {"include_usage": True}}
    raw = request_bytes("/v1/chat/completions", json.dumps(body).encode(), key)
    # One exchange per connection: the answer then ends where the stream does.
    return raw.replace(b"\r\n", b"\r\nconnection: close\r\n", 1)


async def run_open_loop(port: int, key: str, rate: float, duration_s: float) -> list[Outcome]:
    """Sends `rate` requests a second for `duration_s`; returns every outcome, in order."""
    requests = {False: chat_request(key, False), True: chat_request(key, True)}
    loop = asyncio.get_running_loop()
    began = loop.time()
    tasks: list[asyncio.Task[Outcome]] = []
    for index in range(int(rate * duration_s)):
        delay = began + index / rate - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        stream = index % STREAM_EVERY == 0
        tasks.append(asyncio.create_task(send_one(port, requests[stream], stream)))
    return list(await asyncio.gather(*tasks))


async def send_one(port: int, raw: bytes, stream: bool) -> Outcome:
    started, clock = time.time(), time.perf_counter()
    try:
        async with asyncio.timeout(REQUEST_TIMEOUT_S):
            answer = await _exchange(port, raw)
    except (OSError, TimeoutError):
        answer = b""
    latency_ms = (time.perf_counter() - clock) * 1000
    status = int(answer[9:12]) if answer.startswith(b"HTTP/1.1 ") else 0
    return Outcome(started, latency_ms, status, _complete(status, answer, stream), stream)


async def _exchange(port: int, raw: bytes) -> bytes:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(raw)
        return await reader.read()  # to the end: the server closes after its answer
    finally:
        writer.close()


def _complete(status: int, answer: bytes, stream: bool) -> bool:
    if status != 200:
        return False
    if stream:  # an error after the 200 arrives as the stream's last event
        return b"data: [DONE]" in answer and b'data: {"error"' not in answer
    return b'"chat.completion"' in answer
