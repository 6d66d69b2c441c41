"""Stage 4, publish: write rendered pages to a folder, owning only what it wrote.

``factsheet build --out DIR`` writes plain Markdown for any site tool. A
manifest beside the pages records the hash of every file written. Before
anything is written, the whole plan is checked: a file the generator did not
write, or one edited since, is never overwritten or deleted; the run stops
with an error naming each such file instead. Each file is written to a
temporary name and renamed into place, so a reader never sees half a page.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from generator.errors import OutputConflict, Problem

MANIFEST = ".factsheet-manifest.json"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_manifest(out: Path) -> tuple[dict[str, str], list[Problem]]:
    path = out / MANIFEST
    if not path.exists():
        return {}, []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        files = data["files"]
        if not isinstance(files, dict) or not all(isinstance(v, str) for v in files.values()):
            raise ValueError("files is not a mapping of path to hash")
    except (ValueError, KeyError, TypeError) as exc:
        msg = f"the manifest is unreadable ({exc}); move the folder aside and build again"
        return {}, [Problem("output-conflict", msg, path.as_posix())]
    return dict(files), []


def _owned(path: Path, manifest: Mapping[str, str], rel: str) -> bool:
    return path.is_file() and not path.is_symlink() and manifest.get(rel) == _digest(path.read_bytes())


def _inside(out: Path, rel: str) -> bool:
    """True when no component between ``out`` and the target is a symlink."""
    current = out
    for part in Path(rel).parts[:-1]:
        current = current / part
        if current.is_symlink() or (current.exists() and not current.is_dir()):
            return False
    return True


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_pages(pages: Mapping[str, str], out: Path) -> list[Path]:
    """Write ``pages`` (path → Markdown) under ``out``; remove this generator's stale pages."""
    if out.is_symlink():
        raise OutputConflict(
            [Problem("output-conflict", "the output folder is a symbolic link; choose a real folder", out.as_posix())]
        )
    manifest, problems = _read_manifest(out)
    encoded = {rel: text.encode("utf-8") for rel, text in sorted(pages.items())}
    for rel in encoded:
        target = out / rel
        if not _inside(out, rel):
            problems.append(
                Problem(
                    "output-conflict",
                    "a folder on the way to this page is a symbolic link or a file; refusing to write through it",
                    target.as_posix(),
                )
            )
        elif (target.exists() or target.is_symlink()) and not _owned(target, manifest, rel):
            why = "was edited since factsheet wrote it" if rel in manifest else "was not written by factsheet"
            problems.append(Problem("output-conflict", f"{why}; move it away, then build again", target.as_posix()))
    stale = [rel for rel in manifest if rel not in encoded]
    for rel in stale:
        target = out / rel
        if (target.exists() or target.is_symlink()) and not _owned(target, manifest, rel):
            problems.append(
                Problem(
                    "output-conflict",
                    "is no longer generated but was edited since factsheet wrote it; delete or move it by hand",
                    target.as_posix(),
                )
            )
    if problems:
        raise OutputConflict(problems)

    written = []
    for rel, data in encoded.items():
        target = out / rel
        if not (target.exists() and target.read_bytes() == data):
            _atomic_write(target, data)
        written.append(target)
    for rel in stale:
        (out / rel).unlink(missing_ok=True)
    record = {"generator": "factsheet", "files": {rel: _digest(data) for rel, data in encoded.items()}}
    _atomic_write(out / MANIFEST, (json.dumps(record, indent=2, sort_keys=True) + "\n").encode("utf-8"))
    return written
