"""What the engines of the MkDocs 1.x family share: the ``factsheet`` plugin's hooks and the build in strict mode.

MkDocs 1.6 and ProperDocs, which continues it, run the same plugin events
with the same objects, each from its own modules. This module imports
neither: an adapter hands it its engine (:class:`Engine`), and subclasses
its engine's ``BasePlugin`` together with :class:`Hooks` for its plugin.

The plugin adds the rendered pages to the engine's files in memory, so
nothing is written into the configuration's ``docs_dir``. An invalid sidecar fails the build with
the messages ``factsheet check`` prints; after the build the plugin scans the
HTML and indexes it for search.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import cache, cms, eviction, load, pipeline, publish, render
from generator.errors import FactsheetError, LoggedWarnings, Problem, SiteBuildFailed, ValidationFailed
from generator.load import tree
from generator.publish import scan, search
from generator.render.syndicate import Site
from generator.sites import refuse_overlap

#: Where the CMS's page goes in the built site.
ADMIN = "admin"


@dataclass(frozen=True)
class Engine:
    """One engine of the family, as the shared code needs it."""

    name: str
    """How messages name it: ``MkDocs``."""
    logger: str
    """The root of its loggers, whose warnings fail a strict build."""
    load_config: Callable[..., Any]
    build: Callable[[Any], None]
    failure: type[Exception]
    """The base class of its errors, which carry ``format_message()``."""
    plugin_error: type[Exception]
    generated_file: Callable[..., Any]
    """Its ``File.generated``: a page given by its content, in memory."""


def options(opt: Any, base: Any) -> type:
    """The plugin's options under ``plugins: - factsheet:``, declared with the engine's ``config_options`` and ``base``."""

    class FactsheetConfig(base.Config):  # type: ignore[misc]
        """Options under ``plugins: - factsheet:`` in ``mkdocs.yml``; paths are relative to it."""

        content = opt.Type(str, default="content")
        templates = opt.ListOfItems(opt.Type(str), default=["templates"])
        organisation = opt.Optional(opt.Type(str))
        """Who publishes the fact checks (ClaimReview's author, the feed's author); default: site_name."""
        organisation_url = opt.Optional(opt.URL())
        publishing_principles = opt.Optional(opt.Type(str))
        """The page that says how the sheets are made, named in the structured data: ``methodology.md``."""
        corrections_policy = opt.Optional(opt.Type(str))
        """The page that says how sheets are corrected, named in the structured data: ``corrections-policy.md``."""
        cms_bundle = opt.Optional(opt.Type(str))
        """The folder of the CMS's npm build (``node_modules/decap-cms/dist``); with it the site gets an ``admin/`` page."""
        cms_repo = opt.Optional(opt.Type(str))
        """The GitHub repository the CMS commits to, ``owner/name``; without it, the git-gateway backend."""
        cms_branch = opt.Type(str, default="main")
        """The branch the CMS's pull requests go to."""
        cms_auth_url = opt.Optional(opt.Type(str))
        """The newsroom's OAuth service for GitHub logins (the CMS's ``base_url``); without it, Netlify's."""

    return FactsheetConfig


#: The Markdown extensions the generated pages use besides the ones the engines always load (toc, tables): heading
#: ids and classes, and the blocks around what search leaves out (render.UNINDEXED).
MARKDOWN_EXTENSIONS = ("attr_list", "md_in_html")


def missing_extensions(config: Any) -> list[Problem]:
    """A problem if the engine's configuration leaves out one of MARKDOWN_EXTENSIONS, which would show raw Markdown."""
    loaded = {(e if isinstance(e, str) else type(e).__module__).rsplit(".", 1)[-1] for e in config.markdown_extensions}
    missing = [name for name in MARKDOWN_EXTENSIONS if name not in loaded]
    if not missing:
        return []
    names = " and ".join(missing)
    message = f"the generated pages need the Markdown extension{'s' if len(missing) > 1 else ''} {names}; add {names} to the list"
    return [Problem("markdown-extension-missing", message, Path(config.config_file_path).name, field="markdown_extensions")]


