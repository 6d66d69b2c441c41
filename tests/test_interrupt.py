"""Real interruptions: SIGKILL and SIGINT at many moments leave the old output or the new one, never a mix.

Each test builds an old output, changes the content, and times one full build
of the new output from the old one, noting when its steps show in the output
folder: for ``build --out`` the pending record (writing begins) and the journal
(the commit), for ``site`` the swap. It then starts that build again and again
in a subprocess, from the old output, and signals it: at delays spread from
0.05 s to just before the first step, then (for ``build --out``) at delays
counted from the moment the pending record appears, spread over the writing,
and last as soon as the journal or the swap is seen. Counting from a step seen
in the output, not from the start, is what makes the few milliseconds between
the commit and the end reachable on a loaded machine; a few more tries are made
there if they were still missed. After every signal the output folder must hash
exactly like the old tree or the new one: at once for SIGINT, after
``publish.recover`` for a killed ``build --out``. Temporary files and trees must
be gone too. And both sides must have been reached: the old output, and at least
once the new one from a process signalled while still running; for
``build --out``, a kill that ``recover`` rolled forward and a Ctrl-C received
while the journal was there, held back until the new pages were complete (exit 130).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import CONTENT, REAL_SLUG, ROOT, TEMPLATES
from generator import publish

pytestmark = pytest.mark.e2e

FACTSHEET = str(Path(sys.executable).parent / "factsheet")
#: A fixed build date, so that two builds of the same content are byte-identical.
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
SITE_SHEETS = 10
OUT_SHEETS = 60
#: How often the output folder is looked at while a build runs.
POLL = 0.001
#: Further tries right after the commit or the swap, when the planned ones missed it.
RETRIES = 12  # signals "just after" a step can miss it on a loaded machine; each try costs under a second


def tree_hash(root: Path) -> str:
    """One hash of every folder and file path under ``root`` and every file's bytes."""
    total = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        total.update(path.relative_to(root).as_posix().encode() + b"\0")
        total.update(b"folder" if path.is_dir() else hashlib.sha256(path.read_bytes()).digest())
    return total.hexdigest()


def write_content(dest: Path, numbers: range, title_suffix: str) -> Path:
    """The real content plus one retitled copy of its sidecar and article text per number, under valid slugs."""
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(CONTENT, dest)
    sidecar = (CONTENT / "articles" / f"{REAL_SLUG}.yml").read_text(encoding="utf-8")
    head, sep, rest = sidecar.partition("\ntitle: ")
    assert sep, "the real sidecar has a top-level title"
    title, newline, tail = rest.partition("\n")
    changed = f"{head}{sep}{title}{title_suffix}{newline}{tail}"
    text = (CONTENT / "articles" / f"{REAL_SLUG}.txt").read_bytes()
    for n in numbers:
        slug = f"2022-02-15-copy-{n:03d}"
        (dest / "articles" / f"{slug}.yml").write_text(changed, encoding="utf-8")
        (dest / "articles" / f"{slug}.txt").write_bytes(text)
    return dest


def copy_site_project(dest: Path) -> Path:
    """The site project (everything mkdocs.yml needs) without its content."""
    dest.mkdir()
    for name in ("pages", "templates", "overrides"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, dest / name)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


