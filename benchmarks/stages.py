"""One measured stage, run in a fresh process by :mod:`benchmarks.run`.

Each stage imports what it needs, then times only its own work, by wall
clock and by CPU time, and writes a JSON result. Peak memory is read by the
parent from this process's rusage when it exits, so stages never share a heap.

Usage (normally through ``benchmarks.run``)::

    python -m benchmarks.stages STAGE --corpus DIR --work DIR --result FILE [--profile FILE]
"""

from __future__ import annotations

import argparse
import cProfile
import gzip
import json
import logging
import os
import re
import resource
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

PROJECT = Path(__file__).resolve().parent.parent
#: What a temporary project copies from this one, besides its mkdocs.yml.
PROJECT_FOLDERS = ("pages", "overrides", "templates")
#: The line inserted into one sidecar's summary for the "one sidecar changed" rebuild.
EDIT = "  Edited for the benchmark.\n"

Result = dict[str, Any]


def cpu_seconds() -> float:
    """CPU time (user and system) of this process and of every process it started and waited for."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def maxrss_kib() -> int:
    """This process's peak resident set so far, in KiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


class Timer:
    """Times named regions of one stage, wall clock and CPU, optionally under one shared cProfile profiler.

    CPU time is what stays steady on a shared machine; wall time is what a
    person waits, and also counts waiting for the disk. CPU time counts the
    processes the stage started and waited for too: Pagefind, and the second
    process of generator.workers (so on two cores it can exceed wall time).
    """

    def __init__(self, profile: Path | None) -> None:
        self.seconds: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self.profiler = cProfile.Profile() if profile else None
        self.profile = profile

    @contextmanager
    def time(self, name: str) -> Iterator[None]:
        """Time the body as ``name`` (profiled too when a profile was asked for)."""
        if self.profiler:
            self.profiler.enable()
        start, cpu = time.perf_counter(), cpu_seconds()
        try:
            yield
        finally:
            self.seconds[name] = time.perf_counter() - start
            self.cpu[name] = cpu_seconds() - cpu
            if self.profiler:
                self.profiler.disable()

    def save(self) -> None:
        """Write the profile, if any."""
        if self.profiler and self.profile:
            self.profiler.dump_stats(str(self.profile))


def yaml_files(corpus: Path) -> list[Path]:
    """Every YAML file of a corpus: the registries and the sidecars."""
    return sorted(corpus.glob("*.yml")) + sorted((corpus / "articles").glob("*.yml"))


def templates() -> list[Path]:
    """The project's template folders, as ``factsheet build`` uses them."""
    return [PROJECT / "templates"]


# --- Stages -------------------------------------------------------------------------------------------


def stage_floor(corpus: Path, work: Path, timer: Timer) -> Result:
    """The bare floor: read and parse every .yml file with libyaml's CSafeLoader, nothing else."""
    files = yaml_files(corpus)
    with timer.time("seconds"):
        for path in files:
            yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return {"files": len(files)}


def stage_generate(corpus: Path, work: Path, timer: Timer) -> Result:
    """``generator.pipeline.render_pages``: load, validate and render every page to Markdown."""
    from generator import pipeline
    from generator.publish.disk import as_bytes

    with timer.time("seconds"):
        pages = pipeline.render_pages(corpus, templates())
    return {"pages": len(pages), "markdown_bytes": sum(len(as_bytes(p)) for p in pages.values())}


def stage_generate_site(corpus: Path, work: Path, timer: Timer) -> Result:
    """``render_pages`` as the MkDocs plugin calls it: with the published site, so sheets carry ClaimReview data and a feed."""
    from mkdocs.config import load_config

    from generator import pipeline
    from generator.publish.disk import as_bytes
    from generator.sites.mkdocs.plugin import FactsheetPlugin

    config = load_config(config_file=str(make_project(work / "generate-site-project", corpus, plugin=True)))
    plugin = next(p for p in config.plugins.values() if isinstance(p, FactsheetPlugin))
    # The plugin's own way of reading site_url and the publisher, so this stays what a build renders.
    site = plugin._site(config)
    with timer.time("seconds"):
        pages = pipeline.render_pages(corpus, templates(), site)
    return {"pages": len(pages), "markdown_bytes": sum(len(as_bytes(p)) for p in pages.values()), "with_site": site is not None}


