"""The fetcher: URL rules, address policy, pinning, redirects, and time/size/type limits.

No test reaches a non-loopback address: public addresses given to the fetcher
go through RecordingBackend, which records them and connects to 127.0.0.1.
"""

import asyncio
import codecs
import ipaddress
import logging
import socket
import time

import httpcore2
import pytest

from kazi.jobs.fetcher import (
    USER_AGENT,
    FetchError,
    FetchErrorCode,
    FetchLimits,
    decode_body,
    fetch_page,
)
from kazi.jobs.pinning import PinnedNetworkBackend
from tests.jobs.jobs_http_doubles import (
    PAGE_BODY,
    RecordingBackend,
    ScriptedResolver,
    endless_body,
    redirect,
    respond,
    slow_drip,
)

PUBLIC_IP = "93.184.215.14"
OTHER_PUBLIC_IP = "151.101.1.69"
PAGE_TEXT = PAGE_BODY.decode()

BLOCKED_ANSWERS = [
    "127.0.0.1",
    "127.255.255.254",
    "10.1.2.3",
    "172.16.5.4",
    "172.31.255.1",
    "192.168.1.10",
    "169.254.169.254",
    "169.254.1.1",
    "100.64.0.1",
    "100.127.255.254",
    "224.0.0.251",
    "239.255.255.250",
    "240.0.0.1",
    "255.255.255.255",
    "0.0.0.0",  # noqa: S104 - a DNS answer to refuse, not an address to bind
    "192.0.2.10",
    "198.18.0.1",
    "::1",
    "::",
    "fd00::1",
    "fc00::5",
    "fe80::1",
    "fe80::1%eth0",
    "ff02::1",
    "::ffff:127.0.0.1",
    "::ffff:10.0.0.1",
    "::ffff:169.254.169.254",
    "::127.0.0.1",
    "2002:7f00:1::1",
    "2002:a9fe:a9fe::1",
    "64:ff9b::a00:1",
    "64:ff9b::7f00:1",
    "2001:db8::1",
    "fec0::1",
]

NUMERIC_LOOPBACK_URLS = [
    "http://2130706433/",
    "http://0177.0.0.1/",
    "http://0x7f.1/",
    "http://127.1/",
    "http://0x7f000001/",
    "http://017700000001/",
    "http://0x7F.0.0.0x1/",
    "http://127.0.0.1./",
    "http://[::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:7f00:1]/",
]
NUMERIC_METADATA_URLS = [
    "http://169.254.169.254/latest/meta-data/",
    "http://0xa9.0xfe.0xa9.0xfe/",
    "http://169.254.43518/",
    "http://2852039166/",
    "http://0251.0376.0251.0376/",
]

BAD_URLS = [
    "ftp://jobs.example/file",
    "file:///etc/passwd",
    "javascript:alert(1)",
    "gopher://jobs.example/",
    "http://user:secret@jobs.example/",
    "http://user@jobs.example/",
    "https://:secret@jobs.example/",
    "http://jobs.example\\@127.0.0.1/",
    "http:///no-host",
    "http://1.2.3.256/",
    "http://08.0.0.1/",
    "http://1.2.3.4.5/",
    "http://jobs.123/",
    "http://%31%32%37.0.0.1/",
    "http://jobs.example:0/",
    "http://jobs.example:99999/",
    "http://[fe80::1%25eth0]/",
    "http://exa mple.com/",
    "http://jobs.example/\r\nX-Injected: 1",
    "",
]


def allow_nothing_resolver() -> ScriptedResolver:
    return ScriptedResolver({})


async def expect_code(code: FetchErrorCode, url: str, **kwargs: object) -> FetchError:
    with pytest.raises(FetchError) as caught:
        await fetch_page(url, **kwargs)  # type: ignore[arg-type]
    assert caught.value.code is code, caught.value.code
    return caught.value


@pytest.mark.parametrize("answer", BLOCKED_ANSWERS)
async def test_every_non_public_dns_answer_is_blocked_before_connecting(answer: str) -> None:
    resolver = ScriptedResolver({"jobs.example": [[answer]]})
    backend = RecordingBackend()
    await expect_code(
        FetchErrorCode.BLOCKED_ADDRESS,
        "https://jobs.example/listing/1",
        resolver=resolver,
        network_backend=backend,
    )
    assert resolver.calls == ["jobs.example"]
    assert backend.connections == []


async def test_one_private_address_among_public_ones_blocks_the_host() -> None:
    resolver = ScriptedResolver({"jobs.example": [[PUBLIC_IP, "10.0.0.7", OTHER_PUBLIC_IP]]})
    backend = RecordingBackend()
    await expect_code(
        FetchErrorCode.BLOCKED_ADDRESS,
        "https://jobs.example/",
        resolver=resolver,
        network_backend=backend,
    )
    assert backend.connections == []


