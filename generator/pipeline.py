"""The pipeline, top to bottom: load → validate → render → publish.

Each function here is one user-facing operation, shared by the CLI and the
site-engine adapters (:mod:`generator.sites`), which call it; it knows no site
engine itself. Nothing is written until every file has validated.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from generator import cache, changes, cms, draft, load, publish, render, scaffold, validate, workers
from generator.errors import Problem, ValidationFailed
from generator.load import tree
from generator.model import JSON_SCHEMAS, Corpus, Entity, Registry, json_schema
from generator.render import share
from generator.render.syndicate import Site

if TYPE_CHECKING:
    from generator import linkcheck


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
    evict: bool = True,
) -> Mapping[str, str | bytes]:
    """Validate, then render every generated page, keyed by page path (see render.render_pages).

    With a ``cache_folder``, pages rendered before from the very same inputs are
    returned from it without validating or rendering again (see generator.cache);
    they are read from the cache as they are asked for.
    """

    refused = tree.scan([tree.Folder(folder) for folder in templates], Path.cwd())
    missing = [folder for folder in templates if not folder.is_dir()]
    refused += [Problem("file-missing", "the template folder does not exist; give one that does", f.as_posix()) for f in missing]
    if refused:
        raise ValidationFailed(refused)

    def fresh() -> dict[str, str | bytes]:
        corpus = check(content)
        env = render.environment(templates, corpus)
        if cache_folder is None:
            return render.render_pages(env, corpus, site, reviews_apart=reviews_apart)
        draw = cache.memoised(cache_folder / cache.IMAGES, share.draw, share.key)
        return render.render_pages(env, corpus, site, reviews_apart=reviews_apart, draw=draw)

    if cache_folder is None:
        return fresh()
    return cache.cached_pages(cache_folder, content, templates, (site, reviews_apart), fresh, evict=evict)


def build(
    content: Path, templates: Sequence[Path], out: Path, site: Site | None = None, cache_folder: Path | None = None
) -> list[Path]:
    """Render every page and write it under ``out``; return the paths written."""
    pages = render_pages(content, templates, site, cache_folder)
    return publish.write_pages(pages, out)


def schema_texts() -> dict[str, str]:
    """The editor JSON Schemas, by file name, as the text ``write_schemas`` writes."""
    return {
        name: json.dumps(json_schema(model), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        for name, model in JSON_SCHEMAS.items()
    }


def cms_config_text(backend: cms.Backend, *, local: bool) -> str:
    """``factsheet cms-config``: the Git-based CMS's ``config.yml``, derived from the model (:mod:`generator.cms`)."""
    return cms.config_text(backend, local=local)


def cms_status(label: str, paths: Sequence[Path]) -> list[str]:
    """``factsheet cms-status``: give each sidecar the status of the CMS's workflow column named by ``label``.

    Every file is read and checked first, and only then are those that change
    written, each replaced whole, so a problem in any of them changes none.
    Returns a line for each file: the status it had and the one it has now.
    """
    status = cms.WORKFLOW_LABELS[label]
    problems: list[Problem] = []
    changed: dict[Path, str] = {}
    lines = []
    for path in paths:
        doc, found = load.load_yaml(path)
        problems += found
        if doc is None:
            continue
        raw = path.read_bytes().decode("utf-8")
        result = cms.with_status(doc, raw, status)
        if isinstance(result, Problem):
            problems.append(result)
            continue
        text, was = result
        if text == raw:
            lines.append(f"{doc.display}: status {was}, kept")
        else:
            changed[path] = text
            lines.append(f"{doc.display}: status {was or 'empty'} → {status}")
    if problems:
        raise ValidationFailed(problems)
    for path, text in changed.items():
        scaffold.write_new(path, text, force=True)
    return lines


def write_admin(folder: Path, bundle: Path, backend: cms.Backend) -> list[Path]:
    """Write the CMS's page (:func:`generator.cms.admin_files`) into ``folder``, a new folder of a built site."""
    files = cms.admin_files(bundle, backend)
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return [folder / name for name in files]


def check_links(content: Path, *, allow_local: bool, timeout: float, max_age: float) -> linkcheck.Report:
    """``factsheet links``: every URL under ``content`` asked for over the network (:func:`generator.linkcheck.check_links`)."""
    from generator import linkcheck  # requests is loaded only by the command that uses the network

    return linkcheck.check_links(content, allow_local=allow_local, timeout=timeout, max_age=max_age)


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
