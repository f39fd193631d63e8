"""Keep the fetcher out of the host's own network.

The bot fetches links that strangers send, so a link must never reach loopback,
private, link-local (cloud metadata), multicast, reserved or unspecified
addresses. The guard decides *before* any connection, from the numeric host or
from every address the name resolves to, and hands back the addresses it
checked so the fetcher connects to exactly those (no second DNS lookup that
could answer differently).
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import re
import socket
from collections.abc import Awaitable, Callable, Iterable

from bot.errors import BlockedURLError, FetchError
from bot.ingest.urls import MALFORMED_MESSAGE, WebURL

logger = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Awaitable[list[str]]]

# Self-hosters testing on their own network need the way out; strangers cannot use it.
SELF_HOSTING_HINT = (
    " If you run Brief yourself and want it to read your own network, "
    "start it with BRIEF_ALLOW_PRIVATE_URLS=1."
)
BLOCKED_ADDRESS_MESSAGE = (
    "I can't open that link: it points into a private network." + SELF_HOSTING_HINT
)
BLOCKED_PORT_MESSAGE = (
    "I can't open that link: I only connect to the usual web ports (80 and 443)."
    + SELF_HOSTING_HINT
)

# Names that mean "this machine" whatever DNS says.
_LOCAL_NAMES = re.compile(r"(?:^|\.)(?:localhost|localdomain|local|internal|home\.arpa)$")
# Special-purpose ranges (IANA registries) that are never a public web site. Python's
# own tables differ between versions (3.11.7 calls 192.0.0.8 global), so we list them.
_BLOCKED_NETWORKS: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = tuple(
    ipaddress.ip_network(network)
    for network in (
        "0.0.0.0/8",
        "10.0.0.0/8",
        "100.64.0.0/10",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "172.16.0.0/12",
        "192.0.0.0/24",
        "192.0.2.0/24",
        "192.88.99.0/24",
        "192.168.0.0/16",
        "198.18.0.0/15",
        "198.51.100.0/24",
        "203.0.113.0/24",
        "224.0.0.0/4",
        "240.0.0.0/4",
        "::/96",
        "::ffff:0:0/96",
        "64:ff9b:1::/48",
        "100::/64",
        "2001::/23",
        "2001:db8::/32",
        "3fff::/20",
        "5f00::/16",
        "fc00::/7",
        "fe80::/10",
        "fec0::/10",
        "ff00::/8",
    )
)
# 64:ff9b::/96 is the NAT64 prefix: the low 32 bits are an IPv4 address.
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def _parse_ipv4_part(part: str) -> int | None:
    """One dotted part the way inet_aton and browsers read it: 0x hex, 0 octal, decimal."""
    if part[:2] in ("0x", "0X"):
        digits = part[2:]
        if not digits:
            return 0
        return int(digits, 16) if all(c in "0123456789abcdefABCDEF" for c in digits) else None
    if len(part) > 1 and part.startswith("0"):
        return int(part, 8) if all(c in "01234567" for c in part) else None
    return int(part) if part.isdigit() and part.isascii() else None


def _ends_in_number(host: str) -> bool:
    last = host.rstrip(".").rsplit(".", 1)[-1]
    if last.isdigit() and last.isascii():
        return True
    return last[:2].lower() == "0x" and all(c in "0123456789abcdefABCDEF" for c in last[2:])


def parse_numeric_host(host: str) -> IPAddress | None:
    """The address a numeric host spells, in any form a resolver would accept.

    ``2130706433``, ``0x7f.1``, ``017700000001``, ``127.1`` and ``[::ffff:7f00:1]``
    all mean 127.0.0.1. Returns None for an ordinary host name. A host that ends in
    a number but is not a valid address is malformed (browsers refuse it too).
    """
    host = host.strip("[]").rstrip(".")
    if ":" in host:
        try:
            return ipaddress.IPv6Address(host)
        except ValueError:
            raise BlockedURLError(MALFORMED_MESSAGE) from None
    if not host or not _ends_in_number(host):
        return None
    parts = host.split(".")
    if len(parts) > 4:
        raise BlockedURLError(MALFORMED_MESSAGE)
    numbers = [_parse_ipv4_part(part) for part in parts]
    if any(number is None for number in numbers):
        raise BlockedURLError(MALFORMED_MESSAGE)
    values = [n for n in numbers if n is not None]
    *leading, last = values
    if any(n > 255 for n in leading) or last >= 256 ** (5 - len(values)):
        raise BlockedURLError(MALFORMED_MESSAGE)
    value = last
    for index, number in enumerate(leading):
        value += number << (8 * (3 - index))
    return ipaddress.IPv4Address(value)


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address inside an IPv6 one (mapped, 6to4, NAT64); ::a.b.c.d is reserved."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def is_public_address(address: IPAddress) -> bool:
    """True only for globally routable unicast addresses."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.scope_id:
            return False
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            return is_public_address(embedded)
        if address.teredo is not None or address.is_site_local:
            return False
    if any(address in network for network in _BLOCKED_NETWORKS):
        return False
    return bool(
        address.is_global
        and not address.is_private
        and not address.is_loopback
        and not address.is_link_local
        and not address.is_multicast
        and not address.is_reserved
        and not address.is_unspecified
    )


