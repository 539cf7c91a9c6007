"""What reaches the adapters from the HTTP transport the SDKs use when no client is handed
in (aiohttp for the openai and anthropic SDKs, httpx2 for Gemini): a connection that is
dropped, or an answer that is not HTTP, is "unavailable", never a timeout; a proxy set in
the environment carries the calls; a certificate nobody trusts is refused; and a long
stream leaves other tasks time to run."""

import asyncio
import ssl
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from ipaddress import ip_address
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from kazi.llm.base import Provider
from kazi.llm.errors import ProviderUnavailable
from kazi.llm.registry import build
from kazi.llm.types import Prompt
from tests.fakes import FakeVendor, Reply
from tests.fakes.plugin import LiveFleet
from tests.llm.calls import answer, collect
from tests.llm.conftest import API_KEY
from tests.llm.wire import VendorCase

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
def without_proxy_settings(monkeypatch: pytest.MonkeyPatch) -> None:
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


@pytest.mark.usefixtures("without_proxy_settings")
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


@pytest.mark.usefixtures("without_proxy_settings")
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


def _self_signed(directory: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ip_address("127.0.0.1"))]), False
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest.mark.usefixtures("without_proxy_settings")
async def test_a_vendor_certificate_nobody_trusts_is_refused(
    case: VendorCase, mode: str, tmp_path: Path
) -> None:
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(*_self_signed(tmp_path))
    handshakes: list[bool] = []

    async def accept(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        handshakes.append(True)  # only reached once a TLS handshake has completed
        writer.close()

    server = await asyncio.start_server(accept, "127.0.0.1", 0, ssl=tls)
    port = server.sockets[0].getsockname()[1]
    provider = build(
        case.provider_type, {"api_key": API_KEY, "base_url": f"https://127.0.0.1:{port}/v1"}
    )
    try:
        with pytest.raises(ProviderUnavailable) as raised:
            await answer(provider, Prompt(user="x"), case.model, mode, timeout=5)
    finally:
        await provider.aclose()
        server.close()
        await server.wait_closed()
    assert handshakes == []
    assert API_KEY not in str(raised.value)
