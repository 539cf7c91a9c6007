"""What reaches the adapters from the HTTP transport the SDKs use when no client is handed
in (aiohttp for the openai and anthropic SDKs, httpx2 for Gemini): a connection that is
dropped, or an answer that is not HTTP, is "unavailable", never a timeout; a proxy set in
the environment carries the calls; and a long stream leaves other tasks time to run."""

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest

from kazi.llm.base import Provider
from kazi.llm.errors import ProviderUnavailable
from kazi.llm.registry import build
from kazi.llm.types import Prompt
from tests.fakes import FakeVendor, Reply
from tests.fakes.plugin import LiveFleet
from tests.llm.calls import answer, collect
from tests.llm.conftest import API_KEY
from tests.llm.wire import VendorCase

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]
_PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")


async def _hang_up(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await reader.readuntil(b"\r\n\r\n")
    writer.close()


async def _not_http(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await reader.readuntil(b"\r\n\r\n")
    writer.write(b"SMTP READY\r\n\r\n")
    await writer.drain()
    writer.close()


@pytest.fixture
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in _PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


@pytest.fixture(params=[_hang_up, _not_http], ids=["hangs-up", "not-http"])
async def broken_vendor(request: pytest.FixtureRequest) -> AsyncIterator[str]:
    server = await asyncio.start_server(request.param, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        server.close()
        await server.wait_closed()


@pytest.mark.usefixtures("no_proxy")
async def test_a_broken_connection_is_unavailable(
    case: VendorCase, mode: str, broken_vendor: str
) -> None:
    provider = build(case.provider_type, {"api_key": API_KEY, "base_url": broken_vendor})
    try:
        with pytest.raises(ProviderUnavailable) as raised:
            await answer(provider, Prompt(user="x"), case.model, mode, timeout=5)
        assert "did not answer in time" not in str(raised.value)
        assert API_KEY not in str(raised.value)
    finally:
        await provider.aclose()


@pytest.mark.usefixtures("no_proxy")
async def test_a_configured_proxy_carries_the_call(
    case: VendorCase, fake_fleet: LiveFleet, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The vendor's host does not resolve: only the proxy (the fakes' server, which reads
    # the absolute URL of a proxied request) can deliver the call.
    via_proxy = case.base_url(fake_fleet.urls).replace(
        fake_fleet.urls.origin, "http://vendor.invalid"
    )
    monkeypatch.setenv("HTTP_PROXY", fake_fleet.urls.origin)
    provider = build(case.provider_type, {"api_key": API_KEY, "base_url": via_proxy})
    try:
        completion = await provider.generate(Prompt(user="x"), model=case.model, timeout=5)
    finally:
        await provider.aclose()
    assert completion.text
    assert len(case.fake(fake_fleet.fakes).requests) == 1


async def test_a_long_stream_lets_other_tasks_run(
    provider: Provider, fake: FakeVendor, case: VendorCase
) -> None:
    # Read from a buffer, aiohttp's stream never suspends: the adapter must yield to the
    # event loop itself, or one answer holds up every other request (and its disconnect).
    fake.script(Reply(text="Accountant " * 3_000))
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0)

    ticker = asyncio.create_task(tick())
    try:
        streamed = await collect(provider, Prompt(user="x"), case.model)
    finally:
        ticker.cancel()
    assert len(streamed.deltas) >= 3_000
    assert ticks >= len(streamed.deltas)
