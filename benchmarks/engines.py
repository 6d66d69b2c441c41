"""The same site built by each site engine, side by side: ``factsheet site --engine E`` at N sheets.

For each N it generates (or reuses) a seeded synthetic corpus
(:mod:`benchmarks.corpus`) and a copy of the project pointed at it, then
builds the site with every engine in turn, ``--repeats`` times, interleaved,
each build in a fresh process with the render cache off, so every build is a
cold one. It prints a Markdown table of median wall times, and each engine's
ratio to MkDocs, measured in the same run.

Usage::

    python -m benchmarks.engines --n 100 1000 [--repeats 3] [--work DIR]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import corpus as corpus_mod
from benchmarks.stages import make_project
from generator.sites import DEFAULT_ENGINE, ENGINES


def build_seconds(config: Path, site: Path, engine: str) -> float:
    """Wall time of one ``factsheet site --engine ENGINE`` in a fresh process, which must succeed."""
    env = {**os.environ, "FACTSHEET_CACHE_DIR": "off", "FACTSHEET_SITE_URL": "http://127.0.0.1:8000/"}
    command = [
        sys.executable,
        "-m",
        "generator.cli",
        "site",
        "--engine",
        engine,
        "--config",
        str(config),
        "--site-dir",
        str(site),
    ]
    start = time.perf_counter()
    subprocess.run(command, check=True, env=env, capture_output=True)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    """Command line: build each corpus with every engine and print the table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.engines", description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, nargs="+", required=True, help="numbers of sheets")
    parser.add_argument("--repeats", type=int, default=3, help="builds per engine and size (default: 3)")
    parser.add_argument("--work", type=Path, help="working folder (default: a temporary one)")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="factsheet-engines-"))
    others = [e for e in sorted(ENGINES) if e != DEFAULT_ENGINE]
    engines = [DEFAULT_ENGINE, *others]
    print(
        "| Sheets | "
        + " | ".join(f"`{e}` (s)" for e in engines)
        + " | "
        + " | ".join(f"{e} ÷ {DEFAULT_ENGINE}" for e in others)
        + " |"
    )
    print("|---" * (1 + len(engines) + len(others)) + "|")
    for n in args.n:
        folder = work / f"corpus-{n}"
        if not (folder / "articles").is_dir():
            corpus_mod.generate(folder, n, seed=0, series=True, force=True)
        config = make_project(work / f"project-{n}", folder, plugin=True)
        times: dict[str, list[float]] = {e: [] for e in engines}
        for _ in range(args.repeats):
            for engine in engines:
                times[engine].append(build_seconds(config, work / f"site-{n}-{engine}", engine))
        medians = {e: statistics.median(t) for e, t in times.items()}
        cells = [f"{medians[e]:.1f}" for e in engines] + [f"{medians[e] / medians[DEFAULT_ENGINE]:.2f}×" for e in others]
        print(f"| {n:,} | " + " | ".join(cells) + " |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
