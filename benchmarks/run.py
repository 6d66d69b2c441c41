"""The scale benchmark: generator, site build, rebuilds, check, search payload and memory at N sheets.

For each N it generates (or reuses) a seeded synthetic corpus
(:mod:`benchmarks.corpus`), then runs every stage of :mod:`benchmarks.stages`
in a fresh process, ``--repeats`` times, interleaved so that a slow spell on a
shared machine hits every stage alike. Stages import the project from a
snapshot taken at the start, so edits made meanwhile do not leak into a run.
Stage times are taken inside the child around the stage's own work, by wall
clock and CPU time; peak memory is the child's ``ru_maxrss`` from ``os.wait4``.
Each comparison is made within the same run:

* the generator (``pipeline.render_pages``) against the floor, a bare
  ``yaml.load(CSafeLoader)`` of the same .yml files; and ``render_pages`` as
  the MkDocs plugin calls it, with the site's URL (ClaimReview data, feed);
* the site build (``sites.build_site``) against a plain ``mkdocs build`` of
  the same pages pre-rendered into pages/, without the factsheet plugin;
* a second and third ``render_pages`` / ``build_site`` in the same process,
  with nothing changed and with one sidecar changed;
* ``factsheet check`` as a subprocess, by wall time;
* the bytes Pagefind's search fetches before its first result.

Results go to ``benchmarks/results/<date>.json`` and Markdown tables are printed.

Usage::

    python -m benchmarks.run --n 100 1000 [--repeats R] [--seed 0] [--work DIR] [--keep]
    python -m benchmarks.run --n 1000 --profile render   # or render-site, site, plain: top functions
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import importlib.metadata
import json
import os
import platform
import pstats
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from benchmarks import corpus as corpus_mod

PROJECT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
#: What a snapshot of the project holds: everything a stage imports or reads.
SNAPSHOT = ("generator", "templates", "pages", "overrides", "content", "benchmarks", "mkdocs.yml", "pyproject.toml")
#: Stages in the order each repeat runs them; "check" runs the CLI, the others benchmarks.stages.
ORDER = ("floor", "generate", "generate-site", "breakdown", "site", "plain", "rebuild-render", "rebuild-site", "check")
PACKAGES = (
    "factsheet", "mkdocs", "mkdocs-material", "pydantic", "pydantic-core", "PyYAML", "Jinja2", "Markdown",
    "pymdown-extensions", "markdown-it-py", "matplotlib",
)  # fmt: skip
PROFILE_TARGETS = {"render": "generate", "render-site": "generate-site", "site": "site", "plain": "plain"}

Result = dict[str, Any]


# --- Running children ------------------------------------------------------------------------------------


def snapshot(work: Path) -> tuple[Path, str]:
    """Copy the project's code, templates, pages and configuration into ``work``; return the copy and its digest.

    Stages import ``generator`` from this copy (it comes first on PYTHONPATH), so
    edits made to the project while a benchmark runs cannot mix two versions into one result.
    """
    target = work / "snapshot"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "results", "*.pyc")
    for name in SNAPSHOT:
        source = PROJECT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=ignore)
        elif source.is_file():
            shutil.copy2(source, target / name)
    digest = hashlib.sha256()
    for path in sorted(p for p in target.rglob("*") if p.is_file()):
        digest.update(path.relative_to(target).as_posix().encode() + b"\0" + path.read_bytes())
    return target, digest.hexdigest()


def spawn(command: Sequence[str], log: Path, root: Path) -> tuple[int, float, float, int]:
    """Run ``command`` in ``root`` (a project snapshot), importing the project from there.

    Returns its exit code, wall seconds, CPU seconds (user + system) and peak RSS in KiB, of that process alone.
    """
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0", "PYTHONPATH": str(root)}
    with log.open("w", encoding="utf-8") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, cwd=root, env=env)
        # wait4 gives this child's own rusage, where RUSAGE_CHILDREN would mix every child so far.
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def run_stage(stage: str, corpus: Path, work: Path, root: Path, profile: Path | None = None) -> Result:
    """Run one stage in a fresh process and return its result, with the parent's view of wall time and memory."""
    result_file = work / f"{stage}.result.json"
    log = work / f"{stage}.log"
    result_file.unlink(missing_ok=True)
    if stage == "check":
        factsheet = Path(sys.executable).with_name("factsheet")
        code, wall, cpu, rss = spawn([str(factsheet), "--content", str(corpus), "check"], log, root)
        result: Result = {
            "stage": "check",
            "seconds": {"seconds": wall},
            "cpu_seconds": {"seconds": cpu},
            "output": log.read_text(encoding="utf-8").strip()[-500:],
        }
    else:
        command = [sys.executable, "-m", "benchmarks.stages", stage, "--corpus", str(corpus), "--work", str(work)]
        command += ["--result", str(result_file)] + (["--profile", str(profile)] if profile else [])
        code, wall, cpu, rss = spawn(command, log, root)
        result = json.loads(result_file.read_text(encoding="utf-8")) if code == 0 else {}
        if result and not Path(result["generator_path"]).is_relative_to(root):
            raise RuntimeError(f"stage {stage} imported {result['generator_path']}, not the snapshot in {root}")
    if code != 0:
        raise RuntimeError(f"stage {stage} failed with exit code {code}; its output:\n{log.read_text(encoding='utf-8')[-4000:]}")
    return {**result, "wall_seconds": wall, "process_cpu_seconds": cpu, "peak_rss_kib": rss}


