"""After publishing: scan the built HTML for anything active that content could have put there.

Escaping in :mod:`generator.render` is the defence; this scan is the alarm that
rings if a template, an extension or a theme upgrade ever defeats it. It parses
every HTML file of the built site with the standard library's HTML parser and
reports:

- ``<script>``, ``<style>``, ``<meta>`` or ``<link>`` in the regions content reaches: ``<title>``, the
  header's page title, the navigation, the footer links and the page's ``<article>``;
- ``<iframe>``, ``<frame>``, ``<object>``, ``<embed>``, ``<applet>`` or ``<base>``
  anywhere;
- an event-handler attribute (``on…``) or a ``<meta http-equiv=refresh>`` anywhere;
- a link or resource URL with a scheme other than http or https anywhere;
- a resource (``src=``) loaded from another host in those content regions.

Each finding names the page and, when the page was generated from sidecars,
the sidecar responsible.

A page found clean before is not parsed again: :func:`scan_site` is given the
digests of the pages it found clean last time, each a hash of the page's URL,
its bytes and this module's own source.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from collections.abc import Mapping, Sequence, Set
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

from generator import workers
from generator.errors import Problem, UnsafeOutput

#: Regions whose text comes from content; the theme puts its own scripts elsewhere.
CONTENT_REGIONS = frozenset({"title", "article"})
#: Material's navigation, header page title and footer links, which show page titles.
CONTENT_CLASSES = frozenset({"md-nav", "md-header__topic", "md-footer"})
ACTIVE_IN_CONTENT = frozenset({"script", "style", "meta", "link"})
ACTIVE_ANYWHERE = frozenset({"iframe", "frame", "frameset", "object", "embed", "applet", "base"})
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "cite", "srcset"}
)
RESOURCE_ATTRIBUTES = frozenset({"src", "srcset", "data", "poster", "background"})
SAFE_SCHEMES = frozenset({"", "http", "https"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
# Browsers drop ASCII whitespace and control characters anywhere in a URL's scheme.
_SCHEME_NOISE = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
# A change to the rules, or to the html.parser that applies them, must not reuse an old verdict.
_RULES = hashlib.sha256(Path(__file__).read_bytes() + sys.version.encode()).digest()


def _elsewhere(url: str) -> bool:
    """True for a URL on another host: absolute http(s), or scheme-relative (``//``, which browsers also read in ``\\``)."""
    bare = _SCHEME_NOISE.sub("", url)
    return url_scheme(url) in ("http", "https") or bare[:2].replace("\\", "/") == "//"


def url_scheme(url: str) -> str:
    """The scheme a browser would see in ``url``, lowercased; ``""`` for a relative URL."""
    match = _SCHEME.match(_SCHEME_NOISE.sub("", url))
    return match.group(1).lower() if match else ""


class _PageScanner(HTMLParser):
    def __init__(self, page_url: str, sources: Mapping[str, str]) -> None:
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.sources = sources
        self.open: list[tuple[str, bool]] = []
        self.source = sources.get(page_url)
        self.findings: list[tuple[int, str, str | None]] = []

    def _in_content(self) -> bool:
        return any(region for _tag, region in self.open)

    def _report(self, what: str) -> None:
        self.findings.append((self.getpos()[0], what, self.source))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs)
        if tag not in _VOID:
            classes = set((dict(attrs).get("class") or "").split())
            self.open.append((tag, tag in CONTENT_REGIONS or bool(classes & CONTENT_CLASSES)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if any(name == tag for name, _region in self.open):
            while self.open.pop()[0] != tag:
                pass

    def _check(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a" and self.page_url not in self.sources:
            # On a listing page, blame the sheet whose link comes last before the finding.
            target = urljoin(self.page_url, dict(attrs).get("href") or "").split("#")[0]
            self.source = self.sources.get(target, self.source)
        if tag in ACTIVE_ANYWHERE or (tag in ACTIVE_IN_CONTENT and self._in_content()):
            self._report(f"<{tag}> element")
        if tag == "meta" and (dict(attrs).get("http-equiv") or "").lower() == "refresh":
            self._report("<meta http-equiv=refresh> redirect")
        for name, value in attrs:
            if name.startswith("on"):
                self._report(f"event-handler attribute {name}= on <{tag}>")
            elif name in URL_ATTRIBUTES and value is not None:
                urls = [part.strip().split(" ")[0] for part in value.split(",")] if name == "srcset" else [value]
                for url in urls:
                    if url_scheme(url) not in SAFE_SCHEMES:
                        self._report(f"{url_scheme(url)}: URL in {name}= on <{tag}>")
                    elif name in RESOURCE_ATTRIBUTES and self._in_content() and _elsewhere(url):
                        self._report(f"resource from another host in {name}= on <{tag}>")


def scan_page(html: str, page_url: str, sources: Mapping[str, str]) -> list[tuple[int, str, str | None]]:
    """Findings in one page as (line, what, responsible sidecar or None).

    ``page_url`` is the page's URL relative to the site root (``sheets/x/``);
    ``sources`` maps the URL of each page generated from one sidecar to that sidecar.
    """
    scanner = _PageScanner(page_url, sources)
    scanner.feed(html)
    scanner.close()
    return scanner.findings


def page_digest(url: str, html: bytes) -> str:
    """The digest :func:`scan_site` files a clean page under: of the rules, the page's URL and its bytes."""
    return hashlib.sha256(_RULES + url.encode() + b"\0" + html).hexdigest()


def scan_site(site: Path, sources: Mapping[str, str], known_clean: Set[str] = frozenset()) -> set[str]:
    """Scan every HTML file under ``site``; raise UnsafeOutput listing every finding.

    A page whose digest (:func:`page_digest`) is in ``known_clean`` was found
    clean before and is not parsed again; which sidecar a finding is blamed on
    is all ``sources`` changes, so a clean page stays clean. On a large site
    half the pages are scanned in a second process (generator.workers).
    Returns the digests of every page, all of them clean.
    """
    pages = [
        Path(folder, name)
        for folder, _dirs, names in sorted(os.walk(site))
        for name in sorted(n for n in names if n.endswith(".html"))
    ]

    def scan_pages(paths: Sequence[Path]) -> tuple[set[str], list[Problem]]:
        clean, problems = set(), []
        for path in paths:
            rel = path.relative_to(site).as_posix()
            url = rel[: -len("index.html")] if rel.endswith("index.html") else rel
            raw = path.read_bytes()
            digest = page_digest(url, raw)
            if digest in known_clean:
                clean.add(digest)
                continue
            findings = scan_page(raw.decode("utf-8", errors="replace"), url, sources)
            for line, what, source in findings:
                blame = f"; it comes from {source}" if source else ""
                problems.append(Problem("unsafe-output", f"{what} in the built page{blame}", rel, line=line))
            if not findings:
                clean.add(digest)
        return clean, problems

    parts = workers.in_halves(scan_pages, pages)
    problems = [problem for _clean, found in parts for problem in found]
    if problems:
        raise UnsafeOutput(problems)
    return {digest for clean, _found in parts for digest in clean}
