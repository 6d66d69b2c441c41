"""When each sidecar was published and last changed, from git history; part of loading the content.

The dates are commit dates on the main line of history (a merged pull request
counts from its merge), never the time of the build, so rebuilding an
unchanged site gives the same pages and the same feed. Where the history is
missing or incomplete (no git, not a work tree, a shallow clone), the dates
are unknown rather than wrong.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path

#: A record separator git will not put in a date or a (validated) file name.
_RECORD = "\x1e"
#: A diff line that sets the sheet's status to published (added, or removed on retraction).
_PUBLISHED = "^status:[[:space:]]*[\"']?published"


@dataclass(frozen=True)
class Committed:
    """What git knows of one sidecar."""

    published: date | None
    """The first commit that made its status ``published``, if any did."""
    changed: date
    """The last commit that changed it."""


def _git(folder: Path, *args: str) -> str | None:
    try:
        return subprocess.run(
            ["git", *args],
            cwd=folder,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            check=True,
            timeout=120,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None


def _days(folder: Path, *options: str) -> dict[str, list[date]]:
    """The dates of the main-line commits (with ``options``) that changed each file in ``folder``."""
    out = _git(
        folder,
        "log",
        "--first-parent",
        "--diff-merges=first-parent",
        f"--format={_RECORD}%cs",
        "--name-only",
        "--relative",
        "--no-renames",
        *options,
        "--",
        ".",
    )
    days: dict[str, list[date]] = {}
    for record in (out or "").split(_RECORD)[1:]:
        when, *names = record.strip("\n").split("\n")
        for name in filter(None, names):
            if "/" not in name:
                days.setdefault(name, []).append(date.fromisoformat(when))
    return days


def revision(folder: Path) -> str | None:
    """What the dates of ``folder``'s files depend on: the last main-line commit that changed any of them, and
    whether the clone is shallow. None outside git. A commit elsewhere in the repository leaves it as it was."""
    last = _git(folder, "log", "-1", "--first-parent", "--format=%H", "--", ".")
    shallow = _git(folder, "rev-parse", "--is-shallow-repository")
    return None if last is None or shallow is None else f"{last.strip()} shallow={shallow.strip()}"


def commit_dates(folder: Path) -> dict[str, Committed]:
    """When each file in ``folder`` was published and last changed, by file name; empty where git cannot say."""
    if _git(folder, "rev-parse", "--is-shallow-repository") == "true\n":
        return {}  # a shallow clone would date every file by the one commit it has
    changed = _days(folder)
    published = _days(folder, "-E", f"-G{_PUBLISHED}")
    return {name: Committed(min(published[name]) if name in published else None, max(days)) for name, days in changed.items()}
