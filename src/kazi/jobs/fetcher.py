"""Fetch a job page from a user-supplied URL without becoming an SSRF vector.

Each hop (the first URL and every redirect) is parsed strictly, its host
resolved once, every address checked, and the connection made to a checked
address only. Time, size and content type are bounded.
"""

import asyncio
import codecs
import functools
import logging
import re
import socket
import ssl
from collections.abc import Awaitable, Callable, Collection, Sequence
from dataclasses import dataclass
from enum import StrEnum
from ipaddress import ip_address
from urllib.parse import SplitResult, urlsplit, urlunsplit

import httpcore2
import httpx2

from kazi.jobs.pinning import PinnedNetworkBackend, PinnedTransport
from kazi.kit.addresses import HostSyntaxError, IPAddress, block_reason, parse_host

logger = logging.getLogger("kazi.jobs.fetcher")

USER_AGENT = "Kazi/0.1 (+job-posting fetcher)"
ALLOWED_CONTENT_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
_REQUEST_HEADERS = {
    "User-Agent": USER_AGENT,
    "Accept": "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8",
    "Accept-Language": "en-KE,en;q=0.9,sw;q=0.8,fr;q=0.7",
}

Resolver = Callable[[str, int], Awaitable[Sequence[str]]]
"""Maps (host, port) to the IP address strings the host resolves to."""


class FetchErrorCode(StrEnum):
    BAD_URL = "bad_url"
    BLOCKED_ADDRESS = "blocked_address"
    BLOCKED_PORT = "blocked_port"
    UNREACHABLE = "unreachable"
    TIMEOUT = "timeout"
    TOO_LARGE = "too_large"
    BAD_CONTENT_TYPE = "bad_content_type"
    TOO_MANY_REDIRECTS = "too_many_redirects"
    HTTP_ERROR = "http_error"


_PUBLIC_MESSAGES: dict[FetchErrorCode, str] = {
    FetchErrorCode.BAD_URL: "That link is not a valid web address.",
    FetchErrorCode.BLOCKED_ADDRESS: "That link points to an address Kazi does not fetch.",
    FetchErrorCode.BLOCKED_PORT: "That link names a port Kazi does not fetch from.",
    FetchErrorCode.UNREACHABLE: "The page could not be reached.",
    FetchErrorCode.TIMEOUT: "The page took too long to load.",
    FetchErrorCode.TOO_LARGE: "The page is too large to read.",
    FetchErrorCode.BAD_CONTENT_TYPE: "That link is not a web page Kazi can read.",
    FetchErrorCode.TOO_MANY_REDIRECTS: "The page redirected too many times.",
    FetchErrorCode.HTTP_ERROR: "The site returned an error for that page.",
}


class FetchError(Exception):
    """A fetch that failed; public_message is safe to show, details are only logged."""

    def __init__(self, code: FetchErrorCode, public_message: str | None = None) -> None:
        self.code = code
        self.public_message = public_message or _PUBLIC_MESSAGES[code]
        super().__init__(self.public_message)


@dataclass(frozen=True)
class FetchLimits:
    connect_timeout: float = 5.0
    total_timeout: float = 20.0
    max_bytes: int = 2 * 1024 * 1024
    max_redirects: int = 5


DEFAULT_FETCH_LIMITS = FetchLimits()
# The ports a job link may name unless KAZI_FETCH_ALLOWED_PORTS lists others.
DEFAULT_FETCH_PORTS = (80, 443)


@dataclass(frozen=True)
class FetchedPage:
    url: str
    status_code: int
    content_type: str
    charset: str
    text: str


@dataclass(frozen=True)
class FetchTarget:
    """One hop's URL after validation: the host to resolve and, if numeric, its address."""

    url: httpx2.URL
    host: str
    port: int
    literal: IPAddress | None


async def system_resolver(host: str, port: int) -> list[str]:
    """Resolve with the operating system's resolver, as a connection would."""
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    return [str(info[4][0]) for info in infos]


def _fail(code: FetchErrorCode, detail: str, *args: object) -> FetchError:
    logger.warning("fetch refused (%s): " + detail, code.value, *args)
    return FetchError(code)


def _canonical_netloc(parts: SplitResult, literal: IPAddress | None) -> str:
    host = parts.hostname or ""
    if literal is not None:
        host = f"[{literal}]" if literal.version == 6 else str(literal)
    return host if parts.port is None else f"{host}:{parts.port}"


