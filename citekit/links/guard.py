"""Which targets may be fetched: http(s) only, and no private, loopback or link-local address.

The check is made on the addresses a host name resolves to (so `localhost`, `2130706433` or a name
pointing at 169.254.169.254 are caught), and again on every redirect hop. The session then connects to
the address that was checked (`Guard.pinned`), so a DNS answer that changes in between (rebinding)
cannot send the request elsewhere.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable, Sequence
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], list[str]]
RESERVED_SUFFIXES = (".test", ".example", ".invalid", ".localhost", ".local", ".internal")
RESERVED_NAMES = frozenset({"localhost", "example.com", "example.org", "example.net"})
_SHARED = ipaddress.ip_network("100.64.0.0/10")


class ResolveError(OSError):
    """The host name does not resolve."""


def system_resolver(host: str, port: int) -> list[str]:
    """Every address `host` resolves to, via the system resolver."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise ResolveError(f"cannot resolve {host}: {exc}") from exc
    return [str(info[4][0]) for info in infos]


def is_public(addr: IPAddress) -> bool:
    """False for private, loopback, link-local, shared (100.64/10), reserved or mapped-private addresses."""
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    if isinstance(addr, ipaddress.IPv4Address) and addr in _SHARED:
        return False
    return addr.is_global and not addr.is_multicast


def reserved_name(host: str) -> bool:
    """Names that never point at the public internet (RFC 2606/6761, mDNS, internal)."""
    host = host.lower().rstrip(".")
    return host in RESERVED_NAMES or host.endswith(RESERVED_SUFFIXES)


class Guard:
    """Decides whether a URL may be fetched; `allow` lists networks exempt from the private check."""

    def __init__(self, allow_private: bool = False, allow: Sequence[str] = (),
                 resolver: Resolver = system_resolver) -> None:
        self.allow_private = allow_private
        self.allow: tuple[IPNetwork, ...] = tuple(ipaddress.ip_network(n, strict=False) for n in allow)
        self.resolver = resolver
        self._cache: dict[tuple[str, int], str] = {}
        self._addrs: dict[tuple[str, int], tuple[str, ...]] = {}

    def pinned(self, host: str, port: int) -> tuple[str, ...]:
        """The checked addresses to connect to for (host, port); () when the guard did not resolve it."""
        return self._addrs.get((host.lower().rstrip("."), port), ())

    def _allowed(self, addrs: Iterable[str]) -> str:
        for text in addrs:
            addr = ipaddress.ip_address(text.split("%", 1)[0])
            if not is_public(addr) and not any(addr in net for net in self.allow):
                return f"resolves to a non-public address ({addr})"
        return ""

    def refuse(self, url: str) -> str:
        """Why `url` must not be fetched ('' when it may). Raises ResolveError when the host is unknown."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return f"scheme {parts.scheme or '(none)'}: is not checked"
        host = parts.hostname
        if not host:
            return "not an absolute URL"
        if self.allow_private:
            return ""
        if reserved_name(host) and not _is_ip(host):
            return "reserved or local host name"
        port = parts.port or (443 if parts.scheme == "https" else 80)
        key = (host, port)
        if key not in self._cache:
            addrs = self.resolver(host, port)
            self._cache[key] = self._allowed(addrs)
            if addrs and not _is_ip(host):
                self._addrs[(host.rstrip("."), port)] = tuple(dict.fromkeys(addrs))
        return self._cache[key]


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
