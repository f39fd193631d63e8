"""The fetcher must never become a proxy into the host's own network.

These tests run WITHOUT allow_private. The server counts TCP connections, so a
refusal is proven to happen before any connection, not after a request.

Test-only seam: ``Fetcher(exempt_addresses={("127.0.0.1", port)})`` lets one
(address, port) pair through as if it were a public site, so a redirect from an
"allowed" site can be tested. Everything else on loopback stays refused, and the
tests below check that the seam covers exactly that one pair.
"""

from __future__ import annotations

import ipaddress
from collections.abc import AsyncIterator

import pytest
from conftest import PageServer, Reply
from ingest_pages import TITLE, news_page

from bot.errors import BlockedURLError, FetchError
from bot.ingest.fetch import Fetcher
from bot.ingest.netguard import (
    BLOCKED_ADDRESS_MESSAGE,
    BLOCKED_PORT_MESSAGE,
    AddressGuard,
    is_public_address,
    parse_numeric_host,
)
from bot.ingest.urls import parse_web_url


class FakeDNS:
    """A resolver the test controls; it records every lookup."""

    def __init__(self, answers: dict[str, list[str]]) -> None:
        self.answers = answers
        self.lookups: list[tuple[str, int]] = []

    async def __call__(self, host: str, port: int) -> list[str]:
        self.lookups.append((host, port))
        if host not in self.answers:
            raise OSError(-2, "Name or service not known")
        return self.answers[host]


def page(handler: object) -> Reply:
    return Reply(200, news_page().encode(), {"Content-Type": "text/html; charset=utf-8"})


@pytest.fixture
async def guarded(server: PageServer) -> AsyncIterator[Fetcher]:
    """A production-like fetcher whose only relaxation is the test server's port.

    Allowing the port means every refusal below is due to the address itself.
    """
    fetcher = Fetcher(
        allowed_ports=frozenset({80, 443, server.port}),
        resolver=FakeDNS({"rebind.example": ["127.0.0.1"]}),
        timeout=5.0,
    )
    yield fetcher
    await fetcher.aclose()


LOOPBACK_SPELLINGS = [
    "127.0.0.1",
    "127.0.0.2",
    "127.1",
    "2130706433",
    "0x7f.1",
    "0x7f000001",
    "0x7F.0.0.1",
    "017700000001",
    "0177.0.0.1",
    "0177.1",
    "127.0.0.1.",
    "localhost",
    "LOCALHOST",
    "sub.localhost",
    "0.0.0.0",
    "0",
    "[::1]",
    "[::]",
    "[::ffff:127.0.0.1]",
    "[::ffff:7f00:1]",
    "[0:0:0:0:0:ffff:127.0.0.1]",
    "[::127.0.0.1]",
    "[2002:7f00:1::1]",
    "[64:ff9b::7f00:1]",
    "rebind.example",
    "１２７.０.０.１",  # fullwidth digits: IDNA maps them to ASCII
    "127。0。0。1",  # ideographic full stops
    "ⓛocalhost",
]


@pytest.mark.parametrize("host", LOOPBACK_SPELLINGS)
async def test_loopback_in_any_spelling_is_refused_without_connecting(
    server: PageServer, guarded: Fetcher, host: str
) -> None:
    server.routes["/"] = page
    with pytest.raises(BlockedURLError) as caught:
        await guarded.fetch(f"http://{host}:{server.port}/")
    assert caught.value.user_message == BLOCKED_ADDRESS_MESSAGE
    assert server.connections == 0
    assert server.seen == []


PRIVATE_TARGETS = [
    "http://10.0.0.1/",
    "http://10.255.255.254/",
    "http://172.16.0.1/",
    "http://172.31.255.1/",
    "http://192.168.1.1/",
    "http://169.254.169.254/latest/meta-data/",
    "http://100.64.0.1/",
    "http://0.0.0.0/",
    "http://224.0.0.1/",
    "http://239.255.255.250/",
    "http://240.0.0.1/",
    "http://255.255.255.255/",
    "http://192.0.0.8/",
    "http://192.0.2.1/",
    "http://[2001:db8::1]/",
    "http://[64:ff9b::a9fe:a9fe]/",
    "http://198.18.0.1/",
    "http://[fc00::1]/",
    "http://[fd12:3456::1]/",
    "http://[fe80::1]/",
    "http://[fec0::1]/",
    "http://[ff02::1]/",
    "http://[::ffff:10.0.0.1]/",
    "http://[::ffff:169.254.169.254]/",
    "http://[::ffff:192.168.0.1]/",
    "http://0xa9fea9fe/",  # 169.254.169.254
    "http://2852039166/",  # 169.254.169.254
    "http://0251.0376.0251.0376/",  # 169.254.169.254
    "http://10.1/",
    "http://0xc0.0xa8.1.1/",
    "https://metadata.google.internal/",
]