@pytest.mark.parametrize("url", NUMERIC_LOOPBACK_URLS + NUMERIC_METADATA_URLS)
async def test_numeric_host_forms_are_normalised_and_blocked_without_dns(url: str) -> None:
    resolver = allow_nothing_resolver()
    backend = RecordingBackend()
    await expect_code(
        FetchErrorCode.BLOCKED_ADDRESS, url, resolver=resolver, network_backend=backend
    )
    assert resolver.calls == []
    assert backend.connections == []


async def test_name_resolving_to_loopback_is_blocked_with_the_system_resolver() -> None:
    await expect_code(FetchErrorCode.BLOCKED_ADDRESS, "http://localhost/")


@pytest.mark.parametrize("url", BAD_URLS)
async def test_malformed_or_unsupported_urls_are_rejected(url: str) -> None:
    backend = RecordingBackend()
    error = await expect_code(
        FetchErrorCode.BAD_URL, url, resolver=allow_nothing_resolver(), network_backend=backend
    )
    assert error.public_message == "That link is not a valid web address."
    assert backend.connections == []


async def test_public_message_is_generic_and_details_go_to_the_log(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="kazi.jobs.fetcher")
    error = await expect_code(
        FetchErrorCode.BLOCKED_ADDRESS,
        "http://jobs.example/",
        resolver=ScriptedResolver({"jobs.example": [["169.254.169.254"]]}),
    )
    assert "169.254" not in str(error)
    assert str(error) == "That link points to an address Kazi does not fetch."
    assert "169.254.169.254" in caplog.text
    assert "link_local" in caplog.text


async def test_connection_goes_to_the_checked_address_with_original_host_header(
    local_server,
) -> None:
    local_server.routes["/job"] = respond()
    resolver = ScriptedResolver({"jobs.example": [["127.0.0.1"]]})
    page = await fetch_page(
        local_server.url("/job", host="jobs.example"), allow_private=True, resolver=resolver
    )
    assert page.status_code == 200
    assert page.url == f"http://jobs.example:{local_server.port}/job"
    assert page.text == PAGE_TEXT
    seen = local_server.seen[-1]
    assert seen.headers["host"] == f"jobs.example:{local_server.port}"
    assert seen.headers["user-agent"] == USER_AGENT == "Kazi/0.1 (+job-posting fetcher)"


async def test_dns_answer_changing_after_the_check_is_never_used(local_server) -> None:
    local_server.routes["/job"] = respond()
    # First answer public, any later one loopback: a rebinding attempt.
    resolver = ScriptedResolver({"jobs.example": [[PUBLIC_IP], ["127.0.0.1"]]})
    backend = RecordingBackend(local_port=local_server.port)
    page = await fetch_page(
        local_server.url("/job", host="jobs.example"), resolver=resolver, network_backend=backend
    )
    assert page.text == PAGE_TEXT
    assert resolver.calls == ["jobs.example"]
    assert backend.connections == [(PUBLIC_IP, local_server.port)]


async def test_rebinding_on_a_redirect_hop_is_checked_again(local_server) -> None:
    local_server.routes["/start"] = redirect("/job")
    local_server.routes["/job"] = respond()
    resolver = ScriptedResolver({"jobs.example": [[PUBLIC_IP], ["127.0.0.1"]]})
    backend = RecordingBackend(local_port=local_server.port)
    await expect_code(
        FetchErrorCode.BLOCKED_ADDRESS,
        local_server.url("/start", host="jobs.example"),
        resolver=resolver,
        network_backend=backend,
    )
    assert resolver.calls == ["jobs.example", "jobs.example"]
    assert backend.connections == [(PUBLIC_IP, local_server.port)]
    assert [request.path for request in local_server.seen] == ["/start"]


@pytest.mark.parametrize(
    "location",
    [
        "http://10.0.0.5/admin",
        "http://169.254.169.254/latest/meta-data/iam/",
        "http://0x7f.1/",
        "http://[::1]:8080/",
        "http://internal.example/",
    ],
)
async def test_redirect_to_a_private_address_is_blocked(local_server, location: str) -> None:
    local_server.routes["/go"] = redirect(location)
    resolver = ScriptedResolver(
        {"jobs.example": [[PUBLIC_IP]], "internal.example": [["192.168.0.10"]]}
    )
    backend = RecordingBackend(local_port=local_server.port)
    await expect_code(
        FetchErrorCode.BLOCKED_ADDRESS,
        local_server.url("/go", host="jobs.example"),
        resolver=resolver,
        network_backend=backend,
    )
    assert backend.connections == [(PUBLIC_IP, local_server.port)]


