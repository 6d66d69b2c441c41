"""``factsheet links``: every URL in the content, checked over the network.

Links rot: a source's page moves, or goes. This finds every http(s) URL in
the sidecars and registries (a field that is a URL, or a link in Markdown
text), and asks each host for it with ``requests``: several at once, at most
:data:`PER_HOST` at a time per host, with timeouts, transient failures tried
again (urllib3's ``Retry``), and redirects followed one hop at a time.

A URL in a pull request must not make CI probe its own network, so every hop
must be a URL the content rules would publish, and is refused when the host
urllib3 would connect to does not resolve, or resolves to a loopback,
private, link-local or reserved address, unless ``allow_local`` is given (for
tests against a server on this machine). A host's DNS answer can still change
between this check and the connection; docs/security.md says what is left. Results are kept in the cache folder with the time
they were taken, and one younger than ``max_age`` is reused, so a repeat run
asks only for what it has not seen lately.

Each finding is a :class:`~generator.errors.Problem` at the file, line and
column where the URL is written: ``dead-link`` (an error: not found, gone,
refused, timed out) or ``moved-link`` (a warning: it now redirects elsewhere).
"""

from __future__ import annotations

import ipaddress
import json
import re
import socket
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, replace
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import LocationParseError
from urllib3.util import parse_url
from urllib3.util.retry import Retry

from generator import cache, load, urls
from generator.errors import Problem
from generator.load import Document, Path_
from generator.urls import address_refusal

#: At most this many requests to one host at a time.
PER_HOST = 2
#: Requests in flight across all hosts.
WORKERS = 8
MAX_REDIRECTS = 10
CACHE_FILE = "links.json"
USER_AGENT = "factsheet-links/1 (checks the sources cited in fact sheets)"
_URL = re.compile(r"https?://[^\s<>\"'()\[\]{}]+", re.I)


@dataclass(frozen=True)
class Result:
    """What one URL gave: its final address, the HTTP status, or why there is none."""

    url: str
    status: int | None
    final: str
    """Where the redirects, if any, ended."""
    error: str | None
    checked: float
    """When it was checked, as seconds since the epoch."""

    @property
    def dead(self) -> bool:
        """True when the page cannot be had: an error, or a status of 400 or more."""
        return self.error is not None or self.status is None or self.status >= 400

    @property
    def lasting(self) -> bool:
        """True for an answer worth remembering: the host gave a status below 500. A timeout or a 503 is asked again."""
        return self.error is None and self.status is not None and self.status < 500


@dataclass(frozen=True)
class Found:
    """One place a URL is written: its document and the path of the value within it."""

    url: str
    document: Document
    path: Path_


def found_urls(content: Path) -> tuple[list[Found], tuple[Problem, ...]]:
    """Every http(s) URL written in the sidecars and registries under ``content``, and the files that could not be read."""
    loaded = load.load_content(content)
    documents = [d for d in (loaded.entities, loaded.ratings, loaded.series) if d is not None] + list(loaded.sheets)
    return [Found(url, doc, path) for doc in documents for path, url in _strings(doc.data)], loaded.problems


def _strings(data: Any, path: Path_ = ()) -> Iterator[tuple[Path_, str]]:
    if isinstance(data, str):
        for match in _URL.finditer(data):
            yield path, match.group().rstrip(".,;:!?")
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*path, key))
    elif isinstance(data, (list, tuple)):
        for index, value in enumerate(data):
            yield from _strings(value, (*path, index))


def refusal(url: str, allow_local: bool) -> str | None:
    """Why ``url`` is not asked for; None when it may be.

    It must be a URL the content rules would publish (:func:`generator.urls.check`), and the host urllib3 will
    connect to must resolve, and only to public addresses, unless ``allow_local``.
    """
    refused = urls.check(url)
    if refused is not None and not (allow_local and refused.code == "local-url"):
        hint = " (--allow-local to check it)" if refused.code == "local-url" else ""
        return f"refused: {refused.message}{hint}"
    if allow_local:
        return None
    try:
        host = parse_url(url).host or ""
        addresses = {str(info[4][0]) for info in socket.getaddrinfo(host.strip("[]"), None, proto=socket.IPPROTO_TCP)}
    except (socket.gaierror, UnicodeError, ValueError, LocationParseError) as exc:
        return f"could not resolve the host: {exc}"
    for address in sorted(addresses):
        why = address_refusal(ipaddress.ip_address(address.split("%")[0]))
        if why is not None:
            return f"refused: {host} is {why}; factsheet links asks public hosts only (--allow-local to check it)"
    return None


