"""The benchmark's synthetic corpora stay valid and reproducible (nothing here is timed; see docs/benchmarks.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.corpus import generate
from generator import pipeline


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("series", [False, True], ids=["plain", "series"])
def test_a_generated_corpus_passes_check_and_is_seeded(tmp_path: Path, series: bool) -> None:
    stats = generate(tmp_path / "a", 30, seed=7, series=series)
    corpus = pipeline.check(tmp_path / "a")
    assert len(corpus.sheets) == stats.sheets == 30
    assert bool(corpus.series) == series
    generate(tmp_path / "b", 30, seed=7, series=series)
    assert files(tmp_path / "a") == files(tmp_path / "b")
    generate(tmp_path / "c", 30, seed=8, series=series)
    assert files(tmp_path / "c") != files(tmp_path / "a")
