"""The MkDocs adapter: the site built by MkDocs 1.6 in strict mode, with the ``factsheet`` plugin (:mod:`.plugin`).

The plugin's hooks and the build are those every engine of the MkDocs 1.x
family shares (:mod:`generator.sites.family`); :mod:`.reuse` keeps MkDocs'
conversion of unchanged pages between builds, for the MkDocs versions it was
tested with.
"""

from __future__ import annotations

from pathlib import Path

from generator.sites import family
from generator.sites.mkdocs.plugin import ENGINE, FactsheetPlugin


def build_site(config_file: Path, site_dir: Path | None = None) -> Path:
    """Validate the content, build the site with MkDocs in strict mode and swap it in (:func:`.family.build_site`)."""
    return family.build_site(ENGINE, FactsheetPlugin, config_file, site_dir)
