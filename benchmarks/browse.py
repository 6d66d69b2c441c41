"""Search a large built site in Debian's chromium, as a reader would: type a sheet's title, see the sheet, open it.

It builds the site of a benchmark corpus (or takes one built before), serves it
on 127.0.0.1, and prints how long the first result took, where the sheet was
among the results, and what the browser fetched from ``pagefind/`` until then,
as served (uncompressed). With ``--titles N`` it then searches N more sheets'
titles, spread over the corpus, and prints where each sheet ranked.

Usage::

    python -m benchmarks.browse --corpus DIR [--site DIR] [--nth 5000] [--titles 20]
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
from urllib.parse import urlsplit

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


def title_of(sidecar: Path) -> str:
    """A sidecar's title, read from its ``title:`` line (the benchmark corpora write one)."""
    found = re.search(r"(?m)^title: (.*)$", sidecar.read_text(encoding="utf-8"))
    assert found, f"{sidecar} has no title line"
    return found.group(1).strip().strip("'\"")


def main(argv: list[str] | None = None) -> int:
    """Build or take a site, search it for sheets' titles in chromium, and open the first one found."""
    from playwright.sync_api import Page, Response, sync_playwright

    parser = argparse.ArgumentParser(prog="python -m benchmarks.browse")
    parser.add_argument("--corpus", type=Path, required=True, help="a corpus from benchmarks.corpus")
    parser.add_argument("--site", type=Path, help="its site, built before (default: build it)")
    parser.add_argument("--nth", type=int, default=5000, help="search for the title of this sidecar, in file order")
    parser.add_argument("--titles", type=int, default=0, help="then search for this many more titles, spread over the corpus")
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    site = args.site or build(args.corpus)
    sidecars = sorted((args.corpus / "articles").glob("*.yml"))
    sidecar = sidecars[min(args.nth, len(sidecars) - 1)]
    title = title_of(sidecar)
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

    def search(page: Page, title: str, slug: str) -> tuple[float, int | None, int]:
        """Type ``title`` into the search box: seconds until a result has that title, the sheet's rank, how many were shown."""
        page.locator("header pagefind-modal-trigger button").click()
        page.locator("pagefind-modal input").type(title)
        start = time.perf_counter()
        links = page.locator("pagefind-modal .pf-result-link")
        links.filter(has_text=title).first.wait_for(timeout=60_000)
        waited = time.perf_counter() - start
        hrefs = [urlsplit(str(h)).path for h in links.evaluate_all("links => links.map(a => a.href)")]
        rank = hrefs.index(f"/sheets/{slug}/") + 1 if f"/sheets/{slug}/" in hrefs else None
        return waited, rank, len(hrefs)

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM)
            page = browser.new_page()
            page.on("response", seen)
            page.goto(base)
            page.wait_for_load_state("networkidle")
            before = len(fetched)
            waited, rank, shown = search(page, title, sidecar.stem)
            searched = [(url, size) for url, size in fetched[before:] if "/pagefind/" in url]
            print(f"the sheet was result {rank} of {shown} shown, {waited:.1f} s after typing its title")
            print(f"fetched from pagefind/ until then: {sum(s for _u, s in searched) / 1000:,.0f} kB in {len(searched)} requests")
            page.locator("pagefind-modal .pf-result-link").filter(has_text=title).first.click()
            page.wait_for_url(re.compile(re.escape(f"{base}sheets/{sidecar.stem}/")))
            print(f"opened {page.url.removeprefix(base)}: {page.locator('article h1').first.inner_text().rstrip('¶')}")
            published = [p for p in sidecars if re.search(r"(?m)^status: published$", p.read_text(encoding="utf-8"))]
            ranks: list[int | None] = []
            for other in published[:: max(1, len(published) // args.titles)][: args.titles] if args.titles else []:
                page.goto(base)
                page.wait_for_load_state("networkidle")
                _, rank, shown = search(page, title_of(other), other.stem)
                ranks.append(rank)
                where = f"result {rank}" if rank else "not among them"
                print(f"  {other.stem}: {where} of {shown} shown")
            if ranks:
                print(f"{len(ranks)} more titles: {ranks.count(1)} found first, {ranks.count(None)} not among the results shown")
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
