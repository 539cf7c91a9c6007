"""Host parsing the way inet_aton reads it, and the address policy for each range."""

import ipaddress

import pytest

from kazi.kit.addresses import (
    HostSyntaxError,
    block_reason,
    embedded_ipv4,
    parse_host,
    parse_numeric_ipv4,
)


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("127.0.0.1", "127.0.0.1"),
        ("2130706433", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("0x7f.1", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("127.0.1", "127.0.0.1"),
        ("0x7f000001", "127.0.0.1"),
        ("017700000001", "127.0.0.1"),
        ("0X7F.0x00.0.01", "127.0.0.1"),
        ("169.254.43518", "169.254.169.254"),
        ("0xa9fea9fe", "169.254.169.254"),
        ("10.1", "10.0.0.1"),
        ("0", "0.0.0.0"),  # noqa: S104 - an address parsed, not bound
        ("0x", "0.0.0.0"),  # noqa: S104 - an address parsed, not bound
        ("8.8.8.8.", "8.8.8.8"),
    ],
)
def test_numeric_hosts_read_like_inet_aton(host: str, expected: str) -> None:
    assert parse_numeric_ipv4(host) == ipaddress.IPv4Address(expected)


@pytest.mark.parametrize("host", ["jobs.example", "brightermonday.co.ke", "0x7f.example", "1a"])
def test_names_are_not_numeric(host: str) -> None:
    assert parse_numeric_ipv4(host) is None


@pytest.mark.parametrize(
    "host", ["1.2.3.256", "256.1", "1.16777216", "4294967296", "08.1.1.1", "1.2.3.4.5", "a.1"]
)
def test_invalid_numeric_hosts_raise(host: str) -> None:
    with pytest.raises(HostSyntaxError):
        parse_numeric_ipv4(host)


@pytest.mark.parametrize(
    "host", ["", "jobs_.example%2f", "exa mple.com", "-bad.example", "a..b", "x" * 64 + ".ke"]
)
def test_parse_host_rejects_malformed_hosts(host: str) -> None:
    with pytest.raises(HostSyntaxError):
        parse_host(host)


def test_parse_host_reads_ipv6_and_names() -> None:
    assert parse_host("[::ffff:127.0.0.1]") == ipaddress.IPv6Address("::ffff:7f00:1")
    assert parse_host("jobs.brightermonday.co.ke") is None
    assert parse_host("xn--mnchen-3ya.de") is None


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("10.0.0.1", "private"),
        ("172.20.1.1", "private"),
        ("192.168.0.1", "private"),
        ("169.254.169.254", "link_local"),
        ("100.64.0.1", "shared_cgnat"),
        ("224.0.0.1", "multicast"),
        ("240.0.0.1", "reserved"),
        ("0.0.0.0", "unspecified"),  # noqa: S104 - an address checked, not bound
        ("192.0.2.1", "private"),
        ("::1", "loopback"),
        ("::", "unspecified"),
        ("fd12:3456::1", "private"),
        ("fe80::1", "link_local"),
        ("fec0::1", "site_local"),
        ("ff02::1", "multicast"),
        ("::ffff:127.0.0.1", "embedded_loopback"),
        ("::ffff:10.0.0.1", "embedded_private"),
        ("2002:a9fe:a9fe::", "embedded_link_local"),
        ("64:ff9b::7f00:1", "embedded_loopback"),
        ("::127.0.0.1", "embedded_loopback"),
        ("2001:db8::1", "private"),
    ],
)
def test_block_reason_names_each_range(address: str, reason: str) -> None:
    assert block_reason(ipaddress.ip_address(address)) == reason


@pytest.mark.parametrize(
    "address", ["8.8.8.8", "41.90.64.10", "2606:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808"]
)
def test_public_addresses_are_allowed(address: str) -> None:
    assert block_reason(ipaddress.ip_address(address)) is None


def test_embedded_ipv4_forms() -> None:
    assert embedded_ipv4(ipaddress.IPv6Address("::ffff:1.2.3.4")) == ipaddress.IPv4Address(
        "1.2.3.4"
    )
    assert embedded_ipv4(ipaddress.IPv6Address("2002:0102:0304::")) == ipaddress.IPv4Address(
        "1.2.3.4"
    )
    assert embedded_ipv4(ipaddress.IPv6Address("64:ff9b::0102:0304")) == ipaddress.IPv4Address(
        "1.2.3.4"
    )
    assert embedded_ipv4(ipaddress.IPv6Address("2606:4700::1111")) is None
    assert embedded_ipv4(ipaddress.IPv6Address("::1")) is None
