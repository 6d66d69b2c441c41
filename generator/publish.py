"""Stage 4, publish: write output folders so that nothing is ever lost.

``write_pages`` (``factsheet build --out DIR``) writes plain Markdown for any
site tool. A manifest beside the pages records the hash of every file written.
Before anything is written, the whole plan is checked: every page path must be
a plain relative path (no absolute path, no ``..``, no backslash) not named
like this module's own files, the manifest must be one the generator could have
written, and a file the generator did not write, or one edited since, is never
overwritten or deleted; the run stops with an error naming each such file
instead. The whole set of changes is then applied all or nothing, through a
journal:

1. *prepare*: a pending record naming this run's random token is written, then
   every new or changed page is written and fsynced under a temporary name
   holding that token, beside its target;
2. *commit*: a journal listing every rename, every deletion and the new
   manifest is written to a temporary name and renamed into place;
3. *apply*: the renames and deletions are carried out, the manifest is
   written, and the journal and pending record are removed.

A run that stops before the commit leaves the old pages; one that stops after
it leaves a journal that the next run (or :func:`recover`) rolls forward. Only
files named with the token of a pending record or journal are ever removed as
leftovers, so a file the generator did not create is never deleted. Ctrl-C
before the commit removes the temporary files; after it, it is held back until
the new state is complete (if a file was edited meanwhile, the run ends with
that conflict rather than with the Ctrl-C).

``replace_tree`` (``factsheet site``) builds a whole new folder beside the old
one and swaps the two in one step, so the folder is always either the complete
old tree or the complete new one.
"""

from __future__ import annotations

import ctypes
import errno
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import stat
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

from generator.errors import OutputConflict, Problem

if sys.platform != "win32":
    import fcntl

MANIFEST = ".factsheet-manifest.json"
JOURNAL = ".factsheet-journal.json"
PENDING = ".factsheet-pending.json"

#: Every temporary file a run creates: ``.factsheet-<token>-<n|journal|manifest>.tmp``.
TEMP_NAME = re.compile(r"\.factsheet-(?P<token>[0-9a-f]{32})-(?:\d+|journal|manifest)\.tmp")
_TOKEN = re.compile(r"[0-9a-f]{32}")
_HASH = re.compile(r"[0-9a-f]{64}")
_OWN_NAMES = frozenset({MANIFEST, JOURNAL, PENDING})


@dataclass(frozen=True)
class Recovery:
    """What :func:`recover` did in an output folder.

    ``action`` is ``"clean"`` when there was nothing to do, ``"rolled-back"``
    when an uncommitted run's temporary files were removed (the old pages
    remain) and ``"rolled-forward"`` when a committed run was finished (the new
    pages are in place). ``problems`` names every file the roll-forward left
    alone because it was edited after the interruption; the next
    ``write_pages`` reports each of them as a conflict too.
    """

    action: Literal["clean", "rolled-back", "rolled-forward"]
    problems: tuple[Problem, ...] = ()


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _conflict(message: str, path: Path) -> OutputConflict:
    return OutputConflict([Problem("output-conflict", message, path.as_posix())])


# --- what is on disk ---------------------------------------------------------------------------


def _mode(path: Path) -> int | None:
    """The type bits of ``path`` itself (a symbolic link is not followed); None when nothing is there."""
    try:
        return os.lstat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None


def _is_file(path: Path) -> bool:
    """True for a regular file; False for nothing, a symbolic link, a folder or anything else."""
    mode = _mode(path)
    return mode is not None and stat.S_ISREG(mode)


def _is_folder(path: Path) -> bool:
    """True for a real folder; False for nothing, a symbolic link (even to a folder) or anything else."""
    mode = _mode(path)
    return mode is not None and stat.S_ISDIR(mode)


def _read_own_file(path: Path) -> bytes | None:
    """The bytes of the regular file at ``path``; None when nothing is there; ValueError for anything else."""
    mode = _mode(path)
    if mode is None:
        return None
    if stat.S_ISLNK(mode):
        raise ValueError("it is a symbolic link")
    if not stat.S_ISREG(mode):
        raise ValueError("it is not a regular file")
    return path.read_bytes()


def _hash_at(path: Path) -> str | None:
    """The hash of a regular file at ``path``; None when nothing is there; "" for anything else."""
    mode = _mode(path)
    if mode is None:
        return None
    return _digest(path.read_bytes()) if stat.S_ISREG(mode) else ""