class Hooks:
    """The plugin's events: validate the content, add each published sheet and the index as a page, scan the result.

    An adapter's plugin class derives from this and from its engine's
    ``BasePlugin``, and sets :attr:`engine`.
    """

    engine: Engine
    config: Any
    _origins: dict[str, str]
    """URL of each page generated from one sidecar → that sidecar, for the post-build scan."""
    _cache: Path | None = None
    """This build's cache folder; None without a cache."""
    _content: Path
    """This build's content folder."""
    _hold: eviction.Hold | None = None
    """This build's hold on the cache, from its first read to its last."""
    _reviews: dict[str, Any]
    """Page path of each sheet with claims → its ClaimReview data (render.CLAIM_REVIEWS)."""

    def _path(self, config: Any, value: str) -> Path:
        return Path(config.config_file_path).parent / value

    def render(self, config: Any) -> Mapping[str, str | bytes]:
        """The generated pages for ``config``, from the cache when nothing they depend on changed.

        Raises FactsheetError (ValidationFailed for invalid content), or the engine's PluginError without a site_url.
        """
        content = self._path(config, self.config.content)
        templates = [self._path(config, t) for t in self.config.templates]
        site, folder = self._site(config), cache.default_folder()
        # The build goes on reading the cache after this, so the eviction waits for its end (_end_build).
        return pipeline.render_pages(content, templates, site, folder, reviews_apart=True, evict=False)

    def check(self, config: Any) -> None:
        """Validate before a build: by rendering into the cache the build will read, or, without a cache, by checking."""
        content = self._path(config, self.config.content)
        if cache.default_folder() is None:
            pipeline.check(content)
        else:
            self.render(config)

    def on_config(self, config: Any) -> Any:
        """Refuse links, special files and unusable names in the folders the build reads, before the engine reads them.

        Refuse a configuration without the Markdown extensions the generated pages need, too.
        """
        problems = tree.scan(self.read_folders(config), Path(config.config_file_path).parent)
        problems += missing_extensions(config)
        if problems:
            raise self.engine.plugin_error("\n".join(f"factsheet: {p.format()}" for p in problems))
        return config

    def read_folders(self, config: Any) -> list[tree.Folder]:
        """The folders this build reads besides the content: docs, the theme's custom_dir, the templates."""
        folders = [tree.Folder(Path(config.docs_dir))]
        if config.theme.custom_dir:
            folders.append(tree.Folder(Path(config.theme.custom_dir)))
        return folders + [tree.Folder(self._path(config, t)) for t in self.config.templates]

    def on_files(self, files: Any, /, *, config: Any) -> Any:
        """Render the pages and add them to the build; fail it on any validation error."""
        self._end_build(evict=False)
        folder = cache.default_folder()
        if folder is not None:
            with suppress(OSError):  # the caches themselves say so, and work without it
                self._hold = eviction.Hold(folder)
        try:
            pages = self.render(config)
        except FactsheetError as exc:
            raise self.engine.plugin_error(f"factsheet: the content is invalid:\n{exc}") from None
        content = self._path(config, self.config.content)
        root = Path(config.config_file_path).parent
        self._cache, self._content = cache.default_folder(), content
        self._origins = {}
        self._reviews = json.loads(pages.get(render.CLAIM_REVIEWS, "{}"))
        for path, generated in pages.items():
            if path == render.CLAIM_REVIEWS:
                continue
            if files.get_file_from_path(path) is not None:
                docs = _relative(Path(config.docs_dir), root)
                raise self.engine.plugin_error(
                    f"factsheet: generated page {path} collides with a file in {docs}/; rename one of them"
                )
            page = self.engine.generated_file(config, path, content=generated)
            files.append(page)
            sidecar = content / load.ARTICLES_DIR / f"{Path(path).stem}.yml"
            if path.startswith(f"{render.SHEETS_DIR}/") and sidecar.is_file():
                self._origins[page.url] = _relative(sidecar, root)
        if self.config.cms_bundle and any(f.src_uri.startswith(f"{ADMIN}/") for f in files):
            raise self.engine.plugin_error(
                f"factsheet: the docs folder has an {ADMIN}/ folder, where the CMS's page goes; rename it, or remove cms_bundle"
            )
        for option in ("publishing_principles", "corrections_policy"):
            named = self.config[option]
            if named is not None and files.get_file_from_path(named) is None:
                raise self.engine.plugin_error(
                    f"factsheet: {option} is {named!r}, which is no page of the site; name a page of the docs folder"
                )
        return files

    def on_page_markdown(self, markdown: str, /, *, page: Any, config: Any, files: Any) -> str:
        """Give a sheet its ClaimReview data, which the theme override prints into the page head."""
        reviews = self._reviews.get(page.file.src_uri)
        if reviews is not None:
            page.meta["claim_reviews"] = reviews
        return markdown

    def _site(self, config: Any) -> Site:
        """Where the site is published, for absolute URLs in structured data and the feed."""
        if not config.site_url:
            raise self.engine.plugin_error(
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
                publishing_principles=self.config.publishing_principles,
                corrections_policy=self.config.corrections_policy,
            )
        except ValueError as exc:
            raise self.engine.plugin_error(f"factsheet: {exc}") from None

    def clean_pages(self) -> set[str]:
        """The digests of the pages an earlier scan found clean, which this one need not parse again; none by default."""
        return set()

    def built(self, clean: set[str]) -> None:
        """Called after a successful build with the digests of the pages the scan found clean; an adapter may keep them."""

    def kept_new_entries(self) -> bool:
        """Whether the adapter's own caches grew in this build, so that the cache may need evicting; no by default."""
        return False

    def _end_build(self, *, evict: bool) -> None:
        """Let go of the cache; after a successful build that grew it, or when an eviction is due, keep it within its size."""
        hold, self._hold = self._hold, None
        if hold is None:
            return
        hold.release()
        folder = cache.default_folder()
        if evict and folder is not None and (self.kept_new_entries() or eviction.pending(folder)):
            cache.keep(lambda: eviction.evict(folder, hold.since_ns))

    def on_build_error(self, /, *, error: Exception) -> None:
        """A failed build holds the cache no longer, and evicts nothing."""
        self._end_build(evict=False)

    def on_post_build(self, /, *, config: Any) -> None:
        """Scan every built page, failing the build if content made anything active; then index it for search."""
        try:
            clean = scan.scan_site(Path(config.site_dir), self._origins, self.clean_pages())
        except FactsheetError as exc:
            raise self.engine.plugin_error(f"factsheet: the built site is unsafe:\n{exc}") from None
        try:
            search.index_site(Path(config.site_dir))
        except FactsheetError as exc:
            raise self.engine.plugin_error(f"factsheet: {exc}") from None
        self._admin(config)
        self.built(clean)
        self._end_build(evict=True)

    def _admin(self, config: Any) -> None:
        """Add the CMS's page, after the scan and the search index, which are for the publication's own pages."""
        if not self.config.cms_bundle:
            return
        bundle = self._path(config, self.config.cms_bundle)
        if not bundle.is_dir():
            # make site works without npm; the page then is not there, and the log says so.
            logging.getLogger(self.engine.logger).info(
                "factsheet: no CMS at %s (npm ci installs it), so the site has no %s/ page", self.config.cms_bundle, ADMIN
            )
            return
        try:
            backend = cms.Backend(self.config.cms_repo, self.config.cms_branch, self.config.cms_auth_url)
            pipeline.write_admin(Path(config.site_dir) / ADMIN, bundle, backend)
        except OSError as exc:
            raise self.engine.plugin_error(f"factsheet: the CMS's page: {exc}") from None

    def on_serve(self, server: Any, /, *, config: Any, builder: Any) -> Any:
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


