"""Checking in two processes: the same corpus and the same messages as checking in one, and a failing child costs nothing."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from conftest import CONTENT, FIXTURES, HOSTILE, REAL_SLUG, ROOT, TEMPLATES, assemble_content
from generator import load, pipeline, validate, workers
from generator.errors import UnsafeOutput, ValidationFailed
from generator.model import Corpus
from generator.publish import scan
from generator.render.syndicate import Site

REAL_THREADS = workers._threads


@pytest.fixture(autouse=True)
def split_anything(monkeypatch: pytest.MonkeyPatch) -> None:
    """Split even the smallest corpus, so the tests exercise the second process.

    The browser tests leave Playwright's idle executor thread behind for the
    rest of the session, and a machine may have one core; these tests fork all the same.
    """
    monkeypatch.setattr(workers, "MIN_ITEMS", 0)
    monkeypatch.setattr(workers, "_threads", lambda: 1)
    monkeypatch.setattr(workers, "_cores", lambda: 2)
    if not workers.can_split():
        pytest.skip("forks only on Linux")


def pids(items: Sequence[int]) -> list[tuple[int, int]]:
    return [(item, os.getpid()) for item in items]


def test_each_half_runs_in_its_own_process_and_the_results_come_back_in_order() -> None:
    first, second = workers.in_halves(pids, list(range(10)))
    assert [item for item, _pid in first + second] == list(range(10))
    assert {pid for _item, pid in first} == {os.getpid()}
    assert {pid for _item, pid in second} != {os.getpid()}


def test_a_half_the_child_cannot_do_is_done_again_here() -> None:
    parent = os.getpid()

    def fails_in_the_child(items: Sequence[int]) -> list[int]:
        if os.getpid() != parent:
            raise RuntimeError("child")
        return [item * 2 for item in items]

    assert workers.in_halves(fails_in_the_child, [1, 2, 3, 4]) == [[2, 4], [6, 8]]
    # A generator cannot be pickled, so the child cannot send it back.
    unpicklable = workers.in_halves(lambda items: (item for item in items), [1, 2])
    assert [item for half in unpicklable for item in half] == [1, 2]


def test_an_error_in_the_work_surfaces_here_with_its_own_type() -> None:
    def broken(items: Sequence[int]) -> None:
        raise KeyError("broken")

    with pytest.raises(KeyError, match="broken"):
        workers.in_halves(broken, [1, 2])


def test_a_process_with_other_threads_does_not_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "_threads", REAL_THREADS)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not workers.can_split()
        assert workers.in_halves(pids, [1, 2]) == [pids([1, 2])]
    finally:
        stop.set()
        thread.join()


def serial(content: Path) -> Corpus:
    return validate.validate(load.load_content(content))


def test_a_valid_corpus_checks_to_the_same_corpus_either_way(tmp_path: Path) -> None:
    real = [CONTENT / "articles" / f"{REAL_SLUG}{suffix}" for suffix in (".yml", ".txt")]
    content = assemble_content(tmp_path / "content", [*real, *sorted((FIXTURES / "series").iterdir())])
    corpus = pipeline.check(content)
    assert len(corpus.sheets) == 3
    assert corpus == serial(content)


def test_every_kind_of_mistake_is_reported_the_same_either_way(tmp_path: Path) -> None:
    sidecars = [
        *sorted((FIXTURES / "invalid").glob("*.yml")),
        *sorted((HOSTILE / "rejected").glob("*.yml")),
        CONTENT / "articles" / f"{REAL_SLUG}.yml",
        CONTENT / "articles" / f"{REAL_SLUG}.txt",
    ]
    content = assemble_content(tmp_path / "content", sidecars)
    with pytest.raises(ValidationFailed) as split:
        pipeline.check(content)
    with pytest.raises(ValidationFailed) as whole:
        serial(content)
    assert len(split.value.problems) > 100
    assert split.value.report() == whole.value.report()


def test_the_pages_rendered_in_two_processes_are_the_pages_rendered_in_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = [CONTENT / "articles" / f"{REAL_SLUG}{suffix}" for suffix in (".yml", ".txt")]
    content = assemble_content(tmp_path / "content", [*real, *sorted((FIXTURES / "series").iterdir())])
    site = Site("https://example.org/", "Factsheet", "Factsheet")
    children: list[int] = []
    real_both = workers.both

    def counted(here: Callable[[], object], there: Callable[[], object], *, size: int) -> tuple[object, object]:
        children.append(1)
        return real_both(here, there, size=size)

    monkeypatch.setattr(workers, "both", counted)
    split = pipeline.render_pages(content, [TEMPLATES], site, reviews_apart=True)
    assert children, "the charts and the open data were made in a second process"
    monkeypatch.setattr(workers, "both", lambda here, there, size: (here(), there()))
    whole = pipeline.render_pages(content, [TEMPLATES], site, reviews_apart=True)
    assert list(split.items()) == list(whole.items()), "the same pages, in the same order"


def test_the_scan_in_two_processes_finds_what_the_scan_in_one_finds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, body in [("a", "<p onclick=x>a</p>"), ("b", "fine"), ("c", "fine"), ("d", "<iframe src=x></iframe>")]:
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text(f"<article>{body}</article>\n", encoding="utf-8")
    with pytest.raises(UnsafeOutput) as split:
        scan.scan_site(tmp_path, {})
    monkeypatch.setattr(workers, "MIN_ITEMS", 100)
    with pytest.raises(UnsafeOutput) as whole:
        scan.scan_site(tmp_path, {})
    assert split.value.report() == whole.value.report()
    assert [problem.file for problem in split.value.problems] == ["a/index.html", "d/index.html"]
    (tmp_path / "a" / "index.html").unlink()
    (tmp_path / "d" / "index.html").unlink()
    monkeypatch.setattr(workers, "MIN_ITEMS", 0)
    assert len(scan.scan_site(tmp_path, {})) == 2


def alive(pid: int) -> bool:
    """Whether ``pid`` runs: not gone, and not a zombie waiting for a parent to reap it."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def test_a_child_that_runs_the_set_up_dies_when_its_parent_is_killed() -> None:
    script = (
        "import subprocess, sys, time\n"
        "from generator import workers\n"
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'], "
        "preexec_fn=workers.dies_with_this_process())\n"
        "print(child.pid, flush=True)\n"
        "time.sleep(60)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=env) as parent:
        assert parent.stdout is not None
        child = int(parent.stdout.readline())
        assert alive(child)
        parent.kill()
    deadline = time.monotonic() + 10
    while alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(child), "the child was killed with its parent"