async def system_resolver(host: str, port: int) -> list[str]:
    """Every address the operating system's resolver gives for ``host``."""
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def _parse_resolved(values: Iterable[str]) -> list[IPAddress]:
    addresses: list[IPAddress] = []
    for value in values:
        try:
            address = ipaddress.ip_address(value)
        except ValueError:
            # A resolver answer we cannot read is not one we can vouch for.
            raise BlockedURLError(BLOCKED_ADDRESS_MESSAGE) from None
        if address not in addresses:
            addresses.append(address)
    return addresses


class AddressGuard:
    """Decides which addresses a URL may be fetched from.

    ``exempt`` is a test-only seam: (address, port) pairs allowed even though the
    address is private and the port unusual, so a test can serve a "public" site
    from 127.0.0.1 and prove that everything else on loopback stays refused.
    Production code never passes it.
    """

    def __init__(
        self,
        *,
        allow_private: bool = False,
        allowed_ports: frozenset[int] = frozenset({80, 443}),
        resolver: Resolver | None = None,
        exempt: frozenset[tuple[str, int]] = frozenset(),
    ) -> None:
        self.allow_private = allow_private
        self.allowed_ports = allowed_ports
        self._resolver = resolver or system_resolver
        self._exempt = frozenset((ipaddress.ip_address(ip), port) for ip, port in exempt)

    def _permitted(self, address: IPAddress, port: int) -> bool:
        if self.allow_private or (address, port) in self._exempt:
            return True
        return port in self.allowed_ports and is_public_address(address)

    async def addresses_for(self, target: WebURL) -> list[IPAddress]:
        """The checked addresses to connect to for ``target``, or ``BlockedURLError``.

        Every address a name resolves to must pass: one private answer among public
        ones is how DNS rebinding attacks start.
        """
        port = target.port
        exempt_ports = {exempt_port for _, exempt_port in self._exempt}
        if not self.allow_private and port not in self.allowed_ports | exempt_ports:
            logger.info("refused %s: port %d", target.host, port)
            raise BlockedURLError(BLOCKED_PORT_MESSAGE)
        numeric = parse_numeric_host(target.host)
        if numeric is not None:
            addresses: list[IPAddress] = [numeric]
        else:
            if not self.allow_private and _LOCAL_NAMES.search(target.host):
                logger.info("refused %s: local name", target.host)
                raise BlockedURLError(BLOCKED_ADDRESS_MESSAGE)
            addresses = _parse_resolved(await self._resolve(target.host, port))
        if not addresses:
            raise FetchError(f"I couldn't find the site {target.host}; please check the link.")
        for address in addresses:
            if not self._permitted(address, port):
                logger.info("refused %s: address %s", target.host, address)
                raise BlockedURLError(
                    BLOCKED_PORT_MESSAGE
                    if is_public_address(address) and port not in self.allowed_ports
                    else BLOCKED_ADDRESS_MESSAGE
                )
        return addresses

    async def _resolve(self, host: str, port: int) -> list[str]:
        try:
            return await self._resolver(host, port)
        except (OSError, UnicodeError) as exc:
            logger.info("DNS lookup for %s failed: %s", host, exc)
            raise FetchError(f"I couldn't find the site {host}; please check the link.") from None
