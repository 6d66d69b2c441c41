"""Publishing through MkDocs: a plugin that adds the fact sheets as generated pages.

It runs the same pipeline as ``factsheet build`` and hands the pages to MkDocs
as in-memory files, so nothing is written into ``docs/``. An invalid sidecar
fails the build with the same messages ``factsheet check`` prints.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as opt
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from generator import pipeline
from generator.errors import FactsheetError


class FactsheetConfig(base.Config):
    """Options under ``plugins: - factsheet:`` in ``mkdocs.yml``; paths are relative to it."""

    content = opt.Type(str, default="content")
    templates = opt.ListOfItems(opt.Type(str), default=["templates"])


class FactsheetPlugin(BasePlugin[FactsheetConfig]):
    """Validates the content and adds each published sheet and the index as a page."""

    def _path(self, config: MkDocsConfig, value: str) -> Path:
        return Path(config.config_file_path).parent / value

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        """Render the pages and add them to the build; fail it on any validation error."""
        templates = [self._path(config, t) for t in self.config.templates]
        try:
            pages = pipeline.render_pages(self._path(config, self.config.content), templates)
        except FactsheetError as exc:
            raise PluginError(f"factsheet: the content is invalid:\n{exc}") from None
        for path, markdown in pages.items():
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"factsheet: generated page {path} collides with a file in docs/; rename one of them")
            files.append(File.generated(config, path, content=markdown))
        return files

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        """Live-reload when a sidecar, registry or template changes."""
        server.watch(str(self._path(config, self.config.content)))
        for folder in self.config.templates:
            server.watch(str(self._path(config, folder)))
        return server