@pytest.mark.parametrize("url", PRIVATE_TARGETS)
async def test_private_and_special_addresses_are_refused(url: str) -> None:
    # Checked at the guard, which has no way to connect: even a bug here could not
    # send a test packet to a real network.
    guard = AddressGuard(resolver=FakeDNS({}))
    with pytest.raises(BlockedURLError) as caught:
        await guard.addresses_for(parse_web_url(url))
    assert caught.value.user_message == BLOCKED_ADDRESS_MESSAGE


async def test_name_resolving_to_private_address_is_refused() -> None:
    dns = FakeDNS(
        {
            "intranet.example": ["10.1.2.3"],
            "metadata.example": ["169.254.169.254"],
            "v6.example": ["fd00::5"],
            "mapped.example": ["::ffff:127.0.0.1"],
            # One private answer among public ones is how DNS rebinding starts.
            "mixed.example": ["93.184.216.34", "127.0.0.1"],
        }
    )
    guard = AddressGuard(resolver=dns)
    for name in dns.answers:
        with pytest.raises(BlockedURLError):
            await guard.addresses_for(parse_web_url(f"https://{name}/article"))
    assert [host for host, _ in dns.lookups] == list(dns.answers)


async def test_public_name_passes_the_guard() -> None:
    dns = FakeDNS({"news.example": ["93.184.216.34", "2606:2800:220:1::1"]})
    guard = AddressGuard(resolver=dns)
    addresses = await guard.addresses_for(parse_web_url("https://news.example/a"))
    assert [str(a) for a in addresses] == ["93.184.216.34", "2606:2800:220:1::1"]


async def test_mixed_answer_refused_by_fetcher_without_connecting(server: PageServer) -> None:
    dns = FakeDNS({"mixed.example": ["127.0.0.1", "93.184.216.34"]})
    fetcher = Fetcher(resolver=dns, allowed_ports=frozenset({80, 443, server.port}))
    try:
        with pytest.raises(BlockedURLError):
            await fetcher.fetch(f"http://mixed.example:{server.port}/")
    finally:
        await fetcher.aclose()
    assert server.connections == 0


async def test_unusual_port_is_refused_before_resolving() -> None:
    dns = FakeDNS({"news.example": ["93.184.216.34"]})
    guard = AddressGuard(resolver=dns)
    for url in ("http://news.example:8080/", "https://news.example:22/", "http://1.1.1.1:25/"):
        with pytest.raises(BlockedURLError) as caught:
            await guard.addresses_for(parse_web_url(url))
        assert caught.value.user_message == BLOCKED_PORT_MESSAGE
    assert dns.lookups == []


async def test_allowed_site_is_fetched_from_the_checked_address(server: PageServer) -> None:
    """The seam lets exactly one address:port through; the name is resolved once, by us.

    news.example exists only in the test's resolver, so the fetch can only succeed by
    connecting to the address the guard checked (no second, system DNS lookup).
    """
    server.routes["/story"] = page
    dns = FakeDNS({"news.example": ["127.0.0.1"]})
    fetcher = Fetcher(resolver=dns, exempt_addresses=frozenset({("127.0.0.1", server.port)}))
    try:
        article = await fetcher.fetch(f"http://news.example:{server.port}/story?utm_source=x")
    finally:
        await fetcher.aclose()
    assert article.title == TITLE
    assert article.canonical_url == f"http://news.example:{server.port}/story"
    assert dns.lookups == [("news.example", server.port)]
    headers = {k.lower(): v for k, v in server.seen[0].headers.items()}
    assert headers["host"] == f"news.example:{server.port}"


async def test_seam_covers_only_its_own_pair(server: PageServer, other_server: PageServer) -> None:
    other_server.routes["/"] = page
    fetcher = Fetcher(
        exempt_addresses=frozenset({("127.0.0.1", server.port)}),
        allowed_ports=frozenset({80, 443, other_server.port}),
        resolver=FakeDNS({}),
    )
    try:
        with pytest.raises(BlockedURLError):
            await fetcher.fetch(other_server.url("/"))
    finally:
        await fetcher.aclose()
    assert other_server.connections == 0


