"""The MkDocs adapter: the site built by MkDocs 1.6 in strict mode, with the ``factsheet`` plugin (:mod:`.plugin`).

The plugin adds the rendered pages to MkDocs' files in memory, scans the
built HTML and indexes it for search; :mod:`.reuse` keeps MkDocs' conversion
of unchanged pages between builds, for the MkDocs versions it was tested with.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from generator import publish
from generator.errors import LoggedWarnings, SiteBuildFailed, ValidationFailed
from generator.load import tree
from generator.sites import refuse_overlap
from generator.sites.mkdocs.plugin import FactsheetPlugin


@contextmanager
def _errors(config_file: Path) -> Iterator[None]:
    """Turn an MkDocs failure into a SiteBuildFailed that carries every warning and error it logged."""
    collect = LoggedWarnings()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    try:
        yield
    except MkDocsException as exc:
        lines = [*collect.lines, exc.format_message()]
        lines.append("The previous site, if any, is left as it was.")
        raise SiteBuildFailed(f"{config_file}: MkDocs could not build the site:\n" + "\n".join(lines)) from None
    finally:
        logger.removeHandler(collect)


def build_site(config_file: Path, site_dir: Path | None = None) -> Path:
    """Validate the content, build the MkDocs site in strict mode, and swap it in for ``site_dir``.

    ``site_dir`` defaults to the ``site_dir`` of ``config_file``; a relative one
    is taken from the current folder. It must not hold the project or overlap
    the sources: MkDocs refuses one that holds or sits in ``docs_dir``, and this
    refuses one that holds the configuration's folder or overlaps ``docs_dir``,
    the content folder, a template folder or the theme's ``custom_dir``. The
    content named by the config's ``factsheet`` plugin is validated next; then
    MkDocs builds in-process into a fresh folder beside ``site_dir``, which
    :func:`generator.publish.replace_tree` swaps in. If anything fails, ``site_dir`` keeps
    the previous site: :class:`~generator.errors.ValidationFailed` for invalid
    content, :class:`~generator.errors.SiteBuildFailed` for MkDocs' warnings and errors (its
    refusal of ``site_dir`` among them), :class:`~generator.errors.OutputConflict`
    if ``site_dir`` overlaps the project as above, is a file or a symbolic link.
    Returns the site folder.
    """
    chosen = None if site_dir is None else str(site_dir.absolute())
    with _errors(config_file):
        config = load_config(config_file=str(config_file), site_dir=chosen, strict=True)
    root = Path(config.config_file_path).absolute().parent
    target = Path(config.site_dir)
    sources = [("docs folder", Path(config.docs_dir))]
    if config.theme.custom_dir:
        sources.append(("theme's custom_dir", Path(config.theme.custom_dir)))
    plugins = [plugin for plugin in config.plugins.values() if isinstance(plugin, FactsheetPlugin)]
    for plugin in plugins:
        sources.append(("content folder", root / plugin.config.content))
        sources += [("template folder", root / folder) for folder in plugin.config.templates]
    refuse_overlap(target, root, sources)
    refused = tree.scan([folder for plugin in plugins for folder in plugin.read_folders(config)], root)
    if refused:
        raise ValidationFailed(refused)
    for plugin in plugins:
        # Validation errors surface here, before MkDocs starts; the pages go into the cache for the build to use.
        with _errors(config_file):
            plugin.check(config)

    def fill(folder: Path) -> None:
        with _errors(config_file):
            config = load_config(config_file=str(config_file), site_dir=str(folder), strict=True)
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config)
            finally:
                config.plugins.on_shutdown()

    return publish.replace_tree(target, fill)
