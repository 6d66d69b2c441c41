"""``write_pages``: the pages of ``factsheet build --out`` written all or nothing, through a journal."""

from __future__ import annotations

import json
import os
import secrets
import stat
import sys
from collections.abc import Mapping, Sequence
from contextlib import suppress
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

from generator.errors import OutputConflict, Problem

if sys.platform != "win32":
    pass
from generator.publish import disk


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

    Written once, under a temporary name, then renamed to ``disk.JOURNAL``: from that
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
    if data.get("generator") != "factsheet" or not isinstance(token, str) or not disk.TOKEN.fullmatch(token):
        raise ValueError("not a factsheet journal")
    replace = []
    for item in data["replace"]:
        temp = disk.safe_rel(item["temp"])
        match = disk.TEMP_NAME.fullmatch(temp.rsplit("/", 1)[-1])
        if match is None or match["token"] != token:
            raise ValueError(f"{temp!r} is not one of this run's temporary files")
        before = None if item["before"] is None else disk.checked_hash(item["before"])
        replace.append(_Replace(temp, disk.safe_page(item["target"]), before, disk.checked_hash(item["after"])))
    delete = tuple(_Delete(disk.safe_page(item["target"]), disk.checked_hash(item["before"])) for item in data["delete"])
    manifest = {disk.safe_page(rel): disk.checked_hash(value) for rel, value in data["manifest"].items()}
    return _Journal(token, tuple(replace), delete, manifest)


def _read_journal(out: Path) -> _Journal | None:
    path = out / disk.JOURNAL
    try:
        raw = disk.read_own_file(path)
        return None if raw is None else _parse_journal(raw)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise disk.conflict(f"is not a journal factsheet can finish ({exc}); move it away, then build again", path) from None


def _read_pending(out: Path) -> str | None:
    """The token of an unfinished run's pending record; "" when that run died while creating it."""
    path = out / disk.PENDING
    if disk.file_mode(path) is None:
        return None
    if disk.is_file(path):
        raw = path.read_bytes()
        if not raw:
            return ""
        with suppress(ValueError, AttributeError):
            data = json.loads(raw)
            token = data.get("token")
            if data.get("generator") == "factsheet" and isinstance(token, str) and disk.TOKEN.fullmatch(token):
                return token
    raise disk.conflict("is not a record factsheet wrote; move it away, then build again", path)


def _write_pending(out: Path, token: str) -> None:
    # One small write, so a killed run leaves either an empty record or a whole one.
    disk.write_new(out / disk.PENDING, json.dumps({"generator": "factsheet", "token": token}).encode("utf-8") + b"\n")
    disk.fsync_dir(out)


def _sweep(out: Path, tokens: set[str]) -> None:
    """Remove every temporary file named with one of ``tokens``: only runs holding them created them.

    ``os.walk`` does not descend into symbolic links to folders, so this never leaves ``out``.
    """
    for folder, _dirs, files in os.walk(out):
        for name in files:
            match = disk.TEMP_NAME.fullmatch(name)
            path = Path(folder, name)
            if match and match["token"] in tokens and disk.is_file(path):
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
        if not disk.is_file(temp) or not disk.folders_on_the_way_are_real(out, item.temp):
            continue  # renamed before the interruption
        if not disk.folders_on_the_way_are_real(out, item.target) or disk.hash_at(target) not in (None, item.before, item.after):
            temp.unlink()
            problems.append(Problem("output-conflict", "changed while factsheet was writing; left as it is", target.as_posix()))
            continue
        disk.make_folders(target.parent)
        temp.replace(target)
        touched |= {temp.parent, target.parent}
    manifest = dict(journal.manifest)
    for gone in journal.delete:
        target = out / gone.target
        found = disk.hash_at(target) if disk.folders_on_the_way_are_real(out, gone.target) else ""
        if found == gone.before:
            target.unlink()
            touched.add(target.parent)
        elif found is not None:
            manifest[gone.target] = gone.before
            problems.append(Problem("output-conflict", "changed while factsheet was writing; left as it is", target.as_posix()))
    for folder in sorted(touched):
        disk.fsync_dir(folder)
    disk.replace_durably(out / disk.MANIFEST, disk.manifest_bytes(manifest), out / disk.temp_name(journal.token, "manifest"))
    return problems


