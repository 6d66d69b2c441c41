"""When each sidecar was committed, from git history; part of loading the content.

The dates are commit dates, never the time of the build, so rebuilding an
unchanged site gives the same pages and the same feed.
"""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

#: A record separator git will not put in a date or a (validated) file name.
_RECORD = "\x1e"


def commit_dates(folder: Path) -> dict[str, tuple[date, date]]:
    """The first and last commit dates of each file in ``folder``, by file name.

    Empty when ``folder`` is not in a git work tree, git is missing, or the
    history cannot be read: the dates are then simply unknown.
    """
    try:
        result = subprocess.run(
            ["git", "log", f"--format={_RECORD}%cs", "--name-only", "--relative", "--no-renames", "--", "."],
            cwd=folder,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            check=True,
            timeout=120,
        )
    except (OSError, subprocess.SubprocessError):
        return {}
    dates: dict[str, tuple[date, date]] = {}
    for record in result.stdout.split(_RECORD)[1:]:  # newest commit first
        when, *names = record.strip("\n").split("\n")
        day = date.fromisoformat(when)
        for name in filter(None, names):
            if "/" not in name:
                dates[name] = (day, dates[name][1] if name in dates else day)
    return dates
