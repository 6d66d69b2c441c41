"""A content-hash cache of the rendered pages: an unchanged site is not validated and rendered again.

The key is a SHA-256 over everything a page can depend on: every file and
folder under the content folder, every template, the generator's own source,
the versions of Python and of every installed distribution, where the site is
published, and the git commit the content is at (which fixes its dates). Any
change to any of them is a miss, and the pages are rendered from scratch, so a
hit can only return what the very same inputs rendered before.

Hashing every file on every run would cost more than a no-change rebuild
should, so each file's digest is remembered with its size, modification and
change time and inode, as git's index does, and reused while those are
unchanged. A file changed too close to when the digests were recorded is
hashed again, because it may have changed within the clock's resolution.

The pages are kept one file each, named by the SHA-256 of its text, with a
manifest for each key that maps each page's path to its file, so a hit reads
only the manifest. Each key has a manifest of its own: two checkouts, or two
branches of one, each find their pages however the other was built last.
The folder is shared by every content folder on the machine, and kept within
its size by :mod:`generator.eviction`, which never removes what a running
build holds. It lives in the user's cache folder
(``$XDG_CACHE_HOME/factsheet``, or ``FACTSHEET_CACHE_DIR``), outside the
project, so a pull request cannot plant an entry. It holds JSON and the pages'
Markdown only.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from importlib import metadata
from pathlib import Path
from typing import TypeVar

from generator import eviction
from generator.load import history
from generator.publish import disk

#: Bump when the file layout changes.
FORMAT = 4
#: How long after recording a digest a file's change time must be, for the digest to be trusted.
RACY_NS = 2_000_000_000
_GENERATOR = Path(__file__).parent
log = logging.getLogger("factsheet.cache")
T = TypeVar("T")
#: The folder of the cache that keeps drawn share images, each under the digest of what it shows.
IMAGES = "images"


def root() -> Path | None:
    """The user's cache folder for factsheet; None when ``FACTSHEET_CACHE_DIR`` is ``off`` or there is no home folder."""
    chosen = os.environ.get("FACTSHEET_CACHE_DIR")
    if chosen == "off":
        return None
    if chosen:
        return Path(chosen)
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    try:
        # A relative XDG_CACHE_HOME is invalid and ignored, as the XDG specification says.
        return (Path(xdg) if Path(xdg).is_absolute() else Path.home() / ".cache") / "factsheet"
    except RuntimeError:  # no home folder: run without a cache
        return None


def default_folder() -> Path | None:
    """The cache folder every build on this machine shares (see :mod:`generator.eviction`); None when off.

    Raises FactsheetError when ``FACTSHEET_CACHE_MAX_MB`` is not a size, before anything is read.
    """
    base = root()
    if base is None:
        return None
    eviction.limit_bytes()
    return base / "shared"


def slot(content: Path) -> str:
    """The name under which what is kept for one content folder, rather than for one key, is filed."""
    return hashlib.sha256(str(content.resolve()).encode()).hexdigest()[:16]


def content_folder(content: Path) -> Path | None:
    """A folder of the cache for ``content`` alone (the link checker's results); None when the cache is off."""
    base = root()
    return None if base is None else base / slot(content)


class _Uncacheable(Exception):
    """An input the key cannot describe (a symbolic link): render without the cache."""


