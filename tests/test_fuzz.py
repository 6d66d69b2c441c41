"""The fuzz target (tests/fuzz/target.py): every input it ever failed on is replayed, and it runs for a while in make test-slow."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CONTENT, TESTS

FUZZ = TESTS / "fuzz"
CRASHERS = sorted(p for p in (FUZZ / "crashers").glob("*") if p.name != ".gitkeep")
SECONDS = int(os.environ.get("FACTSHEET_FUZZ_SECONDS", "120"))


@pytest.fixture(scope="module")
def target():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(FUZZ))
    import target as fuzz_target

    return fuzz_target


@pytest.mark.parametrize("crasher", CRASHERS, ids=[c.name for c in CRASHERS])
def test_an_input_the_fuzzer_failed_on_now_holds_every_invariant(crasher: Path, target, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target.run(crasher.read_bytes(), tmp_path)


def test_the_real_content_holds_every_invariant(target, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # The seed, unchanged: so the invariants are checked on a corpus that validates, renders and builds.
    target.holds(shutil.copytree(CONTENT, tmp_path / "content"), tmp_path)
    assert (tmp_path / "sandbox" / "out" / "sheets" / "2022-02-15-russia-troops-ukraine-border.md").is_file()


@pytest.mark.slow
def test_the_fuzzer_runs_clean(tmp_path: Path) -> None:
    """Run atheris for FACTSHEET_FUZZ_SECONDS (120 by default); a failing input is kept in tests/fuzz/crashers/."""
    corpus = shutil.copytree(FUZZ / "seeds", tmp_path / "corpus")
    options = [f"-max_total_time={SECONDS}", "-max_len=8192", f"-artifact_prefix={FUZZ / 'crashers'}/"]
    result = subprocess.run(
        [sys.executable, str(FUZZ / "target.py"), *options, str(corpus)],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env={**os.environ, "FACTSHEET_CACHE_DIR": "off"},
    )
    assert result.returncode == 0, result.stderr[-4000:]
