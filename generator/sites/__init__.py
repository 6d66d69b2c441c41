"""The seam between the pipeline and the site engines that publish its pages.

The pipeline (:mod:`generator.pipeline`) knows no site engine: it validates
the content and renders every page to Markdown. An adapter, one subpackage
here per engine, hands those pages to its engine, builds the site in strict
mode into a fresh folder and swaps it in (:func:`generator.publish.replace_tree`).
Only an adapter imports its engine, and a test keeps it so.

What every adapter shares lives here: the list of engines, and the refusal of
a site folder that would replace the project or its sources.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from generator.errors import OutputConflict, Problem, SiteBuildFailed

#: Each engine the site can be built with → the adapter module that builds it.
ENGINES = {"mkdocs": "generator.sites.mkdocs", "properdocs": "generator.sites.properdocs"}
DEFAULT_ENGINE = "mkdocs"


class Adapter(Protocol):
    """What an adapter module provides."""

    def build_site(self, config_file: Path, site_dir: Path | None = None) -> Path:
        """Validate the content, build the site in strict mode and swap it in for ``site_dir``; return the site folder."""
        ...


def adapter(engine: str = DEFAULT_ENGINE) -> Adapter:
    """The adapter module for ``engine``, imported only when asked for, so the engine is loaded only by a site build.

    Raises SiteBuildFailed if the engine is not installed, or cannot run in this process.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown site engine {engine!r}; choose one of {', '.join(sorted(ENGINES))}")
    try:
        module: Adapter = importlib.import_module(ENGINES[engine])
    except ImportError as exc:
        raise SiteBuildFailed(f"the site engine {engine} cannot be loaded: {exc}") from None
    return module


def build_site(config_file: Path, site_dir: Path | None = None, engine: str = DEFAULT_ENGINE) -> Path:
    """Build the site of ``config_file`` with ``engine`` and swap it in; see the adapter's ``build_site``."""
    return adapter(engine).build_site(config_file, site_dir)


def refuse_overlap(target: Path, root: Path, sources: Sequence[tuple[str, Path]]) -> None:
    """Raise OutputConflict if the site folder ``target`` would replace the project or overlap one of its ``sources``.

    ``root`` is the configuration's folder: the site may sit inside it (``site/``
    does), but neither be it nor hold it. A source folder, by what it is, may
    neither be the site folder, nor hold it, nor sit in it. Symbolic links are
    resolved on both sides.
    """
    site = target.resolve()
    project = root.resolve()
    if site == project or project.is_relative_to(site):
        what = "is" if site == project else "holds"
        message = f"{what} the folder of the configuration file, {project}; building the site there would delete the project"
        raise OutputConflict([Problem("output-conflict", f"{message}; choose another site folder", target.as_posix())])
    for label, folder in sources:
        source = folder.resolve()
        if site == source:
            message = f"is the {label} {source}; building the site there would delete it"
        elif source.is_relative_to(site):
            message = f"holds the {label} {source}; building the site there would delete it"
        elif site.is_relative_to(source):
            message = f"is inside the {label} {source}; the site would be built among the sources"
        else:
            continue
        raise OutputConflict([Problem("output-conflict", f"{message}; choose another site folder", target.as_posix())])