def run(command: list[str], cwd: Path) -> None:
    """Run ``command`` to the end."""
    result = subprocess.run(command, cwd=cwd, env=ENV, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def spread(start: float, end: float, count: int) -> list[float]:
    """``count`` moments spread evenly from ``start`` to ``end``, both included."""
    return [start + i * (end - start) / (count - 1) for i in range(count)]


def restore(target: Path, saved: Path) -> None:
    shutil.rmtree(target)
    shutil.copytree(saved, target)


@dataclass(frozen=True)
class Try:
    """One interrupted build: the step the delay counts from, the delay, the exit code, whether it was signalled,
    and whether a ``build --out`` journal was there when it was (the signal then landed between commit and end)."""

    step: str
    delay: float
    code: int
    signalled: bool
    committed: bool

    def __str__(self) -> str:
        sent = "signalled" if self.signalled else "ended before the signal"
        sent += " while committed" if self.committed else ""
        return f"{self.delay:.3f}s after {self.step}: {sent}, exit {self.code}"


@dataclass
class Case:
    """An output folder holding the old tree, a saved copy of it, the hashes of both trees, and when steps showed."""

    cwd: Path
    command: list[str]
    output: Path
    saved_old: Path
    old: str
    new: str = ""
    #: Seconds from the start of a full build to the moment each step was seen, and to its "end".
    timeline: dict[str, float] = field(default_factory=dict)

    def reset(self) -> None:
        if tree_hash(self.output) != self.old:
            restore(self.output, self.saved_old)
        # A killed build leaves its temporary tree for the next build to remove; remove it here, so that a tree
        # found after the next try is that try's own (a Ctrl-C before the next build reaches the removal keeps it).
        for leftover in self.cwd.glob(".site.factsheet-*"):
            shutil.rmtree(leftover)

    def outcome(self) -> str:
        return {self.old: "old", self.new: "new"}.get(tree_hash(self.output), "a mix")

    def watch(self, step: str) -> Callable[[], bool]:
        """A test that holds once ``step`` shows in the output folder, as it is now."""
        if step == "start":
            return lambda: True
        if step == "swap":
            before = self.output.stat().st_ino

            def swapped() -> bool:
                try:
                    return self.output.stat().st_ino != before
                except FileNotFoundError:
                    return False

            return swapped
        return (self.output / {"pending": publish.PENDING, "journal": publish.JOURNAL}[step]).exists

    def timed_build(self, steps: list[str]) -> dict[str, float]:
        """From the old tree, run the build to the end; return when each of ``steps`` showed, and the "end"."""
        self.reset()
        watches = {step: self.watch(step) for step in steps}
        seen: dict[str, float] = {}
        with tempfile.TemporaryFile() as errors:
            start = time.monotonic()
            process = subprocess.Popen(self.command, cwd=self.cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=errors)
            while process.poll() is None:
                seen.update({step: time.monotonic() - start for step, test in watches.items() if step not in seen and test()})
                time.sleep(POLL)
            seen["end"] = time.monotonic() - start
            errors.seek(0)
            assert process.wait() == 0, errors.read().decode()
        assert set(steps) <= set(seen), f"every step was seen: {seen}"
        return seen

    def interrupt(self, signum: int, step: str, delay: float) -> Try:
        """From the old tree, start the build and send it ``signum`` ``delay`` seconds after ``step`` shows, unless it ended."""
        self.reset()
        shown = self.watch(step)
        process = subprocess.Popen(self.command, cwd=self.cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while process.poll() is None and not shown():
            time.sleep(POLL)
        time.sleep(delay)
        committed = (self.output / publish.JOURNAL).exists()
        signalled = process.poll() is None
        if signalled:
            process.send_signal(signum)
        return Try(step, delay, process.wait(), signalled, committed and signalled)

    def plan(self) -> Iterator[tuple[str, float]]:
        """Where to signal: spread up to the first step, then (``build --out``) over the writing, then just after the commit or swap."""
        if "swap" in self.timeline:
            yield from (("start", d) for d in spread(0.05, 0.9 * self.timeline["swap"], 4))
            last = "swap"
        else:
            yield from (("start", d) for d in spread(0.05, 0.9 * self.timeline["pending"], 3))
            yield from (("pending", d) for d in spread(0.0, self.timeline["journal"] - self.timeline["pending"], 3))
            last = "journal"
        yield last, 0.0
        for _ in range(RETRIES):
            yield last, 0.0


def setup_case(case: Case, steps: list[str]) -> Case:
    """Time a full build from the old tree, then check that a second one builds the very same tree."""
    case.timeline = case.timed_build(steps)
    case.new = tree_hash(case.output)
    assert case.new != case.old
    case.timed_build(steps)
    assert case.outcome() == "new", "two builds of the same content are identical"
    return case


@pytest.fixture(scope="module")
def site_case(tmp_path_factory: pytest.TempPathFactory) -> Case:
    project = copy_site_project(tmp_path_factory.mktemp("site") / "project")
    command = [FACTSHEET, "site", "--config", str(project / "mkdocs.yml")]
    write_content(project / "content", range(SITE_SHEETS), "")
    run(command, project)
    site = project / "site"
    saved_old = project.parent / "old-site"
    shutil.copytree(site, saved_old)
    write_content(project / "content", range(SITE_SHEETS), " (updated)")
    return setup_case(Case(project, command, site, saved_old, tree_hash(site)), ["swap"])


def leftover_trees(case: Case) -> list[str]:
    return [p.name for p in case.cwd.iterdir() if p.name.startswith(".site.factsheet-")]


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "SIGINT"])
def test_an_interrupted_site_build_leaves_the_old_site_or_the_new(site_case: Case, signum: int) -> None:
    seen = []
    for step, delay in site_case.plan():
        if step == "swap" and ("new", True) in seen:
            break
        tried = site_case.interrupt(signum, step, delay)
        outcome = site_case.outcome()
        assert outcome in ("old", "new"), f"site/ after {signum!r} {tried}"
        if signum == signal.SIGINT:
            assert tried.code in (0, 130, -signal.SIGINT), tried
            assert leftover_trees(site_case) == [], "Ctrl-C cleans up its temporary tree"
        seen.append((outcome, tried.signalled))
        print(f"{signal.Signals(signum).name} {tried} of {site_case.timeline['end']:.2f}s: {outcome}")
    assert ("old", True) in seen
    assert ("new", True) in seen, "a signal landed after the swap"
    run(site_case.command, site_case.cwd)
    assert tree_hash(site_case.output) == site_case.new
    assert leftover_trees(site_case) == [], "the next build removes what killed builds left"


