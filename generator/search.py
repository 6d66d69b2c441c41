"""Search for the published site: a Pagefind index of the built pages.

Pagefind splits the index into chunks, so a reader's browser fetches only the
pieces a query needs, however many sheets the site has. It indexes the
content of each page the theme override marks (the navigation and the
listing pages, which repeat the sheets' text, stay out), and its binary
comes from the pinned ``pagefind-bin`` package, never from a download.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from generator.errors import FactsheetError

#: What inside an indexed page's body (``data-pagefind-body``, set by the theme override) is not indexed.
EXCLUDE_SELECTORS = ".headerlink"


#: Linux's prctl option that sends a signal to a process when its parent dies.
_PR_SET_PDEATHSIG = 1


class SearchIndexFailed(FactsheetError):
    """Pagefind could not index the built site."""


def _dies_with_this_process() -> Callable[[], None] | None:
    """On Linux, a function for the child to run before Pagefind starts: it has the child killed when this process dies.

    Otherwise a build killed during indexing would leave Pagefind writing into
    the temporary site folder, after the next build has tried to remove it.
    """
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    parent = os.getpid()

    def set_up() -> None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # this process died before the request took effect
            os._exit(1)

    return set_up


def index_site(site: Path) -> None:
    """Write the search index into ``site/pagefind/``; raise SearchIndexFailed with Pagefind's output if it fails."""
    command = [
        sys.executable, "-m", "pagefind", "--site", str(site.absolute()),
        "--exclude-selectors", EXCLUDE_SELECTORS, "--silent",
    ]  # fmt: skip
    # Run from an empty folder without PAGEFIND_* variables: a stray pagefind.yml or variable must not move the index.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
    try:
        with tempfile.TemporaryDirectory() as empty:
            result = subprocess.run(
                command, capture_output=True, text=True, check=False, timeout=1800, cwd=empty, env=env,
                preexec_fn=_dies_with_this_process(),
            )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexFailed(f"{site}: Pagefind did not run: {exc}") from None
    if result.returncode != 0:
        raise SearchIndexFailed(f"{site}: Pagefind could not index the site:\n{result.stdout}{result.stderr}".rstrip())
