"""`KaziServer`'s main loop sleeps until an exit request, and the protocol keeps the
`date` header current, as uvicorn's periodic tick did."""

import asyncio
import signal
import threading
from collections.abc import AsyncIterator
from email.utils import formatdate
from typing import Any

import pytest
import uvicorn

from kazi.kit import server as server_module
from kazi.kit.server import KaziHttpProtocol, KaziServer


async def _app(scope: Any, receive: Any, send: Any) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"ok"})


class _TickCounter(KaziServer):
    ticks = 0

    async def on_tick(self, counter: int) -> bool:
        self.ticks += 1
        return await super().on_tick(counter)


def _server() -> _TickCounter:
    config = uvicorn.Config(_app, lifespan="off", log_config=None)
    config.load()
    return _TickCounter(config)


async def _wait_for_loop(server: KaziServer) -> None:
    for _ in range(1000):  # the first tick sets the headers
        if server.server_state.default_headers:
            return
        await asyncio.sleep(0.001)
    raise AssertionError("the main loop did not start")


async def test_an_idle_loop_does_not_wake() -> None:
    server = _server()
    loop = asyncio.create_task(server.main_loop())
    await _wait_for_loop(server)
    await asyncio.sleep(1.2)  # uvicorn's loop would have ticked 12 times, a 1 s one once
    assert server.ticks == 1
    server.handle_exit(signal.SIGTERM, None)
    await asyncio.wait_for(loop, timeout=10)  # guards against a hang only


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
async def test_the_exit_signal_ends_the_loop(sig: signal.Signals) -> None:
    server = _server()
    loop = asyncio.create_task(server.main_loop())
    await _wait_for_loop(server)
    server.handle_exit(sig, None)
    await asyncio.wait_for(loop, timeout=10)  # guards against a hang only
    assert server.should_exit
    assert server.ticks == 2


async def test_should_exit_set_from_another_thread_ends_the_loop() -> None:
    server = _server()
    loop = asyncio.create_task(server.main_loop())
    await _wait_for_loop(server)
    setter = threading.Thread(target=setattr, args=(server, "should_exit", True))
    setter.start()
    await asyncio.wait_for(loop, timeout=10)  # as a supervisor or a test stops it
    setter.join()
    assert server.ticks == 2


@pytest.fixture
async def serving() -> AsyncIterator[int]:
    config = uvicorn.Config(
        _app, host="127.0.0.1", port=0, http=KaziHttpProtocol, lifespan="off", log_config=None
    )
    server = KaziServer(config)
    task = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110 (uvicorn offers no event to wait on)
        await asyncio.sleep(0.01)
    yield server.servers[0].sockets[0].getsockname()[1]
    server.should_exit = True
    await asyncio.wait_for(task, timeout=10)


async def test_each_request_carries_the_date_it_was_served(
    serving: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", serving)
    dates = []
    for day in range(3):  # one connection, a day apart: the server slept in between
        now = 1_700_000_000.0 + 86_400 * day
        monkeypatch.setattr(server_module.time, "time", lambda now=now: now)
        writer.write(b"GET / HTTP/1.1\r\nhost: kazi\r\n\r\n")
        head = await asyncio.wait_for(reader.readuntil(b"ok"), 10)
        headers = dict(
            line.split(": ", 1) for line in head.decode().split("\r\n")[1:] if ": " in line
        )
        assert headers["date"] == formatdate(now, usegmt=True)
        dates.append(headers["date"])
    writer.close()
    assert len(set(dates)) == 3
