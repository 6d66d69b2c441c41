"""The pipeline, top to bottom: load → validate → render → publish.

Each function here is one user-facing operation, shared by the CLI and the
MkDocs plugin. Nothing is written until every file has validated.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from generator import cache, changes, draft, load, publish, render, scaffold, tree, validate, workers
from generator.errors import FactsheetError, LoggedWarnings, OutputConflict, Problem, ValidationFailed
from generator.model import JSON_SCHEMAS, Corpus, Entity, Registry, json_schema
from generator.syndicate import Site


class SiteBuildFailed(FactsheetError):
    """MkDocs stopped the build: a warning in strict mode, a plugin error or a bad configuration."""


def check(content: Path) -> Corpus:
    """Load and validate everything under ``content``; raise ValidationFailed with every problem.

    Each sidecar is parsed and checked on its own, so with many sidecars and
    two cores half of them are done in a second process (generator.workers);
    what crosses sheets is checked once all are back. The outcome is the same
    as :func:`validate.validate` of :func:`load.load_content`, which a test keeps so.
    """
    loaded = load.load_content(content, parse_sidecars=False)
    registries, problems = validate.check_registries(loaded)

    def part(paths: Sequence[Path]) -> validate.CheckedSheets:
        docs, found = load.load_sidecars(paths, content)
        checked = validate.check_sheets(docs, loaded, registries)
        return replace(checked, problems=[*found, *checked.problems])

    return validate.combine(registries, [*validate.loading_problems(loaded), *problems], workers.in_halves(part, loaded.unparsed))


def render_pages(
    content: Path,
    templates: Sequence[Path],
    site: Site | None = None,
    cache_folder: Path | None = None,
    *,
    reviews_apart: bool = False,
) -> Mapping[str, str]:
    """Validate, then render every generated page to Markdown, keyed by page path (see render.render_pages).

    With a ``cache_folder``, pages rendered before from the very same inputs are
    returned from it without validating or rendering again (see generator.cache);
    they are read from the cache as they are asked for.
    """

    refused = tree.scan([tree.Folder(folder) for folder in templates], Path.cwd())
    missing = [folder for folder in templates if not folder.is_dir()]
    refused += [Problem("file-missing", "the template folder does not exist; give one that does", f.as_posix()) for f in missing]
    if refused:
        raise ValidationFailed(refused)

    def fresh() -> dict[str, str]:
        corpus = check(content)
        return render.render_pages(render.environment(templates, corpus), corpus, site, reviews_apart=reviews_apart)

    if cache_folder is None:
        return fresh()
    return cache.cached_pages(cache_folder, content, templates, (site, reviews_apart), fresh)


def build(
    content: Path, templates: Sequence[Path], out: Path, site: Site | None = None, cache_folder: Path | None = None
) -> list[Path]:
    """Render every page and write it under ``out``; return the paths written."""
    pages = render_pages(content, templates, site, cache_folder)
    return publish.write_pages(pages, out)


@contextmanager
def _mkdocs_errors(config_file: Path) -> Iterator[None]:
    """Turn an MkDocs failure into a SiteBuildFailed that carries every warning and error it logged."""
    from mkdocs.exceptions import MkDocsException

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
    :func:`publish.replace_tree` swaps in. If anything fails, ``site_dir`` keeps
    the previous site: :class:`~generator.errors.ValidationFailed` for invalid
    content, :class:`SiteBuildFailed` for MkDocs' warnings and errors (its
    refusal of ``site_dir`` among them), :class:`~generator.errors.OutputConflict`
    if ``site_dir`` overlaps the project as above, is a file or a symbolic link.
    Returns the site folder.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from generator.mkdocs_plugin import FactsheetPlugin

    chosen = None if site_dir is None else str(site_dir.absolute())
    with _mkdocs_errors(config_file):
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
    _refuse_overlap(target, root, sources)
    refused = tree.scan([folder for plugin in plugins for folder in plugin.read_folders(config)], root)
    if refused:
        raise ValidationFailed(refused)
    for plugin in plugins:
        # Validation errors surface here, before MkDocs starts; the pages go into the cache for the build to use.
        with _mkdocs_errors(config_file):
            plugin.check(config)

    def fill(folder: Path) -> None:
        with _mkdocs_errors(config_file):
            config = load_config(config_file=str(config_file), site_dir=str(folder), strict=True)
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config)
            finally:
                config.plugins.on_shutdown()

    return publish.replace_tree(target, fill)


def _refuse_overlap(target: Path, root: Path, sources: Sequence[tuple[str, Path]]) -> None:
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


def schema_texts() -> dict[str, str]:
    """The editor JSON Schemas, by file name, as the text ``write_schemas`` writes."""
    return {
        name: json.dumps(json_schema(model), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        for name, model in JSON_SCHEMAS.items()
    }


def write_schemas(folder: Path) -> list[Path]:
    """Write the editor JSON Schemas into ``folder``; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in schema_texts().items():
        (folder / name).write_text(text, encoding="utf-8")
        paths.append(folder / name)
    return paths


def registry(content: Path) -> dict[str, Entity]:
    """The entity registry under ``content`` by id, or an empty one if it does not load."""
    doc = load.load_content(content).entities
    try:
        return {e.id: e for e in Registry.model_validate(doc.data if doc else {}).entities}
    except ValidationError:
        return {}


def draft_sidecar(
    article: Path, content: Path, out: Path | None = None, *, force: bool = False, published: date | None = None
) -> tuple[Path, draft.Draft]:
    """Draft a sidecar from ``article`` (plain text, or Markdown if it ends in .md) and write it.

    The sidecar goes beside the article (``<stem>.yml``) unless ``out`` says otherwise,
    and never replaces an existing file unless ``force``.
    """
    body, problems = load.read_text(article, article.as_posix())
    if body is None:
        raise ValidationFailed(problems)
    target = out if out is not None else article.with_suffix(".yml")
    problems = validate.check_file_slug(target.stem, target.as_posix())
    if problems:
        raise ValidationFailed(problems)
    found = draft.draft(body, registry(content), markdown=article.suffix == ".md")
    scaffold.write_new(target, draft.sidecar_text(found, published=published.isoformat() if published else None), force=force)
    return target, found


def new_sidecar(content: Path, slug: str, *, force: bool = False) -> Path:
    """Write an empty, commented sidecar ``content/articles/<slug>.yml``."""
    problems = validate.check_file_slug(slug, f"{slug}.yml")
    if problems:
        raise ValidationFailed(problems)
    target = content / load.ARTICLES_DIR / f"{slug}.yml"
    scaffold.write_new(target, scaffold.new_sidecar(), force=force)
    return target


def diff(content: Path, base: str | None = None, repo: Path | None = None) -> str:
    """The change in meaning between the sidecars at ``base`` (default: the merge base with main) and now."""
    repo = repo if repo is not None else Path(changes.toplevel(content))
    revision = base if base is not None else changes.default_base(repo)
    return changes.summarise(changes.sidecars_at(repo, revision, content), changes.sidecars_in(content))