def _recover_locked(out: Path) -> Recovery:
    journal = _read_journal(out)
    pending = _read_pending(out)
    tokens = {t for t in (pending, journal.token if journal else None) if t}
    if journal is not None:
        with disk.sigint_deferred():
            problems = _apply(out, journal)
            _sweep(out, tokens)
            (out / disk.PENDING).unlink(missing_ok=True)
            (out / disk.JOURNAL).unlink()
        return Recovery("rolled-forward", tuple(problems))
    if pending is not None:
        with disk.sigint_deferred():
            _sweep(out, tokens)
            (out / disk.PENDING).unlink()
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
    if not disk.is_folder(out):
        return Recovery("clean")
    with disk.locked(out):
        return _recover_locked(out)


def _find_conflicts(
    out: Path, encoded: Mapping[str, bytes], manifest: Mapping[str, str]
) -> tuple[list[Problem], dict[str, str | None]]:
    """Every conflict in the plan, and the hash of what is at each target and stale path now."""
    problems = []
    found: dict[str, str | None] = {}
    for rel in encoded:
        target = out / rel
        if not disk.folders_on_the_way_are_real(out, rel):
            problems.append(
                Problem(
                    "output-conflict",
                    "a folder on the way to this page is a symbolic link or a file; refusing to write through it",
                    target.as_posix(),
                )
            )
            continue
        found[rel] = disk.hash_at(target)
        if found[rel] is not None and found[rel] != manifest.get(rel):
            why = "was edited since factsheet wrote it" if rel in manifest else "was not written by factsheet"
            problems.append(Problem("output-conflict", f"{why}; move it away, then build again", target.as_posix()))
    for rel in manifest:
        if rel in encoded:
            continue
        target = out / rel
        if disk.folders_on_the_way_are_real(out, rel):
            found[rel] = disk.hash_at(target)
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
    while not disk.is_folder(folder):
        folder = folder.parent
    return folder


def write_pages(pages: Mapping[str, str | bytes], out: Path) -> list[Path]:
    """Write ``pages`` (path → Markdown, or bytes for an image) under ``out`` all or nothing; remove this generator's stale pages.

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
            disk.safe_page(rel)
        except ValueError as exc:
            bad.append(Problem("output-conflict", f"refusing to write a page: {exc}", out.as_posix()))
    if bad:
        raise OutputConflict(bad)
    mode = disk.file_mode(out)
    if mode is not None and stat.S_ISLNK(mode):
        raise disk.conflict("the output folder is a symbolic link; choose a real folder", out)
    if mode is not None and not stat.S_ISDIR(mode):
        raise disk.conflict("the output folder is a file; choose a folder", out)
    disk.make_folders(out)
    with disk.locked(out):
        # What the recovery leaves alone is still listed in the manifest, so it is reported below as a conflict.
        _recover_locked(out)
        manifest, recorded = disk.read_manifest(out)
        encoded = {rel: disk.as_bytes(page) for rel, page in sorted(pages.items())}
        problems, found = _find_conflicts(out, encoded, manifest)
        if problems:
            raise OutputConflict(problems)
        changed = [(rel, found[rel], data) for rel, data in encoded.items() if found[rel] != disk.digest(data)]
        stale = [_Delete(rel, manifest[rel]) for rel in manifest if rel not in encoded and found[rel] is not None]
        files = {rel: disk.digest(data) for rel, data in encoded.items()}
        if changed or stale or recorded != disk.manifest_bytes(files):
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
    with disk.sigint_deferred() as interrupted:
        _write_pending(out, token)
        committed = False
        try:
            replace = []
            folders = {out}
            for n, (rel, before, data) in enumerate(changed):
                if interrupted():
                    raise KeyboardInterrupt
                folder = _nearest_folder(out, rel)
                temp = folder / disk.temp_name(token, str(n))
                disk.write_new(temp, data)
                folders.add(folder)
                replace.append(_Replace(temp.relative_to(out).as_posix(), rel, before, disk.digest(data)))
            for folder in sorted(folders):
                disk.fsync_dir(folder)
            journal = _Journal(token, tuple(replace), tuple(stale), files)
            staged = out / disk.temp_name(token, "journal")
            disk.write_new(staged, journal.to_bytes())
            if interrupted():
                raise KeyboardInterrupt
            staged.replace(out / disk.JOURNAL)
            committed = True
            disk.fsync_dir(out)
            problems = _apply(out, journal)
            # The pending record goes first: a pending record without a journal always means "not committed".
            (out / disk.PENDING).unlink()
            (out / disk.JOURNAL).unlink()
        except BaseException:
            if not committed:
                _sweep(out, {token})
                (out / disk.PENDING).unlink()
            raise
        if problems:
            # Raised inside the block, so that a Ctrl-C held back meanwhile does not hide it.
            raise OutputConflict(problems)
