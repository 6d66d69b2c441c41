"""URLs that contributors give: parsed with the standard library's parser, and their hosts validated.

A URL in a sidecar or registry is published as a link, and ``factsheet links``
fetches it. Either way it must name a public site on the web. :func:`check`
accepts an absolute ``http`` or ``https`` URL whose host is a well-formed DNS
name (at least two labels, letters, digits and inner hyphens, IDNA-valid
punycode), a canonical IPv4 address, or a bracketed IPv6 address; and refuses
hosts that point at the reader's own machine or a private network: loopback,
link-local, private, shared, reserved and documentation addresses,
``localhost`` and the names reserved for local use (``.local``,
``.internal``, ``.home.arpa`` and others). A browser reads ``http://2130706433/``
and ``http://0x7f.1/`` as IPv4 addresses, so a host that would parse as one is
refused unless it is written as four decimal numbers.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import idna

from generator import chars

#: Names that never resolve to a public site: RFC 6761 and 8375 special-use names and common local suffixes.
LOCAL_NAMES = frozenset({"localhost", "local", "internal", "home.arpa", "localdomain", "lan", "test", "invalid"})
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
# WHATWG URL parsing reads a host whose last label is a number (decimal, 0x hex or 0-octal) as IPv4.
_NUMERIC = re.compile(r"(?:0x[0-9a-f]*|[0-9]+)")


@dataclass(frozen=True)
class Refusal:
    """Why a URL cannot be published: ``invalid-url`` (malformed) or ``local-url`` (not a public host)."""

    code: str
    message: str


def _invalid(message: str) -> Refusal:
    return Refusal("invalid-url", message)


def address_refusal(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why ``address`` is not a public address (as a phrase: "a loopback address (this machine)"); None when it is."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address.is_loopback:
        return "a loopback address (this machine)"
    if address.is_link_local:
        return "a link-local address"
    if address.is_unspecified:
        return "the unspecified address"
    if address.is_multicast:
        return "a multicast address"
    if address.is_private:
        return "a private-network address"
    if not address.is_global:
        return "a reserved address, not a public one"
    return None


def _local(host: str, why: str) -> Refusal:
    return Refusal("local-url", f"the host '{host}' is {why}; a published link must point at a public site")


def check(url: str) -> Refusal | None:
    """Why ``url`` cannot be published, or None when it is a well-formed http(s) URL of a public host."""
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in url):
        return _invalid("a URL cannot contain spaces or control characters; encode them as %20")
    hidden = chars.hidden_in_name(url)
    if hidden is not None:
        return _invalid(f"the URL holds {hidden.describe()}, which is invisible; delete it")
    if "\\" in url:
        return _invalid("a URL cannot contain a backslash, which browsers read as '/'; write '/' or %5C")
    try:
        parts = urlsplit(url)
    except ValueError:  # a bracketed host that is no IPv6 address
        return _invalid(f"the host of {url!r} is not a valid IPv6 address in brackets")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return _invalid(f"expected an absolute http:// or https:// URL, got {url!r}")
    if "@" in parts.netloc:
        return _invalid("a URL may not carry a user name or password ('@' before the host)")
    try:
        parts.port  # noqa: B018 - urlsplit checks the port only when it is read
    except ValueError:
        return _invalid(f"the port in {parts.netloc!r} is not a number from 0 to 65535")
    host = parts.hostname or ""
    if not host:
        return _invalid(f"the URL {url!r} has no host")
    if parts.netloc.split("@")[-1].startswith("["):
        try:
            six = ipaddress.IPv6Address(host)
        except ValueError:
            return _invalid(f"'[{host}]' is not a valid IPv6 address")
        why = address_refusal(six)
        return _local(f"[{host}]", why) if why else None
    if not host.isascii():
        try:
            ascii_host = idna.encode(host, uts46=True).decode("ascii")
        except idna.IDNAError:
            try:  # IDNA 2003, which still spells out hosts that IDNA 2008 refuses
                ascii_host = host.encode("idna").decode("ascii")
            except UnicodeError:
                ascii_host = "its punycode form"
        return _invalid(f"the host {host!r} has non-ASCII characters, which can imitate other sites; write it as {ascii_host!r}")
    if host.endswith("."):
        return _invalid(f"the host '{host}' ends in a dot; remove it")
    labels = host.split(".")
    if _NUMERIC.fullmatch(labels[-1]):
        try:
            address = ipaddress.IPv4Address(host)
        except ValueError:
            return _invalid(
                f"the host '{host}' reads as an IPv4 address in an unusual form; "
                "write it as four numbers from 0 to 255, like 93.184.216.34"
            )
        why = address_refusal(address)
        return _local(host, why) if why else None
    if len(host) > 253 or not all(_LABEL.fullmatch(label) for label in labels):
        return _invalid(f"the host '{host}' is not a valid host name: use letters, digits, and hyphens inside each dotted part")
    for label in labels:
        if label.startswith("xn--"):
            try:
                idna.decode(label)
            except idna.IDNAError:
                return _invalid(f"the host '{host}' holds '{label}', which is not valid punycode")
    if any(host == name or host.endswith(f".{name}") for name in LOCAL_NAMES):
        return _local(host, "a name reserved for local networks")
    if len(labels) < 2:
        return _local(host, "a name without a dot, which only a local network can resolve")
    return None
