"""`KaziServer`'s main loop: a tick a second that refreshes the date header, and an exit
signal that ends it at once rather than at the next tick."""

import asyncio
import itertools
import signal
from typing import Any

import pytest
import uvicorn
import uvicorn.server

from kazi.kit import server as server_module
from kazi.kit.server import KaziServer


async def _app(scope: Any, receive: Any, send: Any) -> None:
    raise AssertionError("no request is sent")


def _server() -> KaziServer:
    config = uvicorn.Config(_app, lifespan="off", log_config=None)
    config.load()
    return KaziServer(config)


async def _wait_for_loop(server: KaziServer) -> None:
    for _ in range(1000):  # the loop sets up its exit event on its first run
        if server.server_state.default_headers:
            return
        await asyncio.sleep(0.001)
    raise AssertionError("the main loop did not start")


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
async def test_the_exit_signal_ends_the_loop_without_waiting_for_a_tick(
    monkeypatch: pytest.MonkeyPatch, sig: signal.Signals
) -> None:
    monkeypatch.setattr(server_module, "TICK_S", 3600.0)  # a tick would never come
    server = _server()
    loop = asyncio.create_task(server.main_loop())
    await _wait_for_loop(server)
    server.handle_exit(sig, None)
    await asyncio.wait_for(loop, timeout=10)  # guards against a hang only
    assert server.should_exit


class _DateSpy(KaziServer):
    """Notes the date header after each tick."""

    dates: list[bytes]

    async def on_tick(self, counter: int) -> bool:
        should_exit = await super().on_tick(counter)
        self.dates.append(dict(self.server_state.default_headers)[b"date"])
        return should_exit


async def test_every_tick_refreshes_the_date_header(monkeypatch: pytest.MonkeyPatch) -> None:
    days = itertools.count()
    monkeypatch.setattr(uvicorn.server.time, "time", lambda: 86_400.0 * next(days))
    monkeypatch.setattr(server_module, "TICK_S", 0.001)
    config = uvicorn.Config(_app, lifespan="off", log_config=None)
    config.load()
    server = _DateSpy(config)
    server.dates = []
    loop = asyncio.create_task(server.main_loop())
    for _ in range(1000):
        if len(server.dates) >= 5:
            break
        await asyncio.sleep(0.002)
    server.handle_exit(signal.SIGTERM, None)
    await asyncio.wait_for(loop, timeout=10)
    assert len(server.dates) >= 5
    assert len(set(server.dates)) == len(server.dates), server.dates  # a new day each tick