def _folders_on_the_way_are_real(out: Path, rel: str) -> bool:
    """True when every folder between ``out`` and ``out / rel`` is a real folder or not there yet.

    A symbolic link (or a file) in their place could lead a write or a deletion
    out of ``out``; ``rel`` itself is checked by the caller.
    """
    current = out
    for part in rel.split("/")[:-1]:
        current = current / part
        mode = _mode(current)
        if mode is None:
            return True
        if not stat.S_ISDIR(mode):
            return False
    return True


def _safe_rel(value: object) -> str:
    """``value`` if it is a plain relative path; ValueError otherwise.

    Plain means names joined by ``/``, none of them empty, ``.`` or ``..``, and
    no backslash or NUL: so the path is not absolute, stays inside the folder it
    is joined to and names the same file on every system. Symbolic links on the
    way are another matter: see :func:`_folders_on_the_way_are_real`.
    """
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a path")
    if "\\" in value or "\0" in value or any(part in ("", ".", "..") for part in value.split("/")):
        raise ValueError(f"{value!r} is not a plain relative path")
    return value


def _safe_page(value: object) -> str:
    """``value`` if it is a plain relative path (:func:`_safe_rel`) not named like this module's own files."""
    rel = _safe_rel(value)
    name = rel.rsplit("/", 1)[-1]
    if name in _OWN_NAMES or TEMP_NAME.fullmatch(name):
        raise ValueError(f"{rel!r} is named like factsheet's own bookkeeping files")
    return rel


def _hash(value: object) -> str:
    if not isinstance(value, str) or not _HASH.fullmatch(value):
        raise ValueError(f"{value!r} is not a hash")
    return value


def _read_manifest(out: Path) -> tuple[dict[str, str], bytes | None]:
    """The files the manifest in ``out`` records (path → hash), and its bytes; ``({}, None)`` when there is none.

    Every path the manifest lists is deleted once it is no longer generated, so
    a manifest is trusted only if it is a regular file whose paths all pass
    :func:`_safe_page` and whose values are all hashes. Anything else raises
    :class:`OutputConflict` ("the manifest is unreadable") before anything is touched.
    """
    path = out / MANIFEST
    try:
        raw = _read_own_file(path)
        if raw is None:
            return {}, None
        files = json.loads(raw)["files"]
        if not isinstance(files, dict):
            raise ValueError("files is not a mapping of path to hash")
        return {_safe_page(rel): _hash(value) for rel, value in files.items()}, raw
    except (ValueError, KeyError, TypeError) as exc:
        raise _conflict(f"the manifest is unreadable ({exc}); move the folder aside and build again", path) from None


def _manifest_bytes(files: Mapping[str, str]) -> bytes:
    record = {"generator": "factsheet", "files": dict(files)}
    return (json.dumps(record, indent=2, sort_keys=True) + "\n").encode("utf-8")


# --- durable writes ----------------------------------------------------------------------------


def _temp_name(token: str, label: str) -> str:
    return f".factsheet-{token}-{label}.tmp"


def _fsync_dir(folder: Path) -> None:
    # A rename or a new name is durable only once its folder is; Windows cannot open folders.
    if sys.platform == "win32":
        return
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _make_folders(folder: Path) -> None:
    """Create ``folder`` and its missing parents; fsync each new folder and the one that holds the topmost."""
    missing = []
    while _mode(folder) is None:
        missing.append(folder)
        folder = folder.parent
    if not missing:
        return
    for new in reversed(missing):
        new.mkdir(exist_ok=True)
    for done in [*missing, folder]:
        _fsync_dir(done)


def _write_new(path: Path, data: bytes) -> None:
    """Create ``path`` (which must not exist), write ``data`` and fsync it."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def _replace_durably(path: Path, data: bytes, temp: Path) -> None:
    """Write ``data`` to ``temp``, then rename it over ``path``: the rename is the moment it counts."""
    temp.unlink(missing_ok=True)
    _write_new(temp, data)
    try:
        temp.replace(path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


@contextmanager
def _sigint_deferred() -> Iterator[Callable[[], bool]]:
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
def _locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock on ``folder`` so two runs never recover each other's work."""
    if sys.platform == "win32":
        yield
        return
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise _conflict("another factsheet run is writing into this folder; wait for it to finish", folder) from None
        yield
    finally:
        os.close(fd)


# --- the journal -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Replace:
    """Rename the temporary file ``temp`` over the page ``target``; both paths are relative to the output folder.

    ``before`` is the hash of what was at ``target`` when the run was planned
    (None: nothing), ``after`` that of ``temp``. The rename is dropped if
    ``target`` holds anything else by the time it is made.
    """

    temp: str
    target: str
    before: str | None
    after: str


@dataclass(frozen=True)
class _Delete:
    """Delete the stale page ``target`` (relative to the output folder), but only while its hash is still ``before``."""

    target: str
    before: str


