"""Which network addresses a server-side fetch may reach, and how hosts are read.

A URL can name an address in forms that a resolver accepts but a naive check
misses (``2130706433``, ``0x7f.1``, ``0177.0.0.1``, ``127.1``), and an IPv6
address can carry an IPv4 one inside it. Everything here is pure so that each
case can be tested without a network.
"""

import ipaddress
import re

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_NAT64_PREFIX = ipaddress.IPv6Network("64:ff9b::/96")
_IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")
# Carrier-grade NAT space: not private by RFC 1918, yet never a public server.
_SHARED_ADDRESS_SPACE = ipaddress.IPv4Network("100.64.0.0/10")
_NUMERIC_PART = re.compile(r"^(?:0[xX][0-9a-fA-F]*|[0-9]+)$")
_HOST_LABEL = re.compile(r"^(?!-)[a-z0-9_-]{1,63}(?<!-)$")


class HostSyntaxError(ValueError):
    """The host part of a URL is not a well-formed host name or address."""


def _numeric_part_value(part: str) -> int:
    """Read one dotted part the way ``inet_aton`` does: 0x.. hex, 0.. octal, else decimal."""
    if part[:2].lower() == "0x":
        return int(part[2:], 16) if len(part) > 2 else 0
    if len(part) > 1 and part.startswith("0"):
        if not set(part) <= set("01234567"):
            raise HostSyntaxError(f"invalid octal part {part!r}")
        return int(part, 8)
    return int(part, 10)


def parse_numeric_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """Return the IPv4 address a numeric host denotes, or None if the host is a name.

    One to four parts; the last part fills all the bytes the earlier ones did not
    (``127.1`` is 127.0.0.1, ``2130706433`` is 127.0.0.1). A host whose last label
    is numeric but which is not a valid address raises, as a browser would refuse it.
    """
    parts = host.split(".")
    if parts and parts[-1] == "":
        parts.pop()
    if not parts or not _NUMERIC_PART.match(parts[-1]):
        return None
    if len(parts) > 4 or not all(_NUMERIC_PART.match(part) for part in parts):
        raise HostSyntaxError(f"host {host!r} ends in a number but is not an address")
    values = [_numeric_part_value(part) for part in parts]
    *leading, last = values
    if any(value > 0xFF for value in leading):
        raise HostSyntaxError(f"address part out of range in {host!r}")
    remaining_bytes = 4 - len(leading)
    if last >= 1 << (8 * remaining_bytes):
        raise HostSyntaxError(f"last address part out of range in {host!r}")
    number = last
    for index, value in enumerate(leading):
        number |= value << (8 * (3 - index))
    return ipaddress.IPv4Address(number)


def parse_host(host: str) -> IPAddress | None:
    """Return the address a URL host denotes literally, or None for a host name.

    Raises HostSyntaxError for anything that is neither a clean host name nor an address.
    """
    if not host:
        raise HostSyntaxError("empty host")
    if "%" in host:
        # Zone identifiers and percent-encoding in hosts have no place in a public URL.
        raise HostSyntaxError("percent sign in host")
    if ":" in host:
        try:
            return ipaddress.IPv6Address(host.strip("[]"))
        except ValueError as error:
            raise HostSyntaxError(f"invalid IPv6 host {host!r}") from error
    numeric = parse_numeric_ipv4(host)
    if numeric is not None:
        return numeric
    check_host_name(host)
    return None


def check_host_name(host: str) -> None:
    """Raise HostSyntaxError unless host is an ASCII (IDNA-encoded) DNS name."""
    name = host[:-1] if host.endswith(".") else host
    if not name or len(name) > 253:
        raise HostSyntaxError("host name length")
    if not all(_HOST_LABEL.match(label) for label in name.split(".")):
        raise HostSyntaxError(f"invalid host name {host!r}")


def embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one carries (mapped, 6to4, NAT64, compatible), if any."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in _NAT64_PREFIX or (address in _IPV4_COMPATIBLE and int(address) > 1):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def _ipv4_block_reason(address: ipaddress.IPv4Address) -> str | None:
    checks = (
        (address.is_unspecified, "unspecified"),
        (address.is_loopback, "loopback"),
        (address.is_link_local, "link_local"),
        (address.is_multicast, "multicast"),
        (address.is_reserved, "reserved"),
        (address in _SHARED_ADDRESS_SPACE, "shared_cgnat"),
        (address.is_private, "private"),
        (not address.is_global, "not_global"),
    )
    return next((reason for matched, reason in checks if matched), None)


def _ipv6_block_reason(address: ipaddress.IPv6Address) -> str | None:
    carried = embedded_ipv4(address)
    if carried is not None:
        carried_reason = _ipv4_block_reason(carried)
        if carried_reason is not None:
            return f"embedded_{carried_reason}"
        if address.ipv4_mapped is not None or address in _NAT64_PREFIX:
            # These forms reach exactly the IPv4 host they carry, which was just allowed.
            return None
    checks = (
        (address.is_unspecified, "unspecified"),
        (address.is_loopback, "loopback"),
        (address.is_link_local, "link_local"),
        (address.is_site_local, "site_local"),
        (address.is_multicast, "multicast"),
        (address.is_reserved, "reserved"),
        (address.is_private, "private"),
        (not address.is_global, "not_global"),
    )
    return next((reason for matched, reason in checks if matched), None)


def block_reason(address: IPAddress) -> str | None:
    """Why a server-side fetch must not connect to this address; None when it may."""
    if isinstance(address, ipaddress.IPv4Address):
        return _ipv4_block_reason(address)
    return _ipv6_block_reason(address)