async def test_redirect_with_credentials_or_bad_scheme_is_rejected(local_server) -> None:
    local_server.routes["/creds"] = redirect("http://admin:pw@jobs.example/")
    local_server.routes["/scheme"] = redirect("file:///etc/passwd")
    resolver = ScriptedResolver({"jobs.example": [[PUBLIC_IP]]})
    for path in ("/creds", "/scheme"):
        await expect_code(
            FetchErrorCode.BAD_URL,
            local_server.url(path, host="jobs.example"),
            resolver=resolver,
            network_backend=RecordingBackend(local_port=local_server.port),
        )


async def test_public_numeric_host_is_pinned_in_canonical_form(local_server) -> None:
    local_server.routes["/job"] = respond()
    backend = RecordingBackend(local_port=local_server.port)
    resolver = allow_nothing_resolver()
    # 0x97.0x65.1.69 is 151.101.1.69 written in hex; the page is served locally.
    page = await fetch_page(
        f"http://0x97.0x65.1.69:{local_server.port}/job",
        resolver=resolver,
        network_backend=backend,
    )
    assert page.url == f"http://151.101.1.69:{local_server.port}/job"
    assert backend.connections == [(OTHER_PUBLIC_IP, local_server.port)]
    assert resolver.calls == []


async def test_relative_redirects_are_followed(local_server) -> None:
    local_server.routes["/a"] = redirect("/b", "301 Moved Permanently")
    local_server.routes["/b"] = redirect(
        f"http://127.0.0.1:{local_server.port}/job", "307 Temporary Redirect"
    )
    local_server.routes["/job"] = respond()
    page = await fetch_page(local_server.url("/a"), allow_private=True)
    assert page.url == local_server.url("/job")
    assert [request.path for request in local_server.seen] == ["/a", "/b", "/job"]


async def test_five_redirects_are_allowed_and_six_are_too_many(local_server) -> None:
    for hop in range(6):
        local_server.routes[f"/hop{hop}"] = redirect(f"/hop{hop + 1}")
    local_server.routes["/hop6"] = respond()
    page = await fetch_page(local_server.url("/hop1"), allow_private=True)
    assert page.url == local_server.url("/hop6")
    await expect_code(
        FetchErrorCode.TOO_MANY_REDIRECTS, local_server.url("/hop0"), allow_private=True
    )


async def test_redirect_loop_stops(local_server) -> None:
    local_server.routes["/loop"] = redirect("/loop")
    await expect_code(
        FetchErrorCode.TOO_MANY_REDIRECTS, local_server.url("/loop"), allow_private=True
    )
    assert len(local_server.seen) == 6


async def test_slow_drip_body_hits_the_total_deadline(local_server) -> None:
    local_server.routes["/drip"] = slow_drip(interval=0.05, chunks=200)
    limits = FetchLimits(connect_timeout=1.0, total_timeout=0.5)
    started = time.monotonic()
    await expect_code(
        FetchErrorCode.TIMEOUT, local_server.url("/drip"), allow_private=True, limits=limits
    )
    elapsed = time.monotonic() - started
    assert 0.4 <= elapsed < 2.0


async def test_oversized_streamed_body_is_cut_at_the_cap(local_server) -> None:
    local_server.routes["/big"] = endless_body(3 * 1024 * 1024)
    await expect_code(FetchErrorCode.TOO_LARGE, local_server.url("/big"), allow_private=True)


async def test_declared_oversized_body_is_refused_before_reading(local_server) -> None:
    local_server.routes["/declared"] = respond(body=b"x" * 5_000)
    limits = FetchLimits(max_bytes=1_000)
    await expect_code(
        FetchErrorCode.TOO_LARGE, local_server.url("/declared"), allow_private=True, limits=limits
    )
    page = await fetch_page(
        local_server.url("/declared"), allow_private=True, limits=FetchLimits(max_bytes=5_000)
    )
    assert len(page.text) == 5_000


@pytest.mark.parametrize("content_type", ["application/pdf", "application/json", "image/png", None])
async def test_content_type_outside_the_allowlist_is_refused(
    local_server, content_type: str | None
) -> None:
    local_server.routes["/file"] = respond(body=b"%PDF-1.7", content_type=content_type)
    await expect_code(
        FetchErrorCode.BAD_CONTENT_TYPE, local_server.url("/file"), allow_private=True
    )


