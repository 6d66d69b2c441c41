"""The ``factsheet`` MkDocs plugin: the hooks of :mod:`generator.sites.family` on MkDocs' ``BasePlugin``.

With the render cache on, MkDocs' conversion of unchanged pages and the scan
of unchanged HTML are reused too (:mod:`.reuse`), for the MkDocs versions that
reuse was tested with.
"""

from __future__ import annotations

import logging

from mkdocs.commands.build import build
from mkdocs.config import base, load_config
from mkdocs.config import config_options as opt
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException, PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from generator.sites import family
from generator.sites.mkdocs import reuse

log = logging.getLogger("mkdocs.plugins.factsheet")

FactsheetConfig = family.options(opt, base)


ENGINE = family.Engine("MkDocs", "mkdocs", load_config, build, MkDocsException, PluginError, File.generated)


class FactsheetPlugin(family.Hooks, BasePlugin):  # type: ignore[type-arg]
    """Validates the content, adds each published sheet and the index as a page, and scans the result."""

    config_class = FactsheetConfig
    engine = ENGINE
    _converted: reuse.ConvertedPages | None = None

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Key this build's page cache to the final list of files, which every plugin's on_files has seen."""
        self.release()
        if self._cache is not None and reuse.supported():
            try:
                self._converted = reuse.ConvertedPages(self._cache, config, files)
            except OSError as exc:
                log.info(f"factsheet: the page cache was not used: {exc}")
        elif self._cache is not None:
            log.info(f"factsheet: page reuse was not tested with MkDocs {reuse.engine_version()}; every page is converted")
        return nav

    def on_pre_page(self, page: Page, /, *, config: MkDocsConfig, files: Files) -> Page:
        """Have MkDocs take the page's HTML from the cache when nothing its conversion reads has changed."""
        if self._converted is not None:
            reuse.wrap(page, self._converted)
        return page

    def clean_pages(self) -> set[str]:
        """The digests of the pages the last successful build's scan found clean."""
        return set() if self._cache is None else reuse.clean_pages(self._cache, self._content)

    _wrote = False

    def built(self, clean: set[str]) -> None:
        """Keep the scan's verdicts, and let go of the converted pages."""
        if self._cache is not None:
            reuse.save_clean_pages(self._cache, self._content, clean)
        self._wrote = self._converted is not None and self._converted.wrote
        self.release()

    def kept_new_entries(self) -> bool:
        """Whether this build kept the HTML of a page it converted."""
        return self._wrote

    def release(self) -> None:
        """Let go of the converted pages: the build ended, or a new one starts."""
        if self._converted is not None:
            self._converted.release()
            self._converted = None

    def on_build_error(self, /, *, error: Exception) -> None:
        """A failed build holds the cache no longer, and evicts nothing."""
        self.release()
        super().on_build_error(error=error)
