"""Where a provider's `base_url` may point.

Loopback and private addresses stay allowed: Ollama or vLLM on the same machine or the
LAN are the point of a custom base URL. Cloud metadata services and link-local
addresses are refused (they hand out the host's credentials), whatever form the
address is written in, and so are credentials inside the URL: keys go in `api_key`,
where they are encrypted and never shown.
"""

from ipaddress import IPv6Address
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from kazi.kit.addresses import HostSyntaxError, IPAddress, embedded_ipv4, parse_host

# Names that reach a metadata service from inside a cloud instance.
METADATA_HOSTS = frozenset(
    {
        "metadata",
        "metadata.google.internal",
        "metadata.goog",
        "metadata.azure.com",
        "instance-data",
        "instance-data.ec2.internal",
        "metadata.tencentyun.com",
        "metadata.platformequinix.com",
    }
)
# Metadata addresses outside the link-local ranges.
METADATA_ADDRESSES = frozenset({"fd00:ec2::254", "100.100.100.200"})


class BaseUrlRefused(ValueError):
    """The base URL names a place a provider must not point at; the message says why."""


def check_base_url(url: str) -> None:
    """BaseUrlRefused unless `url` is an http(s) URL without credentials, aimed at
    neither a metadata service nor a link-local address."""
    parts = urlsplit(url)
    if parts.username is not None or parts.password is not None:
        raise BaseUrlRefused(
            "base_url must not contain a user name or password: put the key in api_key."
        )
    host = (parts.hostname or "").rstrip(".").lower()
    if host in METADATA_HOSTS:
        raise BaseUrlRefused(f"base_url must not point at a cloud metadata service ({host}).")
    try:
        address = parse_host(host)
    except HostSyntaxError as error:
        raise BaseUrlRefused(f"base_url has an invalid host: {error}") from None
    if address is not None and _refused_address(address):
        raise BaseUrlRefused(
            f"base_url must not point at a link-local or cloud metadata address ({address})."
        )


def _refused_address(address: IPAddress) -> bool:
    carried = embedded_ipv4(address) if isinstance(address, IPv6Address) else None
    return any(
        candidate.is_link_local or str(candidate) in METADATA_ADDRESSES
        for candidate in (address, carried)
        if candidate is not None
    )


def shown_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """Settings as an answer may show them: a base_url stored before credentials were
    refused keeps its host but not its user name or password."""
    url = settings.get("base_url")
    if not isinstance(url, str):
        return settings
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return settings
    host = parts.netloc.rpartition("@")[2]
    return {**settings, "base_url": urlunsplit(parts._replace(netloc=f"***@{host}"))}
