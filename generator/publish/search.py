"""Search for the published site: a Pagefind index of the built pages.

Pagefind splits the index into chunks, so a reader's browser fetches only the
pieces a query needs, however many sheets the site has. It indexes the
content of each page the theme override marks (the navigation and the
listing pages, which repeat the sheets' text, stay out), and its binary
comes from the pinned ``pagefind-bin`` package, never from a download.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from generator import workers
from generator.errors import FactsheetError
from generator.render.pages import UNINDEXED

#: What inside an indexed page's body (``data-pagefind-body``, set by the theme override) is not indexed: the
#: headings' permalink signs, and what the templates mark as shown but not searched.
EXCLUDE_SELECTORS = f".headerlink, .{UNINDEXED}"


class SearchIndexFailed(FactsheetError):
    """Pagefind could not index the built site."""


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
                # A build killed while indexing must not leave Pagefind writing into its temporary folder.
                preexec_fn=workers.dies_with_this_process(),
            )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexFailed(f"{site}: Pagefind did not run: {exc}") from None
    if result.returncode != 0:
        raise SearchIndexFailed(f"{site}: Pagefind could not index the site:\n{result.stdout}{result.stderr}".rstrip())
