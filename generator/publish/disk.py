"""What the publish stage reads and writes on disk: its own file names, the manifest, durable writes and locks.

Every write is made durable (the file, then its folder, fsynced) before the
next step relies on it, and nothing here follows a symbolic link or reads a
file the generator could not have written.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import stat
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from generator.errors import OutputConflict, Problem

if sys.platform != "win32":
    import fcntl

MANIFEST = ".factsheet-manifest.json"
JOURNAL = ".factsheet-journal.json"
PENDING = ".factsheet-pending.json"

#: Every temporary file a run creates: ``.factsheet-<token>-<n|journal|manifest>.tmp``.
TEMP_NAME = re.compile(r"\.factsheet-(?P<token>[0-9a-f]{32})-(?:\d+|journal|manifest)\.tmp")
TOKEN = re.compile(r"[0-9a-f]{32}")
HASH = re.compile(r"[0-9a-f]{64}")
OWN_NAMES = frozenset({MANIFEST, JOURNAL, PENDING})


def as_bytes(page: str | bytes) -> bytes:
    """A page as it is written: text as UTF-8, an image as it is."""
    return page if isinstance(page, bytes) else page.encode("utf-8")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def conflict(message: str, path: Path) -> OutputConflict:
    return OutputConflict([Problem("output-conflict", message, path.as_posix())])


# --- what is on disk ---------------------------------------------------------------------------


def file_mode(path: Path) -> int | None:
    """The type bits of ``path`` itself (a symbolic link is not followed); None when nothing is there."""
    try:
        return os.lstat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None


def is_file(path: Path) -> bool:
    """True for a regular file; False for nothing, a symbolic link, a folder or anything else."""
    mode = file_mode(path)
    return mode is not None and stat.S_ISREG(mode)


def is_folder(path: Path) -> bool:
    """True for a real folder; False for nothing, a symbolic link (even to a folder) or anything else."""
    mode = file_mode(path)
    return mode is not None and stat.S_ISDIR(mode)


def read_own_file(path: Path) -> bytes | None:
    """The bytes of the regular file at ``path``; None when nothing is there; ValueError for anything else."""
    mode = file_mode(path)
    if mode is None:
        return None
    if stat.S_ISLNK(mode):
        raise ValueError("it is a symbolic link")
    if not stat.S_ISREG(mode):
        raise ValueError("it is not a regular file")
    return path.read_bytes()


def hash_at(path: Path) -> str | None:
    """The hash of a regular file at ``path``; None when nothing is there; "" for anything else."""
    mode = file_mode(path)
    if mode is None:
        return None
    return digest(path.read_bytes()) if stat.S_ISREG(mode) else ""


def folders_on_the_way_are_real(out: Path, rel: str) -> bool:
    """True when every folder between ``out`` and ``out / rel`` is a real folder or not there yet.

    A symbolic link (or a file) in their place could lead a write or a deletion
    out of ``out``; ``rel`` itself is checked by the caller.
    """
    current = out
    for part in rel.split("/")[:-1]:
        current = current / part
        mode = file_mode(current)
        if mode is None:
            return True
        if not stat.S_ISDIR(mode):
            return False
    return True


def safe_rel(value: object) -> str:
    """``value`` if it is a plain relative path; ValueError otherwise.

    Plain means names joined by ``/``, none of them empty, ``.`` or ``..``, and
    no backslash or NUL: so the path is not absolute, stays inside the folder it
    is joined to and names the same file on every system. Symbolic links on the
    way are another matter: see :func:`folders_on_the_way_are_real`.
    """
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a path")
    if "\\" in value or "\0" in value or any(part in ("", ".", "..") for part in value.split("/")):
        raise ValueError(f"{value!r} is not a plain relative path")
    return value


def safe_page(value: object) -> str:
    """``value`` if it is a plain relative path (:func:`safe_rel`) not named like this module's own files."""
    rel = safe_rel(value)
    name = rel.rsplit("/", 1)[-1]
    if name in OWN_NAMES or TEMP_NAME.fullmatch(name):
        raise ValueError(f"{rel!r} is named like factsheet's own bookkeeping files")
    return rel


def checked_hash(value: object) -> str:
    if not isinstance(value, str) or not HASH.fullmatch(value):
        raise ValueError(f"{value!r} is not a hash")
    return value


def read_manifest(out: Path) -> tuple[dict[str, str], bytes | None]:
    """The files the manifest in ``out`` records (path → hash), and its bytes; ``({}, None)`` when there is none.

    Every path the manifest lists is deleted once it is no longer generated, so
    a manifest is trusted only if it is a regular file whose paths all pass
    :func:`safe_page` and whose values are all hashes. Anything else raises
    :class:`OutputConflict` ("the manifest is unreadable") before anything is touched.
    """
    path = out / MANIFEST
    try:
        raw = read_own_file(path)
        if raw is None:
            return {}, None
        files = json.loads(raw)["files"]
        if not isinstance(files, dict):
            raise ValueError("files is not a mapping of path to hash")
        return {safe_page(rel): checked_hash(value) for rel, value in files.items()}, raw
    except (ValueError, KeyError, TypeError) as exc:
        raise conflict(f"the manifest is unreadable ({exc}); move the folder aside and build again", path) from None


def manifest_bytes(files: Mapping[str, str]) -> bytes:
    record = {"generator": "factsheet", "files": dict(files)}
    return (json.dumps(record, indent=2, sort_keys=True) + "\n").encode("utf-8")


# --- durable writes ----------------------------------------------------------------------------


def temp_name(token: str, label: str) -> str:
    return f".factsheet-{token}-{label}.tmp"


def fsync_dir(folder: Path) -> None:
    # A rename or a new name is durable only once its folder is; Windows cannot open folders.
    if sys.platform == "win32":
        return
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def make_folders(folder: Path) -> None:
    """Create ``folder`` and its missing parents; fsync each new folder and the one that holds the topmost."""
    missing = []
    while file_mode(folder) is None:
        missing.append(folder)
        folder = folder.parent
    if not missing:
        return
    for new in reversed(missing):
        new.mkdir(exist_ok=True)
    for done in [*missing, folder]:
        fsync_dir(done)


def write_new(path: Path, data: bytes) -> None:
    """Create ``path`` (which must not exist), write ``data`` and fsync it."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def replace_durably(path: Path, data: bytes, temp: Path) -> None:
    """Write ``data`` to ``temp``, then rename it over ``path``: the rename is the moment it counts."""
    temp.unlink(missing_ok=True)
    write_new(temp, data)
    try:
        temp.replace(path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


@contextmanager
def sigint_deferred() -> Iterator[Callable[[], bool]]:
    """Hold back Ctrl-C (SIGINT) until the block ends, then deliver it.

    Yields a function that tells whether Ctrl-C was pressed meanwhile, so the
    block can stop at a safe point. If the block raises, its exception goes on
    instead and the held-back Ctrl-C is dropped: the run ends either way, and
    the exception says more. Signal handlers can only be changed in the main
    thread; elsewhere, and where SIGINT is ignored (a background job) or
    handled outside Python, this holds nothing back.
    """
    current = signal.getsignal(signal.SIGINT)
    if threading.current_thread() is not threading.main_thread() or current in (signal.SIG_IGN, None):
        yield lambda: False
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, _frame: caught.append(signum))
    try:
        yield lambda: bool(caught)
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        signal.raise_signal(signal.SIGINT)


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock on ``folder`` so two runs never recover each other's work."""
    if sys.platform == "win32":
        yield
        return
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise conflict("another factsheet run is writing into this folder; wait for it to finish", folder) from None
        yield
    finally:
        os.close(fd)
