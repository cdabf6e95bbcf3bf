"""Which addresses SSH collection may connect to (``NETCARE_COLLECT_NETWORKS``).

NetCare logs in to whatever address an inventory row, an import or an API call names,
with stored credentials. Without a limit that makes it a tool for reaching any host
its server can reach — the internet, the cloud's metadata service at 169.254.169.254,
the server's own loopback services. The allowlist says which networks a collection may
open a connection to; a target outside it is refused before any packet is sent to it,
and the collector (``ssh._connect_socket``, the one place a connection is opened) asks
here every time, so no path around it exists: SSH jobs, the offline kit and the demo's
simulator endpoints all go through it.

The value is a comma-separated list of CIDRs, IPv4 and IPv6 (``10.0.0.0/8,
2001:db8::/32``; a bare address is a /32 or /128), or ``none`` to refuse every target.
Unset, it is :data:`DEFAULT` — the private ranges (RFC 1918 and IPv6 unique local),
where management networks live; loopback, link-local and public addresses are refused
until someone allows them. A demo data directory (``collect_networks`` file written by
the demo) and the test suite allow loopback only.

Host names are resolved once, every address they resolve to must be inside, and the
connection is made to an address that was checked — never to the name again, so a DNS
answer that changes between the check and the connection cannot lead elsewhere.

Plain Python: the offline kit reads the same variable without Django.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Sequence
from pathlib import Path

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address

VARIABLE = "NETCARE_COLLECT_NETWORKS"
#: A data directory holding this file (one line, same syntax) uses it when the variable
#: is unset: the demo writes loopback only into its data directory.
DATA_DIR_FILE = "collect_networks"
#: Unset: private ranges only (RFC 1918, IPv6 unique local addresses).
DEFAULT = "10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7"
#: The demo and the tests: the device simulator on this machine, nothing else.
LOOPBACK = "127.0.0.0/8,::1/128"


class TargetRefused(Exception):
    """A collection target outside the allowlist; nothing was sent to it."""


def parse(value: str, *, source: str = VARIABLE) -> tuple[Network, ...]:
    """The networks of a setting's value; ``ValueError`` naming ``source`` when malformed.

    Empty means unset (:data:`DEFAULT`); ``none`` is an empty allowlist.
    """
    text = value.strip()
    if not text:
        text = DEFAULT
    if text.lower() == "none":
        return ()
    networks: list[Network] = []
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=True))
        except ValueError as exc:
            raise ValueError(
                f"{source}: {item!r} is not a network — give comma-separated CIDRs such as "
                f"10.0.0.0/8,2001:db8::/32, or 'none' ({exc})"
            ) from None
    return tuple(networks)


def setting(value: str, data_dir: Path | None = None) -> tuple[Network, ...]:
    """The server's allowlist: the variable, else the data directory's file, else DEFAULT."""
    if not value.strip() and data_dir is not None:
        marker = data_dir / DATA_DIR_FILE
        if marker.is_file():
            return parse(marker.read_text(encoding="utf-8"), source=str(marker))
    return parse(value)


def current() -> tuple[Network, ...]:
    """The allowlist in force in this process.

    On the server it is Django's ``COLLECT_NETWORKS`` setting (read once at start, and
    what tests override); where Django is not configured — the offline kit on an
    engineer's laptop — it is the environment variable.
    """
    try:
        from django.conf import settings
    except ImportError:  # pragma: no cover - Django is always installed with NetCare
        return parse(os.environ.get(VARIABLE, ""))
    if settings.configured:
        configured = getattr(settings, "COLLECT_NETWORKS", None)
        if configured is not None:
            return tuple(configured)
    return parse(os.environ.get(VARIABLE, ""))


def describe(networks: Sequence[Network]) -> str:
    """The allowlist as written in the setting (``none`` when empty)."""
    return ",".join(str(n) for n in networks) or "none"


def allowed(address: Address, networks: Sequence[Network]) -> bool:
    """Whether an address lies in one of the networks (IPv4-mapped IPv6 as IPv4)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return any(address.version == n.version and address in n for n in networks)


def resolve_allowed(
    host: str, port: int, networks: Sequence[Network] | None = None
) -> list[tuple[socket.AddressFamily, str]]:
    """The addresses to connect to for ``host``: each one checked against the allowlist.

    An IP literal is checked as it is; a name is resolved once and refused if *any* of
    its addresses is outside (a name that resolves partly outside is not trusted).
    Raises :class:`TargetRefused` (nothing may be sent) or ``OSError`` when the name
    does not resolve.
    """
    allow = current() if networks is None else networks
    literal = _literal(host)
    if literal is not None:
        found = [(_family(literal), host.strip("[]"))]
    else:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        found = list(dict.fromkeys((info[0], str(info[4][0])) for info in infos))
    outside = [addr for _, addr in found if not _inside(addr, allow)]
    if outside:
        where = host if literal is not None else f"{host} ({', '.join(outside)})"
        raise TargetRefused(
            f"{where} is outside the collection allowlist {VARIABLE}={describe(allow)}; "
            "not connected"
        )
    return found


def _inside(address: str, networks: Sequence[Network]) -> bool:
    parsed = _literal(address)
    return parsed is not None and allowed(parsed, networks)


def _literal(host: str) -> Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return None


def _family(address: Address) -> socket.AddressFamily:
    return socket.AF_INET6 if address.version == 6 else socket.AF_INET
