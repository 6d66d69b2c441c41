"""The ProperDocs adapter: the site built by ProperDocs, the continuation of MkDocs 1.x, in strict mode.

ProperDocs runs the plugins and themes written for MkDocs by answering their
``mkdocs`` imports with its own modules (``properdocs.replacement``). That
alias is for the whole process, so ProperDocs cannot build in a process that
has already loaded the real MkDocs: ``factsheet site --engine properdocs``
runs in a process of its own. Its plugin (:mod:`.plugin`) is registered in
ProperDocs' own entry-point group, ``properdocs.plugins``.

Pages are converted on every build: reusing MkDocs' conversions
(:mod:`generator.sites.mkdocs.reuse`) was tested only with MkDocs.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_loaded = sys.modules.get("mkdocs")
if _loaded is not None and _loaded.__name__ != "properdocs":
    raise ImportError(
        "ProperDocs cannot build in a process that has loaded MkDocs; run `factsheet site --engine properdocs` on its own"
    )

import properdocs.replacement  # noqa: E402, F401  (the alias that MkDocs' plugins and themes need)

from generator.sites import family  # noqa: E402
from generator.sites.properdocs.plugin import ENGINE, FactsheetPlugin  # noqa: E402


@contextmanager
def _legacy_loggers() -> Iterator[None]:
    """Have the warnings of plugins that log as ``mkdocs.*`` count as ProperDocs' own, as its command line does."""
    legacy = logging.getLogger("mkdocs")
    parent, propagate = legacy.parent, legacy.propagate
    legacy.parent, legacy.propagate = logging.getLogger("properdocs"), True
    try:
        yield
    finally:
        legacy.parent, legacy.propagate = parent, propagate


def build_site(config_file: Path, site_dir: Path | None = None) -> Path:
    """Validate the content, build the site with ProperDocs in strict mode and swap it in (:func:`.family.build_site`)."""
    with _legacy_loggers():
        return family.build_site(ENGINE, FactsheetPlugin, config_file, site_dir)