@pytest.fixture(scope="module")
def out_case(tmp_path_factory: pytest.TempPathFactory) -> Case:
    tmp = tmp_path_factory.mktemp("out")
    command = [FACTSHEET, "--content", str(tmp / "content"), "build", "--out", str(tmp / "out"), "--templates", str(TEMPLATES)]
    write_content(tmp / "content", range(OUT_SHEETS), "")
    run(command, tmp)
    saved_old = tmp / "old-out"
    shutil.copytree(tmp / "out", saved_old)
    # The new build rewrites most pages, adds some and deletes some.
    write_content(tmp / "content", range(OUT_SHEETS // 6, OUT_SHEETS + OUT_SHEETS // 6), " (updated)")
    return setup_case(Case(tmp, command, tmp / "out", saved_old, tree_hash(tmp / "out")), ["pending", "journal"])


def leftover_files(out: Path) -> list[str]:
    return [p.name for p in out.rglob("*") if publish.TEMP_NAME.fullmatch(p.name) or p.name in (publish.JOURNAL, publish.PENDING)]


def test_an_interrupted_build_out_leaves_the_old_pages_or_the_new(out_case: Case) -> None:
    seen = []
    for step, delay in out_case.plan():
        if step == "journal" and ("new", True, 130) in seen:
            break
        tried = out_case.interrupt(signal.SIGINT, step, delay)
        outcome = out_case.outcome()
        assert outcome in ("old", "new"), f"the output after SIGINT {tried}"
        assert tried.code in (0, 130, -signal.SIGINT), tried
        assert leftover_files(out_case.output) == []
        seen.append((outcome, tried.committed, tried.code))
        print(f"SIGINT {tried} of {out_case.timeline['end']:.2f}s: {outcome}")
    assert any(outcome == "old" and code != 0 for outcome, _committed, code in seen)
    assert ("new", True, 130) in seen, "a Ctrl-C after the commit was held back until the new pages were complete"


def test_a_killed_build_out_recovers_to_the_old_pages_or_the_new(out_case: Case) -> None:
    seen = []
    for step, delay in out_case.plan():
        if step == "journal" and "rolled-forward" in seen:
            break
        tried = out_case.interrupt(signal.SIGKILL, step, delay)
        recovery = publish.recover(out_case.output)
        outcome = out_case.outcome()
        assert outcome in ("old", "new"), f"the output after SIGKILL {tried} and recovery"
        assert recovery.problems == ()
        assert leftover_files(out_case.output) == []
        seen += [outcome, recovery.action] if tried.signalled else []
        print(f"SIGKILL {tried} of {out_case.timeline['end']:.2f}s: {recovery.action}, {outcome}")
    assert "old" in seen
    assert "rolled-forward" in seen, "a kill landed after the commit, and the next run finished its work"