def parse_fetch_url(raw_url: str) -> FetchTarget:
    """Validate a URL for fetching and put numeric hosts into canonical form."""
    if not raw_url or len(raw_url) > 4096 or any(ch <= " " or ch == "\x7f" for ch in raw_url):
        raise _fail(FetchErrorCode.BAD_URL, "empty, long or control characters")
    try:
        parts = urlsplit(raw_url)
        port = parts.port
    except ValueError as error:
        raise _fail(FetchErrorCode.BAD_URL, "unparsable %r: %s", raw_url, error) from error
    if parts.scheme.lower() not in ("http", "https"):
        raise _fail(FetchErrorCode.BAD_URL, "scheme %r", parts.scheme)
    if "@" in parts.netloc:
        raise _fail(FetchErrorCode.BAD_URL, "credentials in URL for host %r", parts.hostname)
    hostname = parts.hostname or ""
    try:
        # Non-ASCII names are IDNA-encoded by httpx2 and checked in that form below.
        literal = parse_host(hostname) if hostname.isascii() else None
    except HostSyntaxError as error:
        raise _fail(FetchErrorCode.BAD_URL, "host of %r: %s", raw_url, error) from error
    if port == 0:
        raise _fail(FetchErrorCode.BAD_URL, "port zero")
    rebuilt = urlunsplit(
        (parts.scheme.lower(), _canonical_netloc(parts, literal), parts.path, parts.query, "")
    )
    return _to_hop(rebuilt, literal)


def _to_hop(rebuilt: str, literal: IPAddress | None) -> FetchTarget:
    try:
        url = httpx2.URL(rebuilt)
    except httpx2.InvalidURL as error:
        raise _fail(FetchErrorCode.BAD_URL, "httpx2 rejected %r: %s", rebuilt, error) from error
    host = url.raw_host.decode("ascii")
    # The host checked must be exactly the host the HTTP layer will connect to.
    try:
        same_literal = parse_host(host) == literal
    except HostSyntaxError:
        same_literal = False
    if url.userinfo or not same_literal:
        raise _fail(FetchErrorCode.BAD_URL, "URL parsers disagree on %r", rebuilt)
    default_port = 443 if url.scheme == "https" else 80
    return FetchTarget(url=url, host=host, port=url.port or default_port, literal=literal)


async def _checked_addresses(
    hop: FetchTarget, resolver: Resolver, allow_private: bool
) -> list[IPAddress]:
    if hop.literal is not None:
        addresses: list[IPAddress] = [hop.literal]
    else:
        try:
            answers = await resolver(hop.host, hop.port)
        except OSError as error:
            raise _fail(FetchErrorCode.UNREACHABLE, "resolving %s: %s", hop.host, error) from error
        try:
            addresses = [ip_address(answer.split("%", 1)[0]) for answer in answers]
        except ValueError as error:
            raise _fail(FetchErrorCode.UNREACHABLE, "bad answer for %s", hop.host) from error
    if not addresses:
        raise _fail(FetchErrorCode.UNREACHABLE, "no addresses for %s", hop.host)
    if not allow_private:
        for address in addresses:
            reason = block_reason(address)
            if reason is not None:
                raise _fail(
                    FetchErrorCode.BLOCKED_ADDRESS, "%s -> %s (%s)", hop.host, address, reason
                )
    return addresses


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    return httpx2.create_ssl_context()


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def _declared_charset(content_type: str) -> str | None:
    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _codec_name(label: str | None) -> str | None:
    if not label:
        return None
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # Browsers read pages labelled Latin-1 or ASCII as Windows-1252, and so do we.
    return "cp1252" if name in ("latin-1", "iso8859-1", "ascii") else name


