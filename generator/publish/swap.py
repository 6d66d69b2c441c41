"""``replace_tree``: a whole new folder built beside the old one and swapped in, in one step (``factsheet site``)."""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

if sys.platform != "win32":
    import fcntl
from generator.publish import disk

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_OWNER = "factsheet-build.lock"
_OWNER_TEXT = b"factsheet: a temporary build folder, removed when its build ends or by the next build\n"
_NEW, _OLD = "new", "old"


def _exchange(a: Path, b: Path) -> bool:
    """Swap ``a`` and ``b`` in one step with renameat2(RENAME_EXCHANGE); False when the system cannot."""
    if sys.platform != "linux":
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS):
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


def _fsync_tree(root: Path) -> None:
    """Flush every file and folder under ``root`` to disk, so a power cut after the swap cannot leave it empty."""
    for folder, _dirs, files in os.walk(root):
        for name in files:
            path = Path(folder, name)
            if not disk.is_file(path):
                continue
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        disk.fsync_dir(Path(folder))


def _refuse_non_folder(target: Path) -> None:
    mode = disk.file_mode(target)
    if mode is not None and stat.S_ISLNK(mode):
        raise disk.conflict("is a symbolic link; refusing to replace it; point the build at a real folder", target)
    if mode is not None and not stat.S_ISDIR(mode):
        raise disk.conflict("is not a folder; move it away, then build again", target)


def _work_pattern(name: str) -> re.Pattern[str]:
    # tempfile.mkdtemp's names: the prefix, then eight of [a-z0-9_].
    return re.compile(rf"\.{re.escape(name)}\.factsheet-[a-z0-9_]{{8}}")


def _empty_work(work: Path) -> None:
    """Remove what a build put in ``work``, then ``work`` itself; the owner file goes last, as the proof."""
    for name in (_NEW, _OLD):
        child = work / name
        if disk.is_folder(child):
            shutil.rmtree(child)
    (work / _OWNER).unlink(missing_ok=True)
    work.rmdir()


def _remove_abandoned(parent: Path, name: str) -> None:
    """Remove temporary folders that killed builds of ``name`` left in ``parent``.

    Only folders with this generator's name pattern, holding its owner file,
    whose lock no running build holds, are removed; and in them only what a
    build creates. A folder without an owner file is left alone: it may be a
    running build's, between creating the folder and its owner file (so a build
    killed at that very moment leaves an empty folder behind for good).
    """
    if sys.platform == "win32":
        return
    pattern = _work_pattern(name)
    for work in parent.iterdir():
        owner = work / _OWNER
        if not pattern.fullmatch(work.name) or not disk.is_folder(work) or not disk.is_file(owner):
            continue
        if owner.read_bytes() != _OWNER_TEXT:
            continue
        fd = os.open(owner, os.O_RDONLY | os.O_NOFOLLOW)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # a build is running in it
            with suppress(OSError):
                _empty_work(work)
        finally:
            os.close(fd)


def _swap(new: Path, target: Path, aside: Path) -> None:
    """Put the tree ``new`` in place of ``target``; the old tree is left at ``new`` or ``aside``, never deleted here.

    A missing ``target`` is simply renamed into place. Otherwise the two are
    exchanged in one step (:func:`_exchange`), which leaves the old tree at
    ``new``. Where the system cannot exchange them, the fallback renames
    ``target`` to ``aside`` and then ``new`` to ``target``, with Ctrl-C held back
    in between; if the second rename fails, the old tree is renamed back before
    the error goes on, and if even that fails the old tree stays at ``aside``,
    for the caller to keep. On return, the folders holding ``target`` and
    ``new`` are fsynced, so that the swap outlives a power cut before the old
    tree is deleted.
    """
    if disk.file_mode(target) is None:
        new.rename(target)
    elif not _exchange(new, target):
        with disk.sigint_deferred():
            target.rename(aside)
            try:
                new.rename(target)
            except BaseException:
                aside.rename(target)
                raise
    disk.fsync_dir(target.parent)
    disk.fsync_dir(new.parent)


def replace_tree(target: Path, fill: Callable[[Path], object]) -> Path:
    """Build a new folder with ``fill`` and swap it in for ``target`` in one step.

    ``fill`` receives an empty folder beside ``target`` (inside
    ``.<name>.factsheet-XXXXXXXX/``, on the same file system) and writes the new
    tree there. If it raises, ``target`` is untouched and the temporary folder is
    removed. Otherwise the two trees are exchanged with Linux's
    ``renameat2(RENAME_EXCHANGE)``, so ``target`` is at every moment either the
    whole old tree or the whole new one, even if the process is killed; then,
    once the swap is on disk, the old tree is deleted. Where renameat2 is
    unavailable (another system, an old kernel or a file system without it) the
    old tree is renamed aside and the new one renamed in: that fallback has a
    tiny window, between the two renames, in which a killed process leaves no
    ``target`` (the old tree is then in the temporary folder). A missing
    ``target`` is simply renamed into place.

    Raises :class:`OutputConflict` if ``target`` is a symbolic link or a file.
    Nothing is ever deleted except the temporary folders this function creates;
    those left by a killed build are removed by the next one. Returns ``target``.
    """
    target = target.absolute()
    _refuse_non_folder(target)
    disk.make_folders(target.parent)
    _remove_abandoned(target.parent, target.name)
    work: Path | None = None
    owner = -1
    stranded = False
    removed = False

    def remove_work() -> None:
        nonlocal removed
        if removed:
            return
        removed = True
        try:
            if work is not None and not stranded:
                _empty_work(work)
        finally:
            if owner >= 0:
                os.close(owner)

    try:
        # Ctrl-C is held back while the folder and its owner file come into being, so neither leaks.
        with disk.sigint_deferred():
            work = Path(tempfile.mkdtemp(prefix=f".{target.name}.factsheet-", dir=target.parent))
            owner = os.open(work / _OWNER, os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
        if sys.platform != "win32":
            fcntl.flock(owner, fcntl.LOCK_EX)
        os.write(owner, _OWNER_TEXT)
        new = work / _NEW
        new.mkdir()
        fill(new)
        _fsync_tree(new)
        _refuse_non_folder(target)
        # Ctrl-C is held from before the swap until the old tree is removed: Python raises a pending
        # KeyboardInterrupt at its next function call, which could otherwise be the clean-up's first.
        with disk.sigint_deferred():
            try:
                _swap(new, target, work / _OLD)
            except OSError as exc:
                if disk.file_mode(work / _OLD) is None:
                    message = f"could not be replaced ({exc.strerror}); the previous tree is left as it was"
                    raise disk.conflict(message, target) from None
                # The fallback moved the old tree aside and could not put it back: keep it, and drop the
                # owner file so that no later build takes the folder for its own leftovers.
                stranded = True
                (work / _OWNER).unlink()
                message = f"could not be replaced ({exc.strerror}); the previous tree is now {work / _OLD}"
                raise disk.conflict(message, target) from None
            finally:
                remove_work()
    finally:
        with disk.sigint_deferred():
            remove_work()
    return target