class Checker:
    """Checks URLs with one ``requests`` session: a lock per host, retries, timeouts, redirects one hop at a time."""

    def __init__(self, *, timeout: float, allow_local: bool, retries: int = 2) -> None:
        self.timeout = timeout
        self.allow_local = allow_local
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        retry = Retry(
            total=retries,
            connect=retries,
            read=retries,
            status=retries,
            backoff_factor=0.2,
            status_forcelist=(429, 500, 502, 503, 504),
            allowed_methods=("HEAD", "GET"),
            respect_retry_after_header=False,
            raise_on_status=False,
        )
        adapter = HTTPAdapter(max_retries=retry, pool_maxsize=WORKERS)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self._hosts: dict[str, threading.Semaphore] = {}
        self._guard = threading.Lock()

    def _host(self, url: str) -> threading.Semaphore:
        with self._guard:
            return self._hosts.setdefault(urlsplit(url).netloc.casefold(), threading.Semaphore(PER_HOST))

    def _ask(self, url: str) -> requests.Response:
        with self._host(url):
            response = self.session.head(url, allow_redirects=False, timeout=self.timeout)
            if response.status_code in (403, 405, 501):  # some servers refuse HEAD but serve GET
                response.close()
                response = self.session.get(url, allow_redirects=False, timeout=self.timeout, stream=True)
            response.close()
            return response

    def check(self, url: str) -> Result:
        """Ask for ``url``, following redirects; every hop must pass :func:`refusal`."""
        current, now = url, time.time()
        for _hop in range(MAX_REDIRECTS + 1):
            why = refusal(current, self.allow_local)
            if why is not None:
                return Result(url, None, current, why, now)
            try:
                response = self._ask(current)
            except requests.exceptions.Timeout:
                return Result(url, None, current, f"timed out after {self.timeout:g} s", now)
            except requests.exceptions.ConnectionError as exc:
                if "timed out" in str(exc):  # a read timeout on the last try arrives wrapped in the retries' error
                    return Result(url, None, current, f"timed out after {self.timeout:g} s", now)
                return Result(url, None, current, f"could not connect: {_reason(exc)}", now)
            except (requests.exceptions.RequestException, ValueError) as exc:
                return Result(url, None, current, f"failed: {_reason(exc)}", now)
            location = response.headers.get("Location")
            if response.is_redirect and location:
                try:
                    current = urljoin(current, location)
                except ValueError:
                    return Result(url, None, current, f"redirects to an address that is not a URL: {location[:80]!r}", now)
                continue
            return Result(url, response.status_code, current, None, now)
        return Result(url, None, current, f"more than {MAX_REDIRECTS} redirects", now)


def _reason(exc: Exception) -> str:
    text = str(exc.args[0] if exc.args else exc)
    found = re.search(r"\[Errno -?\d+\] ([^'\")]+)|(Connection refused|Name or service not known|timed out)", text)
    return found.group(found.lastindex or 1) if found else text.splitlines()[0][:120]


def _cache_file(folder: Path, allow_local: bool) -> Path:
    # Apart, so that an answer a local host gave under --allow-local is never reused by a run that refuses local hosts.
    return folder / (CACHE_FILE.replace(".json", "-local.json") if allow_local else CACHE_FILE)


def _cached(folder: Path | None, allow_local: bool, max_age: float) -> dict[str, Result]:
    if folder is None or max_age <= 0:
        return {}
    try:
        raw = json.loads(_cache_file(folder, allow_local).read_text(encoding="utf-8"))
        entries = [Result(**item) for item in raw if isinstance(item, dict)]
    except (OSError, ValueError, TypeError):
        return {}
    cutoff = time.time() - max_age
    return {r.url: r for r in entries if r.checked >= cutoff}


def _save(folder: Path | None, allow_local: bool, results: Sequence[Result]) -> None:
    if folder is not None:
        kept = [asdict(r) for r in results if r.lasting]
        cache.keep(lambda: cache.write(_cache_file(folder, allow_local), json.dumps(kept, indent=1)))


def describe(result: Result, now: float) -> str:
    """What happened to a URL, for a person: ``404 Not Found``, ``timed out after 10 s``."""
    if result.error is not None:
        what = result.error
    else:
        assert result.status is not None
        try:
            what = f"{result.status} {HTTPStatus(result.status).phrase}"
        except ValueError:
            what = f"status {result.status}"
    age = now - result.checked
    return what if age < 60 else f"{what} (checked {_age(age)} ago)"


def _age(seconds: float) -> str:
    hours = seconds / 3600
    return f"{hours:.0f} h" if hours >= 1 else f"{seconds / 60:.0f} min"


@dataclass(frozen=True)
class Report:
    """The findings of one run, and how many URLs it asked for and reused."""

    problems: list[Problem]
    checked: int
    cached: int


def check_links(content: Path, *, allow_local: bool = False, timeout: float = 10.0, max_age: float = 86400.0) -> Report:
    """Check every URL in ``content``; findings are located where each URL is written.

    ``max_age`` is how old, in seconds, a cached result may be to be used again; 0 asks for every URL anew.
    """
    found, unread = found_urls(content)
    folder = cache.content_folder(content)
    known = _cached(folder, allow_local, max_age)
    wanted = sorted({f.url for f in found} - set(known))
    checker = Checker(timeout=timeout, allow_local=allow_local)
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        fresh = dict(zip(wanted, pool.map(checker.check, wanted), strict=True))
    results = {**known, **fresh}
    _save(folder, allow_local, list(results.values()))
    now, problems = time.time(), list(unread)
    for place in found:
        result = results[place.url]
        if result.dead:
            message = f"{place.url}: {describe(result, now)}; replace it with a working link or an archived copy"
            problems.append(place.document.problem("dead-link", message, place.path, char=place.url))
        elif result.final != place.url:
            message = f"{place.url}: redirects to {result.final}; check that it is the same page, and link it directly"
            problem = place.document.problem("moved-link", message, place.path, char=place.url)
            problems.append(replace(problem, severity="warning"))
    return Report(sorted(problems, key=Problem.sort_key), len(wanted), len({f.url for f in found}) - len(wanted))