@pytest.mark.parametrize(
    "location",
    [
        "http://127.0.0.1:{port}/",
        "http://2130706433:{port}/",
        "http://[::ffff:127.0.0.1]:{port}/",
        "http://localhost:{port}/",
        "http://rebind.example:{port}/",
        "http://0x7f.1:{port}/",
        "http://[::1]:{port}/",
    ],
)
async def test_redirect_from_allowed_site_into_private_network_is_refused(
    server: PageServer, other_server: PageServer, location: str
) -> None:
    """news.example (seam-allowed) redirects to loopback: every hop is checked again."""
    target = location.format(port=other_server.port)
    server.routes["/story"] = lambda h: Reply(302, b"", {"Location": target})
    other_server.routes["/"] = page
    dns = FakeDNS({"news.example": ["127.0.0.1"], "rebind.example": ["127.0.0.1"]})
    fetcher = Fetcher(
        resolver=dns,
        exempt_addresses=frozenset({("127.0.0.1", server.port)}),
        # The other server's port is allowed, so only its address can cause the refusal.
        allowed_ports=frozenset({80, 443, other_server.port}),
    )
    try:
        with pytest.raises(BlockedURLError) as caught:
            await fetcher.fetch(f"http://news.example:{server.port}/story")
    finally:
        await fetcher.aclose()
    assert caught.value.user_message == BLOCKED_ADDRESS_MESSAGE
    assert [seen.path for seen in server.seen] == ["/story"]
    assert other_server.connections == 0


async def test_allow_private_lifts_address_and_port_checks(server: PageServer) -> None:
    server.routes["/"] = page
    fetcher = Fetcher(allow_private=True)
    try:
        article = await fetcher.fetch(f"http://0x7f.1:{server.port}/")
    finally:
        await fetcher.aclose()
    assert article.title == TITLE


async def test_allow_private_still_refuses_other_schemes() -> None:
    fetcher = Fetcher(allow_private=True)
    try:
        with pytest.raises(BlockedURLError):
            await fetcher.fetch("file:///etc/passwd")
        with pytest.raises(FetchError):
            await fetcher.fetch("gopher://127.0.0.1:70/")
    finally:
        await fetcher.aclose()


@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("2130706433", "127.0.0.1"),
        ("0x7f.1", "127.0.0.1"),
        ("017700000001", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("0x7f.0.0.1", "127.0.0.1"),
        ("10.1", "10.0.0.1"),
        ("192.168.257", "192.168.1.1"),
        ("0xc0a80101", "192.168.1.1"),
        ("0", "0.0.0.0"),
        ("8.8.8.8", "8.8.8.8"),
        ("[::ffff:127.0.0.1]", "::ffff:7f00:1"),
    ],
)
def test_numeric_spellings_are_read_like_inet_aton(host: str, address: str) -> None:
    assert parse_numeric_host(host) == ipaddress.ip_address(address)


@pytest.mark.parametrize("host", ["example.com", "127.0.0.1.nip.io", "0x7f.example", "a1"])
def test_names_are_not_numbers(host: str) -> None:
    assert parse_numeric_host(host) is None


@pytest.mark.parametrize("host", ["256.0.0.1", "1.2.3.4.5", "08.0.0.1", "0x1g.1", "1.2.3.256"])
def test_broken_numbers_are_malformed(host: str) -> None:
    with pytest.raises(BlockedURLError):
        parse_numeric_host(host)


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.216.34", True),
        ("8.8.8.8", True),
        ("2606:4700:4700::1111", True),
        ("::ffff:8.8.8.8", True),
        ("127.0.0.1", False),
        ("10.0.0.1", False),
        ("172.16.0.1", False),
        ("172.32.0.1", True),
        ("192.168.0.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("::1", False),
        ("::", False),
        ("fc00::1", False),
        ("fe80::1", False),
        ("::ffff:127.0.0.1", False),
        ("64:ff9b::a00:1", False),
        ("2001:db8::1", False),
        ("192.0.0.8", False),
        ("198.51.100.7", False),
    ],
)
def test_public_address_classification(address: str, public: bool) -> None:
    assert is_public_address(ipaddress.ip_address(address)) is public


def test_refusals_name_the_setting_for_self_hosters() -> None:
    for message in (BLOCKED_ADDRESS_MESSAGE, BLOCKED_PORT_MESSAGE):
        assert "BRIEF_ALLOW_PRIVATE_URLS=1" in message
        assert "run Brief yourself" in message