class _Digests:
    """File digests, remembered by size, modification time and inode between runs."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.known: dict[str, list[int | str]] = {}
        self.recorded_ns = 0
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and data.get("format") == FORMAT:
                self.known, self.recorded_ns = dict(data["files"]), int(data["recorded_ns"])
        except (OSError, ValueError, KeyError, TypeError):
            pass
        self.seen: dict[str, list[int | str]] = {}
        self.hashed = False

    def digest(self, entry: os.DirEntry[str]) -> str:
        """The SHA-256 of the file at ``entry``, hashed again only if it may have changed."""
        info = entry.stat(follow_symlinks=False)
        # ctime too: unlike the modification time, no tool can set it back.
        stamp: list[int | str] = [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]
        known = self.known.get(entry.path)
        if known is not None and known[:4] == stamp and info.st_ctime_ns < self.recorded_ns - RACY_NS:
            digest = str(known[4])
        else:
            with Path(entry.path).open("rb") as file:
                digest = hashlib.file_digest(file, "sha256").hexdigest()
            self.hashed = True
        self.seen[entry.path] = [*stamp, digest]
        return digest

    def save(self, now_ns: int) -> None:
        """Record the digests, unless every one was reused: then the file already says all of it, and is marked used."""
        if self.hashed or self.seen != self.known:
            write(self.path, json.dumps({"format": FORMAT, "recorded_ns": now_ns, "files": self.seen}))
        else:
            eviction.touch(self.path)


def _entries(folder: str, prefix: str = "") -> Iterator[tuple[str, os.DirEntry[str] | None]]:
    """Every entry under ``folder`` as (relative path, the file's entry or None for a folder), in a fixed order.

    Raises _Uncacheable for a symbolic link, which could change unseen, and for
    anything but a file or a folder (a pipe would block the read).
    """
    with os.scandir(folder) as scan:
        entries = sorted(scan, key=lambda entry: entry.name)
    for entry in entries:
        name = prefix + entry.name
        if entry.is_dir(follow_symlinks=False):
            yield name + "/", None
            yield from _entries(entry.path, name + "/")
        elif entry.is_file(follow_symlinks=False):
            yield name, entry
        else:
            raise _Uncacheable(entry.path)


def environment() -> str:
    """The versions of Python and of every installed distribution, one per line."""
    # Every installed distribution, not a chosen few: any of them (lxml, dateutil, …) may shape a page.
    versions = sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions())
    return "".join(f"{line}\n" for line in [sys.version, *versions])


def key(content: Path, templates: Sequence[Path], site: object, digests: _Digests) -> str:
    """The hash of every input the pages of ``content`` depend on; raises _Uncacheable for a symbolic link."""
    h = hashlib.sha256(f"factsheet-cache {FORMAT}\n{environment()}".encode())
    h.update(f"site {site!r}\n".encode())
    articles = content / "articles"
    h.update(f"git {history.revision(articles) if articles.is_dir() else None}\n".encode())
    folders = [("generator", _GENERATOR), ("content", content), *((f"templates {i}", t) for i, t in enumerate(templates))]
    lines = []
    for label, folder in folders:
        for name, entry in _entries(str(folder)):
            if label == "generator" and not name.endswith(".py"):
                continue
            lines.append(f"{label} {name} {digests.digest(entry) if entry is not None else 'folder'}\n")
    h.update("".join(lines).encode())
    return h.hexdigest()


def write(path: Path, text: str | bytes) -> None:
    """Write ``text`` to ``path`` whole or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False, suffix=".tmp") as file:
        temporary = Path(file.name)
        try:
            file.write(disk.as_bytes(text))
        except BaseException:
            file.close()
            temporary.unlink(missing_ok=True)
            raise
    temporary.replace(path)


class StoredPages(Mapping[str, str | bytes]):
    """Pages rendered before and kept in the cache, each read from its file when it is asked for.

    It holds the cache (:class:`generator.eviction.Hold`) until it is
    collected or :meth:`release` is called, so no other run evicts a page
    before it is read.
    """

    def __init__(self, folder: Path, digests: Mapping[str, str], binary: Iterable[str], hold: eviction.Hold) -> None:
        self.folder = folder
        self.digests = dict(digests)
        self.binary = frozenset(binary)
        """The paths of the pages that are bytes (images), not text."""
        self.hold = hold

    def __getitem__(self, path: str) -> str | bytes:
        file = self.folder / self.digests[path]
        eviction.touch(file)
        data = file.read_bytes()
        return data if path in self.binary else data.decode()

    def __iter__(self) -> Iterator[str]:
        return iter(self.digests)

    def __len__(self) -> int:
        return len(self.digests)

    def release(self) -> None:
        """Let go of the cache: the pages not read yet may be evicted from now on."""
        self.hold.release()


