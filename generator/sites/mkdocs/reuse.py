"""Rebuilding, incrementally: MkDocs' HTML of each page, and the scan's verdicts, reused while their inputs are unchanged.

MkDocs converts every page's Markdown to HTML on every build, and at
thousands of sheets that conversion is the largest part of a build. The
plugin wraps each page's conversion (:func:`wrap`): the HTML, the table of
contents, the title and the anchors it produced are kept under a SHA-256 of
everything the conversion reads, and a later build with the same inputs takes
them from the cache instead of converting again. The hash covers:

- the page's Markdown (after every plugin's ``on_page_markdown``), its source
  path and its URL;
- every file of the site with its source path, output path, URL and whether
  it is published, since links are checked and rewritten against that list;
- the Markdown extensions and their options, the link validation settings,
  ``site_url`` and ``use_directory_urls``;
- the versions of Python and of every installed distribution.

A conversion that logged a warning is never kept, so a page that fails a
strict build fails it again. The entries live in the cache folder every build
on the machine shares, and the build holds it from the first page to the last
(:class:`generator.eviction.Hold`); after a successful build that kept new
entries, the least recently used are evicted (in
:mod:`generator.sites.family`), unless another build holds the cache.

The post-build scan (:mod:`generator.publish.scan`) keeps the digests of the
pages it found clean in the same folder, one record for each content folder,
and parses only the pages whose bytes changed.

Reusing a conversion means setting a page's attributes that MkDocs fills in
its own ``render``, which is no public API. So reuse is on only for the MkDocs
versions in :data:`TESTED`; with any other the plugin converts every page, as
a build without a cache does, and never serves a page kept by another version.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import mkdocs
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from generator import cache, eviction
from generator.errors import LoggedWarnings

#: Bump when an entry's fields change.
FORMAT = 1
#: The MkDocs releases whose Page internals this module was tested against (tests/test_site_reuse.py).
TESTED = ("1.6.0", "1.6.1")
#: The folder, in the cache folder, of the records of the pages the scan found clean, one for each content folder.
CLEAN_PAGES = "clean"


def engine_version() -> str:
    """The installed MkDocs' version."""
    return str(mkdocs.__version__)


def supported() -> bool:
    """Whether the installed MkDocs is one that reusing converted pages was tested with."""
    return engine_version() in TESTED


def clean_pages(folder: Path, content: Path) -> set[str]:
    """The digests of the pages the last successful build of ``content`` found clean (none if there is no record)."""
    try:
        return set((folder / CLEAN_PAGES / f"{cache.slot(content)}.txt").read_text(encoding="ascii").split())
    except (OSError, ValueError):
        return set()


def save_clean_pages(folder: Path, content: Path, digests: set[str]) -> None:
    """Record the digests of the pages this build of ``content`` found clean, replacing its last record."""
    record = folder / CLEAN_PAGES / f"{cache.slot(content)}.txt"
    cache.keep(lambda: cache.write(record, "".join(f"{d}\n" for d in sorted(digests))))


class ConvertedPages:
    """The converted pages of one build's site, kept in the cache ``folder`` between builds.

    It holds the cache from its creation until :meth:`release`; raises
    OSError when the cache's lock cannot be taken.
    """

    def __init__(self, folder: Path, config: MkDocsConfig, files: Files) -> None:
        self.cache = folder
        self.folder = folder / "html"
        self.hold = eviction.Hold(folder)
        self.wrote = False
        h = hashlib.sha256(f"factsheet-html {FORMAT}\n{cache.environment()}".encode())
        settings = (config.site_url, config.use_directory_urls, config.markdown_extensions, config.mdx_configs)
        h.update(f"{settings!r}\n{dict(config.validation)!r}\n".encode())
        for file in sorted(files, key=lambda f: f.src_uri):
            h.update(f"{file.src_uri}\0{file.dest_uri}\0{file.url}\0{file.inclusion.name}\n".encode())
        self.site = h.digest()
        self.used: set[str] = set()

    def _path(self, page: Page) -> Path:
        h = hashlib.sha256(self.site)
        h.update(f"{page.file.src_uri}\0{page.url}\0".encode())
        h.update((page.markdown or "").encode())
        digest = h.hexdigest()
        self.used.add(digest)
        return self.folder / digest[:2] / f"{digest}.json"

    def render(self, page: Page, files: Files, convert: Callable[[], None]) -> None:
        """Give ``page`` its HTML, table of contents, title and anchors: from the cache, or by ``convert`` and then kept."""
        path = self._path(page)
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
            if entry.get("format") == FORMAT:
                _restore(page, files, entry)
                eviction.touch(path)
                return
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass
        warned = LoggedWarnings()
        loggers = [logging.getLogger(), logging.getLogger("mkdocs")]
        for logger in loggers:
            logger.addHandler(warned)
        try:
            convert()
        finally:
            for logger in loggers:
                logger.removeHandler(warned)
        if not warned.lines:
            self.wrote |= cache.keep(lambda: cache.write(path, json.dumps(_entry(page), ensure_ascii=False)))

    def release(self) -> None:
        """Let go of the cache: the build is over, or stopped."""
        self.hold.release()


def wrap(page: Page, converted: ConvertedPages) -> None:
    """Route ``page``'s conversion through ``converted``.

    MkDocs has no event that can stand in for a page's conversion, so the
    page's own ``render`` is replaced, on this one page object only.
    """
    original = page.render

    def render(config: MkDocsConfig, files: Files) -> None:
        converted.render(page, files, lambda: original(config, files))

    page.render = render  # type: ignore[method-assign]


def _toc(links: Any) -> list[dict[str, Any]]:
    return [{"level": a.level, "id": a.id, "name": a.title, "children": _toc(a.children)} for a in links]


def _entry(page: Page) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "content": page.content,
        "toc": _toc(page.toc),
        "title": page._title_from_render,
        "anchors": None if page.present_anchor_ids is None else sorted(page.present_anchor_ids),
        "links": None
        if page.links_to_anchors is None
        else {file.src_uri: links for file, links in page.links_to_anchors.items()},
    }


def _restore(page: Page, files: Files, entry: dict[str, Any]) -> None:
    links = None
    if entry["links"] is not None:
        links = {}
        for src_uri, anchors in entry["links"].items():
            target = files.get_file_from_path(src_uri)
            if target is None:  # the file list is in the key, so only a damaged entry gets here
                raise KeyError(src_uri)
            links[target] = dict(anchors)
    page.content = str(entry["content"])
    page.toc = get_toc(entry["toc"])
    page._title_from_render = entry["title"]
    page.present_anchor_ids = None if entry["anchors"] is None else set(entry["anchors"])
    page.links_to_anchors = links
