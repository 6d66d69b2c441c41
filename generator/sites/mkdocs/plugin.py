"""The ``factsheet`` MkDocs plugin: the fact sheets added to the build as generated pages.

It runs the same pipeline as ``factsheet build`` and hands the pages to MkDocs
as in-memory files, so nothing is written into ``docs/``. An invalid sidecar
fails the build with the same messages ``factsheet check`` prints. With the
render cache on, MkDocs' conversion of unchanged pages and the scan of
unchanged HTML are reused too (:mod:`.reuse`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as opt
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from generator import cache, load, pipeline, render
from generator.errors import FactsheetError
from generator.load import tree
from generator.publish import scan, search
from generator.render.syndicate import Site
from generator.sites.mkdocs import reuse

log = logging.getLogger("mkdocs.plugins.factsheet")


class FactsheetConfig(base.Config):
    """Options under ``plugins: - factsheet:`` in ``mkdocs.yml``; paths are relative to it."""

    content = opt.Type(str, default="content")
    templates = opt.ListOfItems(opt.Type(str), default=["templates"])
    organisation = opt.Optional(opt.Type(str))
    """Who publishes the fact checks (ClaimReview's author, the feed's author); default: site_name."""
    organisation_url = opt.Optional(opt.URL())


class FactsheetPlugin(BasePlugin[FactsheetConfig]):
    """Validates the content, adds each published sheet and the index as a page, and scans the result."""

    _origins: dict[str, str]
    """URL of each page generated from one sidecar → that sidecar, for the post-build scan."""
    _cache: Path | None = None
    """This build's cache folder; None without a cache."""
    _converted: reuse.ConvertedPages | None = None
    _reviews: dict[str, Any]
    """Page path of each sheet with claims → its ClaimReview data (render.CLAIM_REVIEWS)."""

    def _path(self, config: MkDocsConfig, value: str) -> Path:
        return Path(config.config_file_path).parent / value

    def render(self, config: MkDocsConfig) -> Mapping[str, str]:
        """The generated pages for ``config``, from the cache when nothing they depend on changed.

        Raises FactsheetError (ValidationFailed for invalid content), or PluginError without a site_url.
        """
        content = self._path(config, self.config.content)
        templates = [self._path(config, t) for t in self.config.templates]
        site, folder = self._site(config), cache.default_folder(content)
        return pipeline.render_pages(content, templates, site, folder, reviews_apart=True)

    def check(self, config: MkDocsConfig) -> None:
        """Validate before a build: by rendering into the cache the build will read, or, without a cache, by checking."""
        content = self._path(config, self.config.content)
        if cache.default_folder(content) is None:
            pipeline.check(content)
        else:
            self.render(config)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Refuse links, special files and unusable names in the folders the build reads, before MkDocs reads them."""
        problems = tree.scan(self.read_folders(config), Path(config.config_file_path).parent)
        if problems:
            raise PluginError("\n".join(f"factsheet: {p.format()}" for p in problems))
        return config

    def read_folders(self, config: MkDocsConfig) -> list[tree.Folder]:
        """The folders this build reads besides the content: docs, the theme's custom_dir, the templates."""
        folders = [tree.Folder(Path(config.docs_dir))]
        if config.theme.custom_dir:
            folders.append(tree.Folder(Path(config.theme.custom_dir)))
        return folders + [tree.Folder(self._path(config, t)) for t in self.config.templates]

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        """Render the pages and add them to the build; fail it on any validation error."""
        try:
            pages = self.render(config)
        except FactsheetError as exc:
            raise PluginError(f"factsheet: the content is invalid:\n{exc}") from None
        content = self._path(config, self.config.content)
        root = Path(config.config_file_path).parent
        self._cache = cache.default_folder(content)
        self._origins = {}
        self._reviews = json.loads(pages.get(render.CLAIM_REVIEWS, "{}"))
        for path, markdown in pages.items():
            if path == render.CLAIM_REVIEWS:
                continue
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"factsheet: generated page {path} collides with a file in docs/; rename one of them")
            page = File.generated(config, path, content=markdown)
            files.append(page)
            sidecar = content / load.ARTICLES_DIR / f"{Path(path).stem}.yml"
            if path.startswith(f"{render.SHEETS_DIR}/") and sidecar.is_file():
                self._origins[page.url] = _relative(sidecar, root)
        return files

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Key this build's page cache to the final list of files, which every plugin's on_files has seen."""
        self._converted = None
        if self._cache is not None and reuse.supported():
            self._converted = reuse.ConvertedPages(self._cache / "html", config, files)
        elif self._cache is not None:
            log.info(f"factsheet: page reuse was not tested with MkDocs {reuse.engine_version()}; every page is converted")
        return nav

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Give a sheet its ClaimReview data, which the theme override prints into the page head."""
        reviews = self._reviews.get(page.file.src_uri)
        if reviews is not None:
            page.meta["claim_reviews"] = reviews
        return markdown

    def on_pre_page(self, page: Page, /, *, config: MkDocsConfig, files: Files) -> Page:
        """Have MkDocs take the page's HTML from the cache when nothing its conversion reads has changed."""
        if self._converted is not None:
            reuse.wrap(page, self._converted)
        return page

    def _site(self, config: MkDocsConfig) -> Site:
        """Where the site is published, for absolute URLs in structured data and the feed."""
        if not config.site_url:
            raise PluginError(
                "factsheet: site_url is empty; the feed and the ClaimReview data need the site's address: "
                "set site_url in mkdocs.yml, or FACTSHEET_SITE_URL for the project's mkdocs.yml"
            )
        url = config.site_url if config.site_url.endswith("/") else config.site_url + "/"
        try:
            return Site(
                url,
                config.site_name,
                self.config.organisation or config.site_name,
                self.config.organisation_url,
                directory_urls=config.use_directory_urls,
            )
        except ValueError as exc:
            raise PluginError(f"factsheet: {exc}") from None

    def on_post_build(self, /, *, config: MkDocsConfig) -> None:
        """Scan every built page, failing the build if content made anything active; then index it for search."""
        known = set() if self._cache is None else reuse.clean_pages(self._cache)
        try:
            clean = scan.scan_site(Path(config.site_dir), self._origins, known)
        except FactsheetError as exc:
            raise PluginError(f"factsheet: the built site is unsafe:\n{exc}") from None
        try:
            search.index_site(Path(config.site_dir))
        except FactsheetError as exc:
            raise PluginError(f"factsheet: {exc}") from None
        if self._cache is not None:
            reuse.save_clean_pages(self._cache, clean)
        if self._converted is not None:
            self._converted.prune()

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        """Live-reload when a sidecar, registry or template changes."""
        server.watch(str(self._path(config, self.config.content)))
        for folder in self.config.templates:
            server.watch(str(self._path(config, folder)))
        return server


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
