"""The shared cache folder kept within its size, without ever removing what a running build still reads.

Every run that reads or writes the cache holds a shared lock on the folder's
``lock`` file for as long as it does (:class:`Hold`). A run that wrote to the
cache evicts when it is done (:func:`evict`), taking the lock exclusively and
only without waiting: while any other run holds the cache nothing is removed,
and a later run that writes evicts for both. A run that starts while an
eviction is under way waits for it.

Entries are removed least recently used first, by modification time: a run
that reuses an entry touches it (:func:`touch`). Only files named as the cache
names its own are ever removed, so a cache folder set by mistake to one that
holds other files loses none of them. Locks are advisory and need ``fcntl``; on
a system without it (Windows) the cache is never evicted.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sys
import time
import weakref
from dataclasses import dataclass
from pathlib import Path

from generator.errors import FactsheetError

if sys.platform != "win32":
    import fcntl

#: The lock file, in the cache folder.
LOCK = "lock"
#: The size the cache is kept to when ``FACTSHEET_CACHE_MAX_MB`` is not set.
DEFAULT_LIMIT_MB = 2048
#: The names of the files the cache writes: digests, with a suffix, and the temporary files of a write.
OWN_NAME = re.compile(r"(?:[0-9a-f]{16}|[0-9a-f]{64})(?:\.json|\.txt)?|\.?[\w.-]*\.tmp")
SHARD = re.compile(r"[0-9a-f]{2}")
#: The folders of the cache that hold its entries, and whether each is split into two-digit shards.
FOLDERS = {"renders": False, "pages": False, "html": True, "stats": False, "clean": False}
log = logging.getLogger("factsheet.cache")


def limit_bytes() -> int:
    """The size, in bytes, that ``FACTSHEET_CACHE_MAX_MB`` asks the cache to be kept to; raises FactsheetError for a bad value."""
    raw = os.environ.get("FACTSHEET_CACHE_MAX_MB")
    if raw is None:
        return DEFAULT_LIMIT_MB * 2**20
    if not re.fullmatch(r"[0-9]{1,9}", raw.strip()):
        raise FactsheetError(
            f"FACTSHEET_CACHE_MAX_MB: expected a whole number of megabytes, got {raw!r}; "
            f"set it to 0 or more, or unset it for {DEFAULT_LIMIT_MB}"
        )
    return int(raw) * 2**20


class Hold:
    """A shared hold on the cache in ``folder``: while it lasts, no other run evicts anything.

    Released by :meth:`release`, or when the object is collected. ``since_ns``
    is when it was taken: what was used since then is this run's own.
    """

    def __init__(self, folder: Path) -> None:
        # A second early: a file's times come from a coarser clock than time.time_ns(), and may lag it.
        self.since_ns = time.time_ns() - 1_000_000_000
        self._fd: int | None = None
        if sys.platform != "win32":
            folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(folder / LOCK, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_SH)
            except BaseException:
                os.close(fd)
                raise
            self._fd = fd
            self._closer = weakref.finalize(self, os.close, fd)

    def release(self) -> None:
        """Let go of the cache; safe to call more than once."""
        if self._fd is not None:
            self._fd = None
            self._closer()


def touch(path: Path) -> None:
    """Mark the entry at ``path`` as just used, so that it is evicted last."""
    with contextlib.suppress(OSError):
        os.utime(path)


@dataclass(frozen=True)
class Eviction:
    """What :func:`evict` found and did: the cache's size in bytes and its number of files after it, and how many it removed."""

    size: int
    files: int
    removed: int


def _scan(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except OSError:
        return []


def _own_files(folder: Path) -> list[tuple[int, int, Path]]:
    """(modification time, size, path) of every file of the cache's own, in its entry folders."""
    shards = []
    for name, sharded in FOLDERS.items():
        if sharded:
            shards += [Path(e.path) for e in _scan(folder / name) if SHARD.fullmatch(e.name) and e.is_dir(follow_symlinks=False)]
        else:
            shards.append(folder / name)
    found = []
    for entry in (e for shard in shards for e in _scan(shard)):
        if OWN_NAME.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
            with contextlib.suppress(OSError):
                info = entry.stat(follow_symlinks=False)
                found.append((info.st_mtime_ns, info.st_size, Path(entry.path)))
    return found


def evict(folder: Path, since_ns: int, limit: int | None = None) -> Eviction | None:
    """Remove the least recently used entries until the cache is within ``limit`` bytes (``limit_bytes()`` by default).

    What was used since ``since_ns`` (this run's own entries) is kept even
    over the limit, and the temporary files of runs that were killed are
    removed. Returns None, having removed nothing, when another run holds the
    cache or there is no lock to take.
    """
    limit = limit_bytes() if limit is None else limit
    if sys.platform == "win32" or not folder.is_dir():
        return None
    fd = os.open(folder / LOCK, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return None
        files = _own_files(folder)
        size, removed = sum(s for _, s, _ in files), 0
        for mtime_ns, file_size, path in sorted(files):
            # Under the exclusive lock no run is writing, so a temporary file is a dead run's.
            stale = path.name.endswith(".tmp")
            if not stale and (size <= limit or mtime_ns >= since_ns):
                continue
            try:
                path.unlink()
            except OSError:
                continue
            size, removed = size - file_size, removed + 1
        if size > limit:
            log.info("factsheet: the cache holds %d MB that this build used, over its limit of %d MB", size >> 20, limit >> 20)
        return Eviction(size, len(files) - removed, removed)
    finally:
        os.close(fd)