def decode_body(body: bytes, content_type: str) -> tuple[str, str]:
    """Decode a page: BOM, then the header's charset, then a <meta> charset, then UTF-8."""
    for bom, name in (
        (codecs.BOM_UTF8, "utf-8"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if body.startswith(bom):
            return body[len(bom) :].decode(name, errors="replace"), name
    meta = _META_CHARSET.search(body[:4096])
    charset = (
        _codec_name(_declared_charset(content_type))
        or _codec_name(meta.group(1).decode("ascii") if meta else None)
        or "utf-8"
    )
    return body.decode(charset, errors="replace"), charset


async def _read_body(response: httpx2.Response, max_bytes: int) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise _fail(FetchErrorCode.TOO_LARGE, "content-length %s", declared)
    chunks: list[bytes] = []
    received = 0
    async for chunk in response.aiter_bytes():
        received += len(chunk)
        if received > max_bytes:
            raise _fail(FetchErrorCode.TOO_LARGE, "body passed %d bytes", max_bytes)
        chunks.append(chunk)
    return b"".join(chunks)


def _redirect_target(response: httpx2.Response, current: httpx2.URL) -> str:
    location = response.headers.get("location")
    if not location:
        raise _fail(FetchErrorCode.HTTP_ERROR, "redirect %d without Location", response.status_code)
    try:
        return str(current.join(location))
    except httpx2.InvalidURL as error:
        raise _fail(FetchErrorCode.BAD_URL, "redirect to %r", location) from error


async def _follow(
    client: httpx2.AsyncClient,
    backend: PinnedNetworkBackend,
    url: str,
    options: "_FetchOptions",
) -> FetchedPage:
    hop = parse_fetch_url(url)
    for _ in range(options.limits.max_redirects + 1):
        if options.allowed_ports is not None and hop.port not in options.allowed_ports:
            # Refused before connecting: error codes must not tell open ports from closed.
            raise _fail(FetchErrorCode.BLOCKED_PORT, "port %d of %s", hop.port, hop.url)
        backend.pin(
            hop.host, await _checked_addresses(hop, options.resolver, options.allow_private)
        )
        async with client.stream("GET", hop.url) as response:
            if response.status_code in _REDIRECT_STATUSES:
                next_url = _redirect_target(response, hop.url)
                logger.info("redirect %s -> %s", hop.url, next_url)
                hop = parse_fetch_url(next_url)
                continue
            return await _page_from(response, hop, options.limits)
    raise _fail(FetchErrorCode.TOO_MANY_REDIRECTS, "more than %d", options.limits.max_redirects)


async def _page_from(
    response: httpx2.Response, hop: FetchTarget, limits: FetchLimits
) -> FetchedPage:
    if response.status_code >= 300 or response.status_code < 200:
        raise _fail(FetchErrorCode.HTTP_ERROR, "status %d from %s", response.status_code, hop.url)
    content_type = response.headers.get("content-type", "")
    media_type = _media_type(content_type)
    if media_type not in ALLOWED_CONTENT_TYPES:
        raise _fail(FetchErrorCode.BAD_CONTENT_TYPE, "%r from %s", media_type, hop.url)
    body = await _read_body(response, limits.max_bytes)
    text, charset = decode_body(body, content_type)
    return FetchedPage(
        url=str(hop.url),
        status_code=response.status_code,
        content_type=media_type,
        charset=charset,
        text=text,
    )


@dataclass(frozen=True)
class _FetchOptions:
    limits: FetchLimits
    resolver: Resolver
    allow_private: bool
    allowed_ports: Collection[int] | None


async def fetch_page(
    url: str,
    *,
    allow_private: bool = False,
    allowed_ports: Collection[int] | None = None,
    limits: FetchLimits = DEFAULT_FETCH_LIMITS,
    resolver: Resolver | None = None,
    network_backend: httpcore2.AsyncNetworkBackend | None = None,
) -> FetchedPage:
    """Fetch url as a job page. Raises FetchError.

    allow_private lifts only the address policy (for tests and local use).
    allowed_ports, when given, are the only ports any hop may name.
    resolver and network_backend replace DNS and the raw socket layer; the
    pinning between them stays in force.
    """
    options = _FetchOptions(limits, resolver or system_resolver, allow_private, allowed_ports)
    backend = PinnedNetworkBackend(network_backend)
    timeout = httpx2.Timeout(limits.total_timeout, connect=limits.connect_timeout)
    client = httpx2.AsyncClient(
        transport=PinnedTransport(backend, _ssl_context()),
        headers=_REQUEST_HEADERS,
        timeout=timeout,
        follow_redirects=False,
        trust_env=False,
    )
    try:
        async with client, asyncio.timeout(limits.total_timeout):
            return await _follow(client, backend, url, options)
    except TimeoutError as error:
        raise _fail(
            FetchErrorCode.TIMEOUT, "total deadline %.1fs for %s", limits.total_timeout, url
        ) from error
    except httpx2.TimeoutException as error:
        raise _fail(FetchErrorCode.TIMEOUT, "%s for %s", type(error).__name__, url) from error
    except httpx2.HTTPError as error:
        raise _fail(
            FetchErrorCode.UNREACHABLE, "%s for %s: %s", type(error).__name__, url, error
        ) from error