@dataclass(frozen=True)
class _Journal:
    """A committed run: every rename and deletion it makes, and the manifest it leaves behind.

    Written once, under a temporary name, then renamed to ``JOURNAL``: from that
    moment the run counts as done, and :func:`_apply` carries it out, again
    after any interruption. ``token`` names the run's temporary files.
    """

    token: str
    replace: tuple[_Replace, ...]
    delete: tuple[_Delete, ...]
    manifest: dict[str, str]

    def to_bytes(self) -> bytes:
        record = {
            "generator": "factsheet",
            "token": self.token,
            "replace": [asdict(r) for r in self.replace],
            "delete": [asdict(d) for d in self.delete],
            "manifest": self.manifest,
        }
        return (json.dumps(record, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _parse_journal(raw: bytes) -> _Journal:
    data = json.loads(raw)
    token = data.get("token")
    if data.get("generator") != "factsheet" or not isinstance(token, str) or not _TOKEN.fullmatch(token):
        raise ValueError("not a factsheet journal")
    replace = []
    for item in data["replace"]:
        temp = _safe_rel(item["temp"])
        match = TEMP_NAME.fullmatch(temp.rsplit("/", 1)[-1])
        if match is None or match["token"] != token:
            raise ValueError(f"{temp!r} is not one of this run's temporary files")
        before = None if item["before"] is None else _hash(item["before"])
        replace.append(_Replace(temp, _safe_page(item["target"]), before, _hash(item["after"])))
    delete = tuple(_Delete(_safe_page(item["target"]), _hash(item["before"])) for item in data["delete"])
    manifest = {_safe_page(rel): _hash(value) for rel, value in data["manifest"].items()}
    return _Journal(token, tuple(replace), delete, manifest)


def _read_journal(out: Path) -> _Journal | None:
    path = out / JOURNAL
    try:
        raw = _read_own_file(path)
        return None if raw is None else _parse_journal(raw)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise _conflict(f"is not a journal factsheet can finish ({exc}); move it away, then build again", path) from None


def _read_pending(out: Path) -> str | None:
    """The token of an unfinished run's pending record; "" when that run died while creating it."""
    path = out / PENDING
    if _mode(path) is None:
        return None
    if _is_file(path):
        raw = path.read_bytes()
        if not raw:
            return ""
        with suppress(ValueError, AttributeError):
            data = json.loads(raw)
            token = data.get("token")
            if data.get("generator") == "factsheet" and isinstance(token, str) and _TOKEN.fullmatch(token):
                return token
    raise _conflict("is not a record factsheet wrote; move it away, then build again", path)


def _write_pending(out: Path, token: str) -> None:
    # One small write, so a killed run leaves either an empty record or a whole one.
    _write_new(out / PENDING, json.dumps({"generator": "factsheet", "token": token}).encode("utf-8") + b"\n")
    _fsync_dir(out)


def _sweep(out: Path, tokens: set[str]) -> None:
    """Remove every temporary file named with one of ``tokens``: only runs holding them created them.

    ``os.walk`` does not descend into symbolic links to folders, so this never leaves ``out``.
    """
    for folder, _dirs, files in os.walk(out):
        for name in files:
            match = TEMP_NAME.fullmatch(name)
            path = Path(folder, name)
            if match and match["token"] in tokens and _is_file(path):
                path.unlink()


def _apply(out: Path, journal: _Journal) -> list[Problem]:
    """Carry out a committed journal; safe to repeat after any interruption.

    A target edited or replaced since the plan was made is left alone: a rename
    over it is dropped (the next run reports the file as edited), and a stale
    file that changed stays listed in the manifest with its old hash (the next
    run reports it too). Returns a problem for each file left alone.
    """
    problems = []
    touched = {out}
    for item in journal.replace:
        temp, target = out / item.temp, out / item.target
        if not _is_file(temp) or not _folders_on_the_way_are_real(out, item.temp):
            continue  # renamed before the interruption
        if not _folders_on_the_way_are_real(out, item.target) or _hash_at(target) not in (None, item.before, item.after):
            temp.unlink()
            problems.append(Problem("output-conflict", "changed while factsheet was writing; left as it is", target.as_posix()))
            continue
        _make_folders(target.parent)
        temp.replace(target)
        touched |= {temp.parent, target.parent}
    manifest = dict(journal.manifest)
    for gone in journal.delete:
        target = out / gone.target
        found = _hash_at(target) if _folders_on_the_way_are_real(out, gone.target) else ""
        if found == gone.before:
            target.unlink()
            touched.add(target.parent)
        elif found is not None:
            manifest[gone.target] = gone.before
            problems.append(Problem("output-conflict", "changed while factsheet was writing; left as it is", target.as_posix()))
    for folder in sorted(touched):
        _fsync_dir(folder)
    _replace_durably(out / MANIFEST, _manifest_bytes(manifest), out / _temp_name(journal.token, "manifest"))
    return problems


def _recover_locked(out: Path) -> Recovery:
    journal = _read_journal(out)
    pending = _read_pending(out)
    tokens = {t for t in (pending, journal.token if journal else None) if t}
    if journal is not None:
        with _sigint_deferred():
            problems = _apply(out, journal)
            _sweep(out, tokens)
            (out / PENDING).unlink(missing_ok=True)
            (out / JOURNAL).unlink()
        return Recovery("rolled-forward", tuple(problems))
    if pending is not None:
        with _sigint_deferred():
            _sweep(out, tokens)
            (out / PENDING).unlink()
        return Recovery("rolled-back")
    return Recovery("clean")


def recover(out: Path) -> Recovery:
    """Finish or undo whatever an interrupted ``write_pages`` left in ``out``.

    A committed journal is rolled forward, so ``out`` holds the new pages; an
    uncommitted run's temporary files are removed, so it holds the old ones.
    Returns what was done, and the files a roll-forward left alone because they
    were edited after the interruption (see :class:`Recovery`); raises
    :class:`OutputConflict` for a journal or pending record it cannot trust.
    ``write_pages`` calls this first, every time.
    """
    if not _is_folder(out):
        return Recovery("clean")
    with _locked(out):
        return _recover_locked(out)


def _find_conflicts(
    out: Path, encoded: Mapping[str, bytes], manifest: Mapping[str, str]
) -> tuple[list[Problem], dict[str, str | None]]:
    """Every conflict in the plan, and the hash of what is at each target and stale path now."""
    problems = []
    found: dict[str, str | None] = {}
    for rel in encoded:
        target = out / rel
        if not _folders_on_the_way_are_real(out, rel):
            problems.append(
                Problem(
                    "output-conflict",
                    "a folder on the way to this page is a symbolic link or a file; refusing to write through it",
                    target.as_posix(),
                )
            )
            continue
        found[rel] = _hash_at(target)
        if found[rel] is not None and found[rel] != manifest.get(rel):
            why = "was edited since factsheet wrote it" if rel in manifest else "was not written by factsheet"
            problems.append(Problem("output-conflict", f"{why}; move it away, then build again", target.as_posix()))
    for rel in manifest:
        if rel in encoded:
            continue
        target = out / rel
        if _folders_on_the_way_are_real(out, rel):
            found[rel] = _hash_at(target)
        else:
            found[rel] = "" if os.path.lexists(target) else None
        if found[rel] is not None and found[rel] != manifest[rel]:
            problems.append(
                Problem(
                    "output-conflict",
                    "is no longer generated but was edited since factsheet wrote it; delete or move it by hand",
                    target.as_posix(),
                )
            )
    return problems, found


def _nearest_folder(out: Path, rel: str) -> Path:
    """The target's folder, or its nearest existing ancestor: folders are created only after the commit."""
    folder = (out / rel).parent
    while not _is_folder(folder):
        folder = folder.parent
    return folder


def write_pages(pages: Mapping[str, str], out: Path) -> list[Path]:
    """Write ``pages`` (path → Markdown) under ``out`` all or nothing; remove this generator's stale pages.

    Raises :class:`OutputConflict`, before writing anything, when a page path is
    not a plain relative path or is named like this module's own files, when the
    manifest cannot be trusted, or when a page would overwrite or delete a file
    the generator did not write or one edited since. Files that recovering an
    interrupted run left alone are among those conflicts. Returns the path of
    every page, written or already up to date.
    """
    bad = []
    for rel in sorted(pages):
        try:
            _safe_page(rel)
        except ValueError as exc:
            bad.append(Problem("output-conflict", f"refusing to write a page: {exc}", out.as_posix()))
    if bad:
        raise OutputConflict(bad)
    mode = _mode(out)
    if mode is not None and stat.S_ISLNK(mode):
        raise _conflict("the output folder is a symbolic link; choose a real folder", out)
    if mode is not None and not stat.S_ISDIR(mode):
        raise _conflict("the output folder is a file; choose a folder", out)
    _make_folders(out)
    with _locked(out):
        # What the recovery leaves alone is still listed in the manifest, so it is reported below as a conflict.
        _recover_locked(out)
        manifest, recorded = _read_manifest(out)
        encoded = {rel: text.encode("utf-8") for rel, text in sorted(pages.items())}
        problems, found = _find_conflicts(out, encoded, manifest)
        if problems:
            raise OutputConflict(problems)
        changed = [(rel, found[rel], data) for rel, data in encoded.items() if found[rel] != _digest(data)]
        stale = [_Delete(rel, manifest[rel]) for rel in manifest if rel not in encoded and found[rel] is not None]
        files = {rel: _digest(data) for rel, data in encoded.items()}
        if changed or stale or recorded != _manifest_bytes(files):
            _publish(out, changed, stale, files)
    return [out / rel for rel in encoded]


def _publish(
    out: Path, changed: Sequence[tuple[str, str | None, bytes]], stale: Sequence[_Delete], files: dict[str, str]
) -> None:
    """Prepare, commit and apply: write each ``(page, hash before, bytes)``, delete ``stale``, record ``files``.

    See the module docstring. Raises :class:`OutputConflict` for any file the apply step left alone.
    """
    token = secrets.token_hex(16)
    # Ctrl-C is held back throughout and checked between steps, so it never lands half-way through
    # a step or the cleanup: before the commit it undoes the run, after it it waits for the end.
    with _sigint_deferred() as interrupted:
        _write_pending(out, token)
        committed = False
        try:
            replace = []
            folders = {out}
            for n, (rel, before, data) in enumerate(changed):
                if interrupted():
                    raise KeyboardInterrupt
                folder = _nearest_folder(out, rel)
                temp = folder / _temp_name(token, str(n))
                _write_new(temp, data)
                folders.add(folder)
                replace.append(_Replace(temp.relative_to(out).as_posix(), rel, before, _digest(data)))
            for folder in sorted(folders):
                _fsync_dir(folder)
            journal = _Journal(token, tuple(replace), tuple(stale), files)
            staged = out / _temp_name(token, "journal")
            _write_new(staged, journal.to_bytes())
            if interrupted():
                raise KeyboardInterrupt
            staged.replace(out / JOURNAL)
            committed = True
            _fsync_dir(out)
            problems = _apply(out, journal)
            # The pending record goes first: a pending record without a journal always means "not committed".
            (out / PENDING).unlink()
            (out / JOURNAL).unlink()
        except BaseException:
            if not committed:
                _sweep(out, {token})
                (out / PENDING).unlink()
            raise
        if problems:
            # Raised inside the block, so that a Ctrl-C held back meanwhile does not hide it.
            raise OutputConflict(problems)


# --- whole trees -------------------------------------------------------------------------------

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
            if not _is_file(path):
                continue
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        _fsync_dir(Path(folder))


def _refuse_non_folder(target: Path) -> None:
    mode = _mode(target)
    if mode is not None and stat.S_ISLNK(mode):
        raise _conflict("is a symbolic link; refusing to replace it; point the build at a real folder", target)
    if mode is not None and not stat.S_ISDIR(mode):
        raise _conflict("is not a folder; move it away, then build again", target)


def _work_pattern(name: str) -> re.Pattern[str]:
    # tempfile.mkdtemp's names: the prefix, then eight of [a-z0-9_].
    return re.compile(rf"\.{re.escape(name)}\.factsheet-[a-z0-9_]{{8}}")


def _empty_work(work: Path) -> None:
    """Remove what a build put in ``work``, then ``work`` itself; the owner file goes last, as the proof."""
    for name in (_NEW, _OLD):
        child = work / name
        if _is_folder(child):
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
        if not pattern.fullmatch(work.name) or not _is_folder(work) or not _is_file(owner):
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
    if _mode(target) is None:
        new.rename(target)
    elif not _exchange(new, target):
        with _sigint_deferred():
            target.rename(aside)
            try:
                new.rename(target)
            except BaseException:
                aside.rename(target)
                raise
    _fsync_dir(target.parent)
    _fsync_dir(new.parent)


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
    _make_folders(target.parent)
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
        with _sigint_deferred():
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
        with _sigint_deferred():
            try:
                _swap(new, target, work / _OLD)
            except OSError as exc:
                if _mode(work / _OLD) is None:
                    message = f"could not be replaced ({exc.strerror}); the previous tree is left as it was"
                    raise _conflict(message, target) from None
                # The fallback moved the old tree aside and could not put it back: keep it, and drop the
                # owner file so that no later build takes the folder for its own leftovers.
                stranded = True
                (work / _OWNER).unlink()
                message = f"could not be replaced ({exc.strerror}); the previous tree is now {work / _OLD}"
                raise _conflict(message, target) from None
            finally:
                remove_work()
    finally:
        with _sigint_deferred():
            remove_work()
    return target