def _store(folder: Path, manifest: Path, wanted: str, pages: Mapping[str, str | bytes]) -> None:
    """Keep ``pages`` under the key ``wanted``: each page in a file named by its digest, then the manifest naming them."""
    folder.mkdir(parents=True, exist_ok=True)
    digests = {path: disk.digest(disk.as_bytes(page)) for path, page in pages.items()}
    present = {file.name for file in folder.iterdir()}
    for path, digest in digests.items():
        if digest in present:
            eviction.touch(folder / digest)
        else:
            # Written under a temporary name and renamed: a file under a digest's name is always the whole page.
            temporary = folder / f".{digest}.{os.getpid()}.tmp"
            temporary.write_bytes(disk.as_bytes(pages[path]))
            temporary.replace(folder / digest)
    binary = sorted(path for path, page in pages.items() if isinstance(page, bytes))
    write(manifest, json.dumps({"format": FORMAT, "key": wanted, "pages": digests, "binary": binary}))


def _stored(folder: Path, manifest: Path, wanted: str, hold: eviction.Hold) -> StoredPages | None:
    """The pages kept under the key ``wanted``, or None if they are not all there."""
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        if not (isinstance(data, dict) and data.get("format") == FORMAT and data.get("key") == wanted):
            return None
        digests, binary = dict(data["pages"]), list(data["binary"])
        if not set(digests.values()) <= {file.name for file in folder.iterdir()}:
            return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    eviction.touch(manifest)
    return StoredPages(folder, digests, binary, hold)


def cached_pages(
    folder: Path,
    content: Path,
    templates: Sequence[Path],
    site: object,
    render: Callable[[], Mapping[str, str | bytes]],
    *,
    evict: bool = True,
) -> Mapping[str, str | bytes]:
    """The pages ``render`` makes from these inputs: from ``folder`` if they were rendered before, else rendered and kept.

    A hit reads no page: each is read from its file when the caller asks for
    it, and the cache is held until the pages are collected (see
    :class:`StoredPages`). After a miss the cache is kept within its size
    (:func:`generator.eviction.evict`), or, with ``evict=False``, an eviction
    is asked of whatever ends the run (a site build, which reads more from the
    cache afterwards). The cache is a help, never a requirement: if it cannot
    be read or written, or an input is a symbolic link, the pages are rendered
    as without it.
    """
    try:
        hold = eviction.Hold(folder)
    except OSError as exc:
        log.info("factsheet: the render cache was not used: %s", exc)
        return render()
    stats = folder / "stats" / f"{slot(content)}.json"
    digests = _Digests(stats)
    started_ns = time.time_ns()
    try:
        wanted = key(content, templates, site, digests)
    except (_Uncacheable, OSError):
        hold.release()
        return render()
    manifest, pages_folder = folder / "renders" / f"{wanted}.json", folder / "pages"
    stored = _stored(pages_folder, manifest, wanted, hold)
    if stored is not None:
        keep(lambda: digests.save(started_ns))
        return stored
    try:
        pages = render()  # raises on invalid content, and nothing is kept
        # An input that changed while rendering (a file saved, a checkout) must not be filed under the old key.
        try:
            unchanged = key(content, templates, site, _Digests(stats)) == wanted
        except (_Uncacheable, OSError):
            unchanged = False
        if unchanged:
            keep(lambda: _store(pages_folder, manifest, wanted, pages))
            keep(lambda: digests.save(started_ns))
    finally:
        hold.release()
    if unchanged and evict:
        keep(lambda: eviction.evict(folder, hold.since_ns))
    elif unchanged:
        eviction.request(folder)
    return pages


def memoised(folder: Path, make: Callable[[T], bytes], key: Callable[[T], str]) -> Callable[[T], bytes]:
    """``make``, with each result kept in ``folder`` under the digest of ``key(item)`` and read from there next time.

    ``key`` must say everything the result depends on. For what is costly to
    make and changes one item at a time, such as the share images: one sheet
    edited redraws one image, not all of them. Files are written whole (see
    :func:`write`) and are evicted as the rest of the cache is.
    """

    def cached(item: T) -> bytes:
        file = folder / hashlib.sha256(key(item).encode()).hexdigest()
        try:
            data = file.read_bytes()
        except OSError:
            data = make(item)
            keep(lambda: write(file, data))
        else:
            eviction.touch(file)
        return data

    return cached


def keep(action: Callable[[], object]) -> bool:
    """Run ``action``, a write to the cache, and say whether it was done.

    A cache that cannot be written (no permission, a full disk) only costs time.
    """
    try:
        action()
    except OSError as exc:
        log.info("factsheet: the render cache was not written: %s", exc)
        return False
    return True