def ensure_corpus(work: Path, n: int, seed: int, entities: int, series: bool, root: Path) -> tuple[Path, Result]:
    """The corpus for ``n`` sheets under ``work``, generated unless an identical one is already there.

    The rating scale comes from the snapshot ``root``.
    """
    folder = work / f"corpus-{n}-seed{seed}-e{entities}{'-series' if series else ''}"
    stamp = folder.with_suffix(".json")
    # The generator's and the rating scale's modification times: a change to either makes a new corpus.
    ratings = root / "content" / "ratings.yml"
    sources = [Path(corpus_mod.__file__), ratings]
    wanted = {"n": n, "seed": seed, "entities": entities, "series": series, "sources": [_sha(p) for p in sources]}
    if stamp.is_file() and folder.is_dir():
        saved = json.loads(stamp.read_text(encoding="utf-8"))
        if saved.get("params") == wanted:
            return folder, saved["stats"]
    start = time.perf_counter()
    stats = corpus_mod.generate(folder, n, seed=seed, entities=entities, series=series, ratings=ratings, force=True)
    info = {**asdict(stats), "generation_seconds": time.perf_counter() - start}
    stamp.write_text(json.dumps({"params": wanted, "stats": info}, indent=2) + "\n", encoding="utf-8")
    return folder, info


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- Summaries -------------------------------------------------------------------------------------------


def medians(runs: list[Result]) -> Result:
    """The median of every timing and memory figure over ``runs``."""
    keys = runs[0]["seconds"].keys()
    summary: Result = {
        "seconds": {k: statistics.median(r["seconds"][k] for r in runs) for k in keys},
        "cpu_seconds": {k: statistics.median(r["cpu_seconds"][k] for r in runs) for k in keys},
        "spread_seconds": {k: [min(r["seconds"][k] for r in runs), max(r["seconds"][k] for r in runs)] for k in keys},
        "wall_seconds": statistics.median(r["wall_seconds"] for r in runs),
        "process_cpu_seconds": statistics.median(r["process_cpu_seconds"] for r in runs),
        "peak_rss_kib": statistics.median(r["peak_rss_kib"] for r in runs),
    }
    if "baseline_maxrss_kib" in runs[0]:
        # Above what the interpreter and the imports already held.
        summary["stage_rss_kib"] = statistics.median(r["peak_rss_kib"] - r["baseline_maxrss_kib"] for r in runs)
    return summary


def derive(stages: dict[str, Result]) -> Result:
    """The ratios the table shows, on wall-clock medians and on CPU medians."""
    out: Result = {}
    for clock in ("seconds", "cpu_seconds"):
        median = {
            name: stage["median"][clock]["seconds"] for name, stage in stages.items() if "seconds" in stage["median"][clock]
        }
        suffix = "" if clock == "seconds" else "_cpu"
        if median.get("generate") and median.get("floor"):
            out[f"generator_over_floor{suffix}"] = median["generate"] / median["floor"]
        if median.get("site") and median.get("plain"):
            out[f"site_over_plain{suffix}"] = median["site"] / median["plain"]
            out[f"site_minus_plain{suffix}"] = median["site"] - median["plain"]
    return out


