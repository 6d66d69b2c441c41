"""Search a large built site in Debian's chromium, as a reader would: type a sheet's title, see the sheet, open it.

It builds the site of a benchmark corpus (or takes one built before), serves it
on 127.0.0.1, and prints how long the first result took and what the browser
fetched from ``pagefind/`` until then, as served (uncompressed).

Usage::

    python -m benchmarks.browse --corpus DIR [--site DIR] [--nth 5000]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import re
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")


def build(corpus: Path) -> Path:
    """The site of ``corpus``, built with the project's mkdocs.yml in a temporary folder."""
    from benchmarks import stages
    from generator import sites

    work = Path(tempfile.mkdtemp(prefix="factsheet-browse-"))
    os.environ["FACTSHEET_CACHE_DIR"] = str(work / "cache")
    config = stages.make_project(work / "project", corpus, plugin=True)
    start = time.perf_counter()
    site = sites.build_site(config, work / "site")
    print(f"built {site} in {time.perf_counter() - start:.0f} s", flush=True)
    return site


def main(argv: list[str] | None = None) -> int:
    """Build or take a site, search it for one sheet's title in chromium, and open the result."""
    from playwright.sync_api import Response, sync_playwright

    parser = argparse.ArgumentParser(prog="python -m benchmarks.browse")
    parser.add_argument("--corpus", type=Path, required=True, help="a corpus from benchmarks.corpus")
    parser.add_argument("--site", type=Path, help="its site, built before (default: build it)")
    parser.add_argument("--nth", type=int, default=5000, help="search for the title of this sidecar, in file order")
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    site = args.site or build(args.corpus)
    sidecars = sorted((args.corpus / "articles").glob("*.yml"))
    sidecar = sidecars[min(args.nth, len(sidecars) - 1)]
    found = re.search(r"(?m)^title: (.*)$", sidecar.read_text(encoding="utf-8"))
    assert found, f"{sidecar} has no title line"
    title = found.group(1).strip().strip("'\"")
    print(f"searching for {sidecar.stem}: {title}")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    fetched: list[tuple[str, int]] = []

    def seen(response: Response) -> None:
        try:
            fetched.append((response.url, len(response.body()) if response.ok else 0))
        except Exception:  # the page moved on before the body arrived
            fetched.append((response.url, 0))

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM)
            page = browser.new_page()
            page.on("response", seen)
            page.goto(base)
            page.wait_for_load_state("networkidle")
            before = len(fetched)
            page.locator("header pagefind-modal-trigger button").click()
            page.locator("pagefind-modal input").type(title)
            start = time.perf_counter()
            result = page.locator("pagefind-modal .pf-result-link").filter(has_text=title).first
            result.wait_for(timeout=60_000)
            waited = time.perf_counter() - start
            search = [(url, size) for url, size in fetched[before:] if "/pagefind/" in url]
            print(f"the sheet was the result {waited:.1f} s after typing its title")
            print(f"fetched from pagefind/ until then: {sum(s for _u, s in search) / 1000:,.0f} kB in {len(search)} requests")
            result.click()
            page.wait_for_url(re.compile(re.escape(f"{base}sheets/{sidecar.stem}/")))
            print(f"opened {page.url.removeprefix(base)}: {page.locator('article h1').first.inner_text().rstrip('¶')}")
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
