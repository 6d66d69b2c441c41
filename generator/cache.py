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

The cache lives in the user's cache folder (``$XDG_CACHE_HOME/factsheet``, or
``FACTSHEET_CACHE_DIR``), outside the project, so a pull request cannot plant
an entry. It holds JSON only.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from importlib import metadata
from pathlib import Path

from generator import history

#: Bump when the file layout changes.
FORMAT = 1
#: How long after recording a digest a file's change time must be, for the digest to be trusted.
RACY_NS = 2_000_000_000
_GENERATOR = Path(__file__).parent
log = logging.getLogger("factsheet.cache")


def default_folder(content: Path) -> Path | None:
    """Where the cache for ``content`` lives; None when ``FACTSHEET_CACHE_DIR`` is ``off`` or there is no home folder."""
    chosen = os.environ.get("FACTSHEET_CACHE_DIR")
    if chosen == "off":
        return None
    if chosen:
        base = Path(chosen)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        try:
            # A relative XDG_CACHE_HOME is invalid and ignored, as the XDG specification says.
            base = (Path(xdg) if Path(xdg).is_absolute() else Path.home() / ".cache") / "factsheet"
        except RuntimeError:  # no home folder: run without a cache
            return None
    return base / hashlib.sha256(str(content.resolve()).encode()).hexdigest()[:16]


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

    def digest(self, file: Path) -> str:
        info = file.stat()
        # ctime too: unlike the modification time, no tool can set it back.
        stamp: list[int | str] = [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]
        known = self.known.get(str(file))
        if known is not None and known[:4] == stamp and info.st_ctime_ns < self.recorded_ns - RACY_NS:
            digest = str(known[4])
        else:
            digest = hashlib.sha256(file.read_bytes()).hexdigest()
            self.hashed = True
        self.seen[str(file)] = [*stamp, digest]
        return digest

    def save(self, now_ns: int) -> None:
        """Record the digests, unless every one was reused: then the file already says all of it."""
        if self.hashed or self.seen != self.known:
            write(self.path, json.dumps({"format": FORMAT, "recorded_ns": now_ns, "files": self.seen}))


def _entries(folder: Path) -> Iterable[tuple[str, Path | None]]:
    """Every entry under ``folder`` as (relative path, the file or None for a folder), never through a link."""
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for name in dirs:
            if Path(root, name).is_symlink():
                raise _Uncacheable(Path(root, name))
            yield Path(root, name).relative_to(folder).as_posix() + "/", None
        for name in sorted(names):
            path = Path(root, name)
            if path.is_symlink():
                raise _Uncacheable(path)
            yield path.relative_to(folder).as_posix(), path


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
    for label, folder in folders:
        for name, file in _entries(folder):
            if label == "generator" and (file is None or file.suffix != ".py"):
                continue
            h.update(f"{label} {name} {digests.digest(file) if file is not None else 'folder'}\n".encode())
    return h.hexdigest()


def write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False, suffix=".tmp") as file:
        temporary = Path(file.name)
        try:
            file.write(text)
        except BaseException:
            file.close()
            temporary.unlink(missing_ok=True)
            raise
    temporary.replace(path)


def cached_pages(
    folder: Path, content: Path, templates: Sequence[Path], site: object, render: Callable[[], dict[str, str]]
) -> dict[str, str]:
    """The pages ``render`` makes from these inputs: from ``folder`` if they were rendered before, else rendered and kept.

    The cache is a help, never a requirement: if it cannot be read or written,
    or an input is a symbolic link, the pages are rendered as without it.
    """
    digests = _Digests(folder / "digests.json")
    started_ns = time.time_ns()
    try:
        wanted = key(content, templates, site, digests)
    except (_Uncacheable, OSError):
        return render()
    store = folder / "pages.json"
    try:
        data = json.loads(store.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("format") == FORMAT and data.get("key") == wanted:
            keep(lambda: digests.save(started_ns))
            return dict(data["pages"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    pages = render()  # raises on invalid content, and nothing is kept
    # An input that changed while rendering (a file saved, a checkout) must not be filed under the old key.
    try:
        unchanged = key(content, templates, site, _Digests(folder / "digests.json")) == wanted
    except (_Uncacheable, OSError):
        unchanged = False
    if unchanged:
        keep(lambda: write(store, json.dumps({"format": FORMAT, "key": wanted, "pages": pages}, ensure_ascii=False)))
        keep(lambda: digests.save(started_ns))
    return pages


def keep(action: Callable[[], None]) -> None:
    """Run ``action``, a write to the cache; a cache that cannot be written (no permission, a full disk) only costs time."""
    try:
        action()
    except OSError as exc:
        log.info("factsheet: the render cache was not written: %s", exc)