def machine() -> Result:
    """The machine, Python and package versions, and the project's git state."""
    cpu = _field("/proc/cpuinfo", "model name")
    mem_kib = _field("/proc/meminfo", "MemTotal").removesuffix(" kB")
    mem = f"{int(mem_kib) / 2**20:.1f} GiB" if mem_kib.isdigit() else mem_kib
    versions: dict[str, str | None] = {}
    for name in PACKAGES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = None
    import yaml

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "memory": mem,
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "python_implementation": platform.python_implementation(),
        "libyaml": bool(getattr(yaml, "__with_libyaml__", False)),
        "packages": versions,
        "git": _git(),
        "load_average_start": os.getloadavg(),
    }


def _field(path: str, name: str) -> str:
    """The value of the first ``name: value`` line of a /proc file, or "" where there is none."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return ""
    return next((line.split(":", 1)[1].strip() for line in lines if line.startswith(name)), "")


def _git() -> Result:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=PROJECT, capture_output=True, text=True, check=False)
        return done.stdout.strip()

    return {"commit": git("rev-parse", "HEAD"), "dirty_files": len(git("status", "--porcelain").splitlines())}


def _mib(kib: float | None) -> str:
    return "" if kib is None else f"{kib / 1024:,.0f}"


def _kb(value: int) -> str:
    return f"{value / 1000:,.0f} kB"


def markdown(report: Result) -> str:
    """The results as Markdown tables, for docs/benchmarks.md."""
    rows = report["results"]
    sizes = sorted(rows, key=int)

    def cell(n: str, stage: str, key: str = "seconds") -> str:
        """Median wall seconds, with median CPU seconds in brackets."""
        found = rows[n]["stages"].get(stage)
        if not found or key not in found["median"]["seconds"]:
            return ""
        return f"{found['median']['seconds'][key]:,.2f} ({found['median']['cpu_seconds'][key]:,.2f})"

    def ratio(n: str, key: str) -> str:
        wall, cpu = rows[n]["derived"].get(key), rows[n]["derived"].get(f"{key}_cpu")
        return "" if wall is None else f"{wall:.1f}× ({cpu:.1f}×)"

    repeats = ", ".join(f"{r} at {int(n):,} sheets" for n, r in report["config"]["repeats_by_n"].items())
    lines = [
        f"Seconds: median wall clock, with median CPU time in brackets (of every process the stage ran: Pagefind, "
        f"and the second process that halves the work on two cores); runs per stage: {repeats}; each in a fresh process.",
        "",
        "| Sheets | Pages | YAML floor | `render_pages` | × floor | `build_site` | plain `mkdocs build` | × plain "
        "| `factsheet check` |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n in sizes:
        pages = rows[n]["stages"].get("generate", {}).get("runs", [{}])[0].get("pages", 0)
        lines.append(
            f"| {int(n):,} | {pages:,} | {cell(n, 'floor')} | {cell(n, 'generate')} | {ratio(n, 'generator_over_floor')} "
            f"| {cell(n, 'site')} | {cell(n, 'plain')} | {ratio(n, 'site_over_plain')} | {cell(n, 'check')} |"
        )
    lines += [
        "",
        "Where `render_pages` spends its time; `render_pages` as the MkDocs plugin calls it, with the site's URL "
        "(ClaimReview data in every sheet's front matter, and the feed); and the same call repeated in one process: "
        "once cold, again with nothing changed (and then the time to read every page it hands over), "
        "again after one sidecar changed (with the render cache).",
        "",
        "| Sheets | load | validate | render | `render_pages` with site | `render_pages` cold | unchanged | reading it "
        "| one changed | `build_site` cold | unchanged | one changed |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n in sizes:
        cells = [cell(n, "breakdown", k) for k in ("load", "validate", "render")] + [cell(n, "generate-site")]
        cells += [cell(n, "rebuild-render", k) for k in ("cold", "unchanged", "unchanged_read", "one_changed")]
        cells += [cell(n, "rebuild-site", k) for k in ("cold", "unchanged", "one_changed")]
        lines.append(f"| {int(n):,} | " + " | ".join(cells) + " |")
    lines += ["", "Search payload before the first result (Pagefind, at worst: the largest index chunk and fragment).", ""]
    lines += [
        "| Sheets | HTML pages | Site size | Search bundle | Chunks "
        "| Every page: UI | gzip | First query | gzip | Total | gzip |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n in sizes:
        site = rows[n]["stages"].get("site", {}).get("runs", [{}])[0]
        search = site.get("search")
        if not search:
            continue
        lines.append(
            f"| {int(n):,} | {site['html_pages']:,} | {site['site_bytes'] / 1e6:,.1f} MB "
            f"| {search['bundle_bytes'] / 1e6:,.1f} MB "
            f"| {search['chunks']:,} | {_kb(search['page_load']['raw'])} | {_kb(search['page_load']['gzip'])} "
            f"| {_kb(search['first_query']['raw'])} | {_kb(search['first_query']['gzip'])} "
            f"| {_kb(search['total']['raw'])} | {_kb(search['total']['gzip'])} |"
        )
    lines += [
        "",
        "Peak resident memory of each stage, MiB (median): of its largest process, Linux's ru_maxrss; "
        "the second process of a halved task is forked and shares most of its memory with the first.",
        "",
    ]
    memory_stages = ("floor", "generate", "site", "plain", "rebuild-site", "check")
    shown = [s for s in memory_stages if any(s in rows[n]["stages"] for n in sizes)]
    lines += ["| Sheets | " + " | ".join(shown) + " |", "|---:|" + "---:|" * len(shown)]
    for n in sizes:
        cells = [_mib(rows[n]["stages"][s]["median"]["peak_rss_kib"]) if s in rows[n]["stages"] else "" for s in shown]
        lines.append(f"| {int(n):,} | " + " | ".join(cells) + " |")
    lines += ["", "Corpora (seeded, `benchmarks/corpus.py`).", ""]
    lines += [
        "| Sheets | Entities | Figures | Claims | Quotes | Sources | Relations | .yml | .txt |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n in sizes:
        c = rows[n]["corpus"]
        lines.append(
            f"| {c['sheets']:,} | {c['entities']:,} | {c['figures']:,} | {c['claims']:,} | {c['quotes']:,} "
            f"| {c['sources']:,} | {c['relations']:,} | {c['yml_bytes'] / 1e6:,.1f} MB | {c['txt_bytes'] / 1e6:,.1f} MB |"
        )
    m = report["machine"]
    load = ", ".join(f"{x:.2f}" for x in m["load_average_start"])
    lines += [
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory']} RAM, {m['platform']}; Python {m['python']}; "
        + ", ".join(f"{k} {v}" for k, v in m["packages"].items() if v)
        + f". Load average at start: {load}. Project commit {m['git']['commit'][:12]}"
        f" with {m['git']['dirty_files']} uncommitted files. Command: `{report['command']}`.",
    ]
    return "\n".join(lines) + "\n"


# --- Profiles ---------------------------------------------------------------------------------------------


def profile_table(path: Path, total: float, top: int) -> str:
    """The ``top`` functions by cumulative time in a cProfile dump, as Markdown, with the share of ``total``."""
    stats = pstats.Stats(str(path))
    entries = [(key, value) for key, value in stats.stats.items() if "cProfile" not in key[0]]  # type: ignore[attr-defined]
    entries.sort(key=lambda item: item[1][3], reverse=True)
    lines = ["| Function | Calls | Own s | Cumulative s | % of stage |", "|---|---:|---:|---:|---:|"]
    for (file, line, func), (_cc, calls, own, cumulative, _callers) in entries[:top]:
        where = _short(file)
        name = f"{where}:{line}({func})" if line else func
        lines.append(f"| `{name}` | {calls:,} | {own:.2f} | {cumulative:.2f} | {100 * cumulative / total:.0f}% |")
    by_own = sorted(entries, key=lambda item: item[1][2], reverse=True)[:top]
    lines += ["", "| Function (by own time) | Calls | Own s | % of stage |", "|---|---:|---:|---:|"]
    for (file, line, func), (_cc, calls, own, _cumulative, _callers) in by_own:
        name = f"{_short(file)}:{line}({func})" if line else func
        lines.append(f"| `{name}` | {calls:,} | {own:.2f} | {100 * own / total:.0f}% |")
    return "\n".join(lines) + "\n"


def _short(file: str) -> str:
    if "/snapshot/" in file:
        return file.split("/snapshot/", 1)[1]
    for marker in ("site-packages/", "lib/python3."):
        if marker in file:
            return file.split(marker, 1)[1].split("/", 1)[-1] if marker.startswith("lib") else file.split(marker, 1)[1]
    try:
        return Path(file).relative_to(PROJECT).as_posix()
    except ValueError:
        return file


# --- Command line -----------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark (or one profile) and print the Markdown tables."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, nargs="+", required=True, help="corpus sizes, e.g. 100 1000 10000")
    parser.add_argument("--repeats", type=int, help="runs per stage (default: 5 up to 100 sheets, 3 up to 1,000, else 1)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--entities", type=int, default=300, help="size of the shared registry (default: 300)")
    parser.add_argument("--series", action="store_true", help="corpora whose figures name series (benchmarks.corpus --series)")
    parser.add_argument("--stages", nargs="+", choices=ORDER, default=list(ORDER), help="stages to run (default: all)")
    parser.add_argument("--work", type=Path, help="scratch folder; corpora there are reused (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder (corpora, last site) afterwards")
    parser.add_argument("--out", type=Path, help="JSON results file (default: benchmarks/results/<date>.json)")
    parser.add_argument("--markdown", type=Path, help="also write the Markdown tables here")
    parser.add_argument("--profile", choices=sorted(PROFILE_TARGETS), help="profile one stage once instead of benchmarking")
    parser.add_argument("--top", type=int, default=25, help="functions listed by --profile (default: 25)")
    args = parser.parse_args(argv)

    work = args.work or Path(tempfile.mkdtemp(prefix="factsheet-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    python = os.path.relpath(sys.executable, PROJECT) if sys.executable.startswith(f"{PROJECT}/") else sys.executable
    command = shlex.join([python, "-m", "benchmarks.run", *argv])
    out = args.out or RESULTS / f"{dt.date.today().isoformat()}.json"
    try:
        root, digest = snapshot(work)
        if args.profile:
            for n in args.n:
                profile(args, n, work, root)
            return 0
        report = benchmark(args, work, root, command, digest, out)
    finally:
        if not args.keep and args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    table = markdown(report)
    if args.markdown:
        args.markdown.write_text(table, encoding="utf-8")
    print(table)
    print(f"wrote {out}", file=sys.stderr)
    return 0


def profile(args: argparse.Namespace, n: int, work: Path, root: Path) -> None:
    """Run one stage once under cProfile at ``n`` sheets and print its top functions."""
    folder, _stats = ensure_corpus(work, n, args.seed, args.entities, args.series, root)
    stage = PROFILE_TARGETS[args.profile]
    scratch = work / f"n{n}"
    scratch.mkdir(exist_ok=True)
    if stage == "plain":
        run_stage("prepare", folder, scratch, root)
    prof = scratch / f"{stage}.prof"
    result = run_stage(stage, folder, scratch, root, profile=prof)
    total = result["seconds"]["seconds"]
    print(f"## Profile of `{stage}` at N={n:,}: {total:.2f} s under cProfile ({prof})\n")
    print(profile_table(prof, total, args.top))


def benchmark(args: argparse.Namespace, work: Path, root: Path, command: str, digest: str, out: Path) -> Result:
    """Every stage at every N, interleaved across repeats; the whole report, saved to ``out`` after each N."""
    report: Result = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "command": command,
        "machine": machine(),
        "config": {
            "seed": args.seed,
            "entities": args.entities,
            "series": args.series,
            "stages": args.stages,
            "repeats_by_n": {},
            "work": str(work),
            "snapshot_sha256": digest,
        },
        "results": {},
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    for n in args.n:
        repeats = args.repeats or (5 if n <= 100 else 3 if n <= 1000 else 1)
        report["config"]["repeats_by_n"][str(n)] = repeats
        folder, stats = ensure_corpus(work, n, args.seed, args.entities, args.series, root)
        scratch = work / f"n{n}"
        scratch.mkdir(exist_ok=True)
        stages = [s for s in ORDER if s in args.stages]
        runs: dict[str, list[Result]] = {s: [] for s in stages}
        if "plain" in stages:
            run_stage("prepare", folder, scratch, root)
        for repeat in range(repeats):
            for stage in stages:
                print(f"N={n:,} run {repeat + 1}/{repeats}: {stage}…", file=sys.stderr, flush=True)
                runs[stage].append(run_stage(stage, folder, scratch, root))
        results = {s: {"runs": r, "median": medians(r)} for s, r in runs.items()}
        report["results"][str(n)] = {"corpus": stats, "stages": results, "derived": derive(results)}
        report["machine"]["load_average_end"] = os.getloadavg()
        out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return report


if __name__ == "__main__":
    sys.exit(main())
