"""The folders a build reads, checked before anything in them is read: content, templates, docs, theme overrides.

A symbolic link would let a pull request publish any file the build can read
(``overrides/x.css`` → ``/etc/hostname``), and so would a hard link to a file
outside the project. Pipes, sockets and devices would block or leak a build.
:func:`scan` refuses all of them, without following any link, and refuses
names that are not portable: in the content folder, names must be letters,
digits, ``.``, ``_`` and ``-`` (what every file system and URL can hold); in
the other folders, which maintainers write, no name may hold a control,
format or invisible character, or bytes that are not UTF-8.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from generator import chars
from generator.errors import Problem

_PORTABLE = re.compile(r"[A-Za-z0-9._][A-Za-z0-9._-]*")


@dataclass(frozen=True)
class Folder:
    """A folder to scan, how messages call it, and whether its names must be portable."""

    path: Path
    portable: bool = False


def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def name_problem(name: str, *, portable: bool) -> str | None:
    """Why ``name`` (one path component) may not be used, or None."""
    if any("\udc80" <= c <= "\udcff" for c in name):  # how os.walk hands over bytes that are not UTF-8
        return "the file name is not valid UTF-8; rename it"
    hidden = chars.hidden_in_name(name)
    if hidden is not None:
        return f"the file name holds {hidden.describe()}; rename it"
    if portable and (not _PORTABLE.fullmatch(name) or name in (".", "..")):
        odd = next((c for c in name if not (c.isascii() and (c.isalnum() or c in "._-"))), None)
        detail = f" (it holds {chars.describe(odd)})" if odd else ""
        return f"the file name is not portable{detail}: use letters, digits, '.', '_' and '-', not starting with '-'"
    return None


def scan(folders: Iterable[Folder], root: Path) -> list[Problem]:
    """Every link, special file and unusable name under ``folders``; paths in messages are relative to ``root``.

    A regular file with more than one name (a hard link) is refused unless all
    its names are in the scanned folders. Missing folders are skipped.
    """
    problems: list[Problem] = []
    linked: dict[tuple[int, int], list[tuple[Path, int]]] = {}
    for folder in folders:
        if not os.path.lexists(folder.path):
            continue
        if folder.path.is_symlink():
            problems.append(Problem("file-symlink", "is a symbolic link; commit the folder itself", _display(folder.path, root)))
            continue
        for current, dirs, files in os.walk(folder.path, followlinks=False):
            dirs.sort()
            for name in sorted(dirs + files):
                path = Path(current, name)
                display = _display(path, root)
                info = os.lstat(path)
                why = name_problem(name, portable=folder.portable)
                if why is not None:
                    problems.append(Problem("file-name", why, display))
                if stat.S_ISLNK(info.st_mode):
                    problems.append(Problem("file-symlink", "is a symbolic link; commit the file itself", display))
                    dirs[:] = [d for d in dirs if d != name]
                elif stat.S_ISREG(info.st_mode):
                    if info.st_nlink > 1:
                        linked.setdefault((info.st_dev, info.st_ino), []).append((path, info.st_nlink))
                elif not stat.S_ISDIR(info.st_mode):
                    problems.append(
                        Problem("file-special", "is not a regular file or folder (a pipe, socket or device); remove it", display)
                    )
    for names in linked.values():
        count = names[0][1]
        if len(names) < count:
            for path, _count in names:
                message = (
                    f"is a hard link: the same file has {count} names, {count - len(names)} of them outside the project; "
                    "commit a copy instead"
                )
                problems.append(Problem("file-hardlink", message, _display(path, root)))
    return problems
