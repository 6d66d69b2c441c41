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
import stat
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
#: The file, in the cache folder, that says an eviction was due but another run held the cache.
PENDING = "evict-pending"
#: How old a temporary file must be before eviction takes it for a dead run's.
STALE_TMP_NS = 3600 * 10**9
#: The size the cache is kept to when ``FACTSHEET_CACHE_MAX_MB`` is not set.
DEFAULT_LIMIT_MB = 2048
#: The names of the files the cache writes: digests, with a suffix, and the temporary files of a write.
OWN_NAME = re.compile(r"(?:[0-9a-f]{16}|[0-9a-f]{64})(?:\.json|\.txt)?|\.?[\w.-]*\.tmp")
SHARD = re.compile(r"[0-9a-f]{2}")
#: The folders of the cache that hold its entries, and whether each is split into two-digit shards.
FOLDERS = {"renders": False, "pages": False, "html": True, "stats": False, "clean": False, "images": False}
#: Room for a file system that keeps times coarsely (FAT rounds them to two seconds).
_MARGIN_NS = 2 * 10**9
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
        self.since_ns = time.time_ns() - _MARGIN_NS
        self._fd: int | None = None
        if sys.platform != "win32":
            folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(folder / LOCK, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_SH)
                # The entries' times come from the file system's clock (a file server's, on a network share), so
                # "since" does too: the lock file's, touched now.
                os.utime(fd)
                self.since_ns = os.fstat(fd).st_mtime_ns - _MARGIN_NS
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


def _real_folder(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def _own_files(folder: Path) -> list[tuple[int, int, Path]]:
    """(modification time, size, path) of every file of the cache's own, in its entry folders; never through a link."""
    shards = []
    for name, sharded in FOLDERS.items():
        if not _real_folder(folder / name):
            continue
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


def request(folder: Path) -> None:
    """Ask for an eviction at the end of the run that holds the cache now (see :func:`pending`)."""
    with contextlib.suppress(OSError):
        (folder / PENDING).touch()


def pending(folder: Path) -> bool:
    """Whether an eviction is due: asked for by :func:`request`, or put off because another run held the cache."""
    return (folder / PENDING).is_file()


def evict(folder: Path, since_ns: int, limit: int | None = None) -> Eviction | None:
    """Remove the least recently used entries until the cache is within ``limit`` bytes (``limit_bytes()`` by default).

    What was used since ``since_ns`` (this run's own entries) is kept even
    over the limit, and the temporary files of runs that died are removed.
    Returns None, having removed nothing, when there is no lock to take, or
    when another run holds the cache: then the eviction is left
    :func:`pending` for the next run to finish.
    """
    limit = limit_bytes() if limit is None else limit
    if sys.platform == "win32" or not folder.is_dir():
        return None
    fd = os.open(folder / LOCK, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            request(folder)
            return None
        (folder / PENDING).unlink(missing_ok=True)
        files = _own_files(folder)
        size, removed = sum(s for _, s, _ in files), 0
        os.utime(fd)
        dead_before = os.fstat(fd).st_mtime_ns - STALE_TMP_NS
        for mtime_ns, file_size, path in sorted(files):
            # No run holding the cache is writing, so an old temporary file is a dead run's.
            stale = path.name.endswith(".tmp") and mtime_ns < dead_before
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