def stage_breakdown(corpus: Path, work: Path, timer: Timer) -> Result:
    """The parts of ``render_pages`` one by one: load, validate, render."""
    from generator import load, render, validate

    with timer.time("load"):
        loaded = load.load_content(corpus)
    with timer.time("validate"):
        checked = validate.validate(loaded)
    with timer.time("render"):
        env = render.environment(templates(), checked)
        pages = render.render_pages(env, checked)
    timer.seconds["seconds"] = sum(timer.seconds.values())
    timer.cpu["seconds"] = sum(timer.cpu.values())
    return {"pages": len(pages)}


def stage_site(corpus: Path, work: Path, timer: Timer) -> Result:
    """``generator.sites.build_site`` of the corpus with the project's mkdocs.yml, pages, overrides and templates."""
    from generator import sites

    config = make_project(work / "project", corpus, plugin=True)
    site = work / "site"
    shutil.rmtree(site, ignore_errors=True)
    with timer.time("seconds"):
        sites.build_site(config, site)
    return {**site_stats(site), "search": search_payload(site)}


def stage_prepare(corpus: Path, work: Path, timer: Timer) -> Result:
    """Write the rendered pages into a copy of the project's pages/ for the plain MkDocs build."""
    from generator import pipeline
    from generator.publish.disk import as_bytes

    project = work / "plain-project"
    make_project(project, corpus, plugin=False)
    with timer.time("seconds"):
        pages = pipeline.render_pages(corpus, templates())
    for rel, text in pages.items():
        target = project / "pages" / rel
        if target.exists():
            raise FileExistsError(f"generated page {rel} collides with a file in the project's pages/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(as_bytes(text))
    return {"pages": len(pages)}


def stage_plain(corpus: Path, work: Path, timer: Timer) -> Result:
    """A plain in-process ``mkdocs build`` of the pre-rendered pages, without the factsheet plugin.

    Not strict: links to what only the plugin writes (such as a feed) would stop it. Its warnings are counted.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from generator.errors import LoggedWarnings

    config_file = work / "plain-project" / "mkdocs.yml"
    if not config_file.is_file():
        raise SystemExit("run the prepare stage first")
    site = work / "plain-site"
    shutil.rmtree(site, ignore_errors=True)
    warnings = LoggedWarnings()
    logging.getLogger("mkdocs").addHandler(warnings)
    with timer.time("seconds"):
        config = load_config(config_file=str(config_file), site_dir=str(site), strict=False)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    stats = {**site_stats(site), "warnings": len(warnings.lines)}
    shutil.rmtree(site, ignore_errors=True)
    return stats


def stage_rebuild_render(corpus: Path, work: Path, timer: Timer) -> Result:
    """``render_pages`` with the render cache, three times in one process: cold, unchanged (then read), one sidecar changed."""
    from generator import pipeline

    copy = copy_corpus(corpus, work / "rebuild-render-corpus")
    cache = Path(os.environ["FACTSHEET_CACHE_DIR"]) / "shared"
    settle()
    with timer.time("cold"):
        pipeline.render_pages(copy, templates(), None, cache)
    settle()
    with timer.time("unchanged"):
        pages = pipeline.render_pages(copy, templates(), None, cache)
    # A hit hands over the pages unread (generator.cache.StoredPages); reading them all is the caller's cost, shown apart.
    with timer.time("unchanged_read"):
        read = sum(len(text) for text in pages.values())
    edited = edit_one_sidecar(copy)
    with timer.time("one_changed"):
        pipeline.render_pages(copy, templates(), None, cache)
    shutil.rmtree(copy)
    return {"edited": edited.name, "characters_read": read}


def stage_rebuild_site(corpus: Path, work: Path, timer: Timer) -> Result:
    """``build_site`` three times in one process: cold, again with nothing changed, after one sidecar changed.

    Then one more pass of the cache's eviction, with nothing to remove, and the cache's size.
    """
    from generator import cache, eviction, sites

    copy = copy_corpus(corpus, work / "rebuild-site-corpus")
    config = make_project(work / "rebuild-project", copy, plugin=True)
    site = work / "rebuild-site"
    shutil.rmtree(site, ignore_errors=True)
    settle()
    with timer.time("cold"):
        sites.build_site(config, site)
    settle()
    with timer.time("unchanged"):
        sites.build_site(config, site)
    edited = edit_one_sidecar(copy)
    with timer.time("one_changed"):
        sites.build_site(config, site)
    shutil.rmtree(site)
    shutil.rmtree(copy)
    # A build that kept new entries ends with an eviction pass, timed here on its own: it walks the whole cache.
    folder = cache.default_folder()
    assert folder is not None
    with timer.time("eviction_pass"):
        kept = eviction.evict(folder, time.time_ns())
    assert kept is not None
    return {"edited": edited.name, "cache_bytes": kept.size, "cache_files": kept.files}


def settle() -> None:
    """Wait out the render cache's racy window (generator.cache.RACY_NS).

    A file changed less than two seconds before the digests were recorded is
    hashed again on the next run. Files a person edits are older than that by
    the next build; the corpus copied just before a timed run is not, so
    without the wait a no-change rebuild would hash every file again.
    """
    time.sleep(2.5)


STAGES: dict[str, Callable[[Path, Path, Timer], Result]] = {
    "floor": stage_floor,
    "generate": stage_generate,
    "generate-site": stage_generate_site,
    "breakdown": stage_breakdown,
    "prepare": stage_prepare,
    "site": stage_site,
    "plain": stage_plain,
    "rebuild-render": stage_rebuild_render,
    "rebuild-site": stage_rebuild_site,
}


# --- Helpers ------------------------------------------------------------------------------------------


def make_project(folder: Path, corpus: Path, *, plugin: bool) -> Path:
    """A temporary project: the project's pages, overrides and templates, and its mkdocs.yml pointed at ``corpus``.

    Without ``plugin`` the factsheet plugin is removed, for a build of pages already rendered into pages/.
    Returns the configuration file.
    """
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name in PROJECT_FOLDERS:
        if (PROJECT / name).is_dir():
            shutil.copytree(PROJECT / name, folder / name)
    from mkdocs.utils.yaml import yaml_load

    # MkDocs' own loader, so its tags (!ENV) are resolved as a build would resolve them.
    config = yaml_load((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = "pages"
    config["site_dir"] = "site"
    plugins = []
    for entry in config.get("plugins", []):
        if isinstance(entry, dict) and "factsheet" in entry:
            if not plugin:
                continue
            entry = {"factsheet": {**(entry["factsheet"] or {}), "content": str(corpus.absolute())}}
        elif entry == "factsheet" and not plugin:
            continue
        plugins.append(entry)
    config["plugins"] = plugins
    path = folder / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def copy_corpus(corpus: Path, target: Path) -> Path:
    """A private copy of ``corpus`` that a stage may edit."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(corpus, target)
    return target


def edit_one_sidecar(corpus: Path) -> Path:
    """Add a sentence to the summary of one published sidecar (the middle one by name); return it."""
    sidecars = sorted((corpus / "articles").glob("*.yml"))
    published = [p for p in sidecars if "\nstatus: published\n" in p.read_text(encoding="utf-8")]
    path = published[len(published) // 2]
    text = path.read_text(encoding="utf-8")
    if "\nsummary: |\n" not in text:
        raise ValueError(f"{path}: no literal-block summary to edit")
    path.write_text(text.replace("\nsummary: |\n", "\nsummary: |\n" + EDIT, 1), encoding="utf-8")
    return path


def site_stats(site: Path) -> Result:
    """How many HTML pages and bytes a built site has."""
    files = [p for p in site.rglob("*") if p.is_file()]
    return {
        "html_pages": sum(1 for p in files if p.suffix == ".html"),
        "site_files": len(files),
        "site_bytes": sum(p.stat().st_size for p in files),
    }


def _sizes(paths: list[Path]) -> Result:
    raw = sum(p.stat().st_size for p in paths)
    packed = sum(len(gzip.compress(p.read_bytes(), compresslevel=6)) for p in paths)
    return {"raw": raw, "gzip": packed}


def search_payload(site: Path) -> Result:
    """What Pagefind fetches before it can show a first result, at worst.

    Every page loads the component UI (its script and stylesheet). The first
    query loads ``pagefind.js``, its worker, the entry file, the language's
    metadata and WebAssembly, the index chunk holding the query's word, and the
    fragment of the first result. The largest chunk and the largest fragment are
    counted, so the total is an upper bound. Pagefind's ``.pf_*`` files are
    already gzip-compressed, so their sizes count the same in both columns.
    """
    bundle = site / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    lang = next(iter(entry["languages"].values()))
    page_load = [bundle / "pagefind-component-ui.js", bundle / "pagefind-component-ui.css"]
    fixed = [bundle / "pagefind.js", bundle / "pagefind-worker.js", bundle / "pagefind-entry.json"]
    fixed += [bundle / f"pagefind.{lang['hash']}.pf_meta", bundle / f"wasm.{lang['wasm']}.pagefind"]
    chunks = sorted((bundle / "index").glob("*.pf_index"), key=lambda p: p.stat().st_size)
    fragments = sorted((bundle / "fragment").glob("*.pf_fragment"), key=lambda p: p.stat().st_size)
    query = [*fixed, chunks[-1], fragments[-1]]
    return {
        "files": [p.relative_to(site).as_posix() for p in [*page_load, *query]],
        "chunks": len(chunks),
        "median_chunk": chunks[len(chunks) // 2].stat().st_size,
        "largest_chunk": chunks[-1].stat().st_size,
        "largest_fragment": fragments[-1].stat().st_size,
        "page_load": _sizes(page_load),
        "first_query": _sizes(query),
        "total": _sizes([*page_load, *query]),
        "bundle_bytes": sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file()),
    }


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9_]", "_", name)


def main(argv: list[str] | None = None) -> int:
    """Run one stage and write its result as JSON."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.stages")
    parser.add_argument("stage", choices=sorted(STAGES))
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True, help="scratch folder for projects and sites")
    parser.add_argument("--result", type=Path, required=True, help="JSON file to write")
    parser.add_argument("--profile", type=Path, help="also write a cProfile of the timed regions here")
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args.work.mkdir(parents=True, exist_ok=True)
    # Every stage starts with an empty render cache of its own: the cold timings are cold, and
    # the rebuild stages measure what the cache saves within one run.
    cache = args.work / f"cache-{args.stage}"
    shutil.rmtree(cache, ignore_errors=True)
    os.environ["FACTSHEET_CACHE_DIR"] = str(cache)
    timer = Timer(args.profile)
    # Imports happen before the baseline, so the stage's own memory is peak minus baseline.
    import mkdocs.commands.build  # noqa: F401

    import generator.pipeline

    baseline = maxrss_kib()
    try:
        extra = STAGES[args.stage](args.corpus, args.work, timer)
    except SystemExit as exc:
        # MkDocs' Abort is a SystemExit that would end the process without a word.
        raise RuntimeError(f"the stage stopped: {exc}") from exc
    timer.save()
    result = {
        "stage": args.stage,
        "seconds": {_key(k): v for k, v in timer.seconds.items()},
        "cpu_seconds": {_key(k): v for k, v in timer.cpu.items()},
        "baseline_maxrss_kib": baseline,
        "maxrss_kib": maxrss_kib(),
        "generator_path": generator.pipeline.__file__,
        **extra,
    }
    args.result.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