@contextmanager
def errors(engine: Engine, config_file: Path) -> Iterator[None]:
    """Turn the engine's failure into a SiteBuildFailed that carries every warning and error it logged."""
    collect = LoggedWarnings()
    logger = logging.getLogger(engine.logger)
    logger.addHandler(collect)
    try:
        yield
    except engine.failure as exc:
        lines = [*collect.lines, exc.format_message()]  # type: ignore[attr-defined]
        lines.append("The previous site, if any, is left as it was.")
        raise SiteBuildFailed(f"{config_file}: {engine.name} could not build the site:\n" + "\n".join(lines)) from None
    finally:
        logger.removeHandler(collect)


def build_site(engine: Engine, plugin: type[Hooks], config_file: Path, site_dir: Path | None = None) -> Path:
    """Validate the content, build the site with ``engine`` in strict mode, and swap it in for ``site_dir``.

    ``site_dir`` defaults to the ``site_dir`` of ``config_file``; a relative one
    is taken from the current folder. It must not hold the project or overlap
    the sources: the engine refuses one that holds or sits in ``docs_dir``, and this
    refuses one that holds the configuration's folder or overlaps ``docs_dir``,
    the content folder, a template folder or the theme's ``custom_dir``. The
    content named by the config's ``factsheet`` plugin (of class ``plugin``) is
    validated next; then the engine builds in-process into a fresh folder beside
    ``site_dir``, which :func:`generator.publish.replace_tree` swaps in. If anything
    fails, ``site_dir`` keeps the previous site: :class:`~generator.errors.ValidationFailed`
    for invalid content, :class:`~generator.errors.SiteBuildFailed` for the engine's
    warnings and errors (its refusal of ``site_dir`` among them),
    :class:`~generator.errors.OutputConflict` if ``site_dir`` overlaps the project
    as above, is a file or a symbolic link. Returns the site folder.
    """
    chosen = None if site_dir is None else str(site_dir.absolute())
    with errors(engine, config_file):
        config = engine.load_config(config_file=str(config_file), site_dir=chosen, strict=True)
    root = Path(config.config_file_path).absolute().parent
    target = Path(config.site_dir)
    sources = [("docs folder", Path(config.docs_dir))]
    if config.theme.custom_dir:
        sources.append(("theme's custom_dir", Path(config.theme.custom_dir)))
    plugins = [p for p in config.plugins.values() if isinstance(p, plugin)]
    for p in plugins:
        sources.append(("content folder", root / p.config.content))
        sources += [("template folder", root / folder) for folder in p.config.templates]
    refuse_overlap(target, root, sources)
    refused = tree.scan([folder for p in plugins for folder in p.read_folders(config)], root)
    if refused:
        raise ValidationFailed(refused)
    for p in plugins:
        # Validation errors surface here, before the engine starts; the pages go into the cache for the build to use.
        with errors(engine, config_file):
            p.check(config)

    def fill(folder: Path) -> None:
        with errors(engine, config_file):
            config = engine.load_config(config_file=str(config_file), site_dir=str(folder), strict=True)
            config.plugins.on_startup(command="build", dirty=False)
            try:
                engine.build(config)
            finally:
                config.plugins.on_shutdown()

    return publish.replace_tree(target, fill)