@pytest.mark.parametrize(
    ("content_type", "expected"),
    [
        ("text/plain", "text/plain"),
        ("application/xhtml+xml; charset=utf-8", "application/xhtml+xml"),
    ],
)
async def test_allowed_content_types_are_read(
    local_server, content_type: str, expected: str
) -> None:
    local_server.routes["/doc"] = respond(body=b"Job: Driver", content_type=content_type)
    page = await fetch_page(local_server.url("/doc"), allow_private=True)
    assert (page.content_type, page.text) == (expected, "Job: Driver")


async def test_error_status_is_an_http_error(local_server) -> None:
    await expect_code(FetchErrorCode.HTTP_ERROR, local_server.url("/missing"), allow_private=True)
    local_server.routes["/boom"] = respond("500 Internal Server Error")
    await expect_code(FetchErrorCode.HTTP_ERROR, local_server.url("/boom"), allow_private=True)


async def test_refused_connection_is_unreachable() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    await expect_code(
        FetchErrorCode.UNREACHABLE, f"http://127.0.0.1:{closed_port}/", allow_private=True
    )


async def test_unresolvable_host_is_unreachable() -> None:
    await expect_code(
        FetchErrorCode.UNREACHABLE, "http://jobs.example/", resolver=allow_nothing_resolver()
    )


async def test_allow_private_lifts_only_the_address_check(local_server) -> None:
    local_server.routes["/job"] = respond()
    page = await fetch_page(local_server.url("/job"), allow_private=True)
    assert page.text == PAGE_TEXT
    await expect_code(FetchErrorCode.BAD_URL, "http://u:p@127.0.0.1/", allow_private=True)
    await expect_code(FetchErrorCode.BLOCKED_ADDRESS, local_server.url("/job"))


async def test_charset_comes_from_header_then_meta(local_server) -> None:
    local_server.routes["/latin"] = respond(
        body="<p>Café, Nyeri</p>".encode("cp1252"), content_type="text/html; charset=ISO-8859-1"
    )
    local_server.routes["/meta"] = respond(
        body='<meta charset="windows-1252"><p>Résumé</p>'.encode("cp1252"),
        content_type="text/html",
    )
    latin = await fetch_page(local_server.url("/latin"), allow_private=True)
    meta = await fetch_page(local_server.url("/meta"), allow_private=True)
    assert (latin.text, latin.charset) == ("<p>Café, Nyeri</p>", "cp1252")
    assert (meta.text, meta.charset) == ('<meta charset="windows-1252"><p>Résumé</p>', "cp1252")


def test_decode_body_prefers_a_byte_order_mark() -> None:
    text, charset = decode_body(codecs.BOM_UTF8 + b"Kazi", "text/html; charset=latin-1")
    assert (text, charset) == ("Kazi", "utf-8")
    assert decode_body(b"\xff\xfeK\x00", "text/html") == ("K", "utf-16-le")
    assert decode_body(b"caf\xc3\xa9", "text/html; charset=nonsense") == ("café", "utf-8")


async def test_pinned_backend_refuses_a_host_it_was_not_given() -> None:
    backend = PinnedNetworkBackend(RecordingBackend())
    with pytest.raises(httpcore2.ConnectError):
        await backend.connect_tcp("elsewhere.example", 80)
    with pytest.raises(httpcore2.ConnectError):
        await backend.connect_unix_socket("/var/run/docker.sock")


async def test_pinned_backend_tries_each_checked_address_in_order() -> None:
    inner = RecordingBackend()
    backend = PinnedNetworkBackend(inner)
    backend.pin(
        "jobs.example", [ipaddress.ip_address(PUBLIC_IP), ipaddress.ip_address("2606:4700::1")]
    )
    with pytest.raises(httpcore2.ConnectError):
        await backend.connect_tcp("jobs.example", 443)
    assert inner.connections == [(PUBLIC_IP, 443), ("2606:4700::1", 443)]


async def test_concurrent_fetches_do_not_share_pins(local_server) -> None:
    local_server.routes["/job"] = respond()
    first = ScriptedResolver({"jobs.example": [["127.0.0.1"]]})
    second = ScriptedResolver({"jobs.example": [["10.9.9.9"]]})
    results = await asyncio.gather(
        fetch_page(
            local_server.url("/job", host="jobs.example"), allow_private=True, resolver=first
        ),
        fetch_page(local_server.url("/job", host="jobs.example"), resolver=second),
        return_exceptions=True,
    )
    assert results[0].text == PAGE_TEXT  # type: ignore[union-attr]
    assert isinstance(results[1], FetchError)
    assert results[1].code is FetchErrorCode.BLOCKED_ADDRESS
