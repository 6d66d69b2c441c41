"""Publishing: ``factsheet build --out`` writes its own files all or nothing; ``factsheet site`` swaps whole trees."""

from __future__ import annotations

import errno
import hashlib
import itertools
import json
import os
import shutil
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator import publish
from generator.errors import OutputConflict
from generator.publish import JOURNAL, MANIFEST, disk, recover, replace_tree, swap, write_pages

if sys.platform != "win32":
    import fcntl

monkeypatch_context = pytest.MonkeyPatch.context


def test_writes_pages_and_a_manifest(tmp_path: Path) -> None:
    written = write_pages({"sheets/a.md": "A\n", "index.md": "I\n"}, tmp_path)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in written) == ["index.md", "sheets/a.md"]
    assert (tmp_path / "sheets/a.md").read_text() == "A\n"
    assert (tmp_path / MANIFEST).exists()


def test_rebuild_replaces_own_files_and_removes_own_stale_ones(tmp_path: Path) -> None:
    write_pages({"a.md": "old\n", "gone.md": "bye\n"}, tmp_path)
    write_pages({"a.md": "new\n"}, tmp_path)
    assert (tmp_path / "a.md").read_text() == "new\n"
    assert not (tmp_path / "gone.md").exists()


def test_refuses_to_overwrite_a_file_it_did_not_write(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("mine\n")
    with pytest.raises(OutputConflict) as failure:
        write_pages({"a.md": "A\n", "b.md": "B\n"}, tmp_path)
    assert [p.message for p in failure.value.problems] == ["was not written by factsheet; move it away, then build again"]
    assert (tmp_path / "a.md").read_text() == "mine\n"
    assert not (tmp_path / "b.md").exists(), "nothing is written when any conflict is found"


def test_refuses_to_overwrite_or_delete_a_hand_edited_file(tmp_path: Path) -> None:
    write_pages({"a.md": "A\n", "b.md": "B\n"}, tmp_path)
    (tmp_path / "a.md").write_text("edited\n")
    (tmp_path / "b.md").write_text("edited too\n")
    with pytest.raises(OutputConflict) as failure:
        write_pages({"a.md": "A2\n"}, tmp_path)
    assert [p.message for p in failure.value.problems] == [
        "was edited since factsheet wrote it; move it away, then build again",
        "is no longer generated but was edited since factsheet wrote it; delete or move it by hand",
    ]
    assert (tmp_path / "a.md").read_text() == "edited\n"
    assert (tmp_path / "b.md").read_text() == "edited too\n"


def test_refuses_to_write_through_a_symlink(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "sheets").symlink_to(outside)
    with pytest.raises(OutputConflict):
        write_pages({"sheets/a.md": "A\n"}, out)
    assert list(outside.iterdir()) == []


def test_refuses_a_planted_symlink_at_an_output_path(tmp_path: Path) -> None:
    target = tmp_path / "victim.txt"
    target.write_text("precious\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.md").symlink_to(target)
    with pytest.raises(OutputConflict):
        write_pages({"a.md": "A\n"}, out)
    assert target.read_text() == "precious\n"


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


NOT_PLAIN = "is not a plain relative path"
OWN_NAME = "is named like factsheet's own bookkeeping files"
OTHER_TEMP = ".factsheet-" + "0123456789abcdef" * 2 + "-0.tmp"


@pytest.mark.parametrize(
    ("page", "reason"),
    [
        ("../escaped.md", NOT_PLAIN),
        ("sheets/../../escaped.md", NOT_PLAIN),
        ("ABSOLUTE", NOT_PLAIN),
        ("sheets\\a.md", NOT_PLAIN),
        ("sheets//a.md", NOT_PLAIN),
        ("./a.md", NOT_PLAIN),
        ("sheets/", NOT_PLAIN),
        ("", NOT_PLAIN),
        (MANIFEST, OWN_NAME),
        (JOURNAL, OWN_NAME),
        (publish.PENDING, OWN_NAME),
        (f"sheets/{OTHER_TEMP}", OWN_NAME),
    ],
)
def test_refuses_a_page_path_that_leaves_the_folder_or_takes_a_bookkeeping_name(tmp_path: Path, page: str, reason: str) -> None:
    page = str(tmp_path / "escaped.md") if page == "ABSOLUTE" else page
    out = tmp_path / "out"
    with pytest.raises(OutputConflict) as failure:
        write_pages({"fine.md": "fine\n", page: "escaped\n"}, out)
    assert [(p.code, p.message, p.file) for p in failure.value.problems] == [
        ("output-conflict", f"refusing to write a page: {page!r} {reason}", out.as_posix())
    ]
    assert state(tmp_path) == {}, "nothing is written, not even the output folder"


def plant_manifest(out: Path, files: dict[str, str]) -> None:
    (out / MANIFEST).write_text(json.dumps({"generator": "factsheet", "files": files}))


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("ABSOLUTE", NOT_PLAIN),
        ("../victim.txt", NOT_PLAIN),
        ("sheets/../../victim.txt", NOT_PLAIN),
        ("..\\victim.txt", NOT_PLAIN),
        ("sheets//a.md", NOT_PLAIN),
        ("", NOT_PLAIN),
        (JOURNAL, OWN_NAME),
    ],
)
def test_refuses_a_manifest_naming_a_path_outside_the_folder(tmp_path: Path, key: str, reason: str) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    out = tmp_path / "out"
    write_pages({"a.md": "A\n"}, out)
    key = str(victim) if key == "ABSOLUTE" else key
    plant_manifest(out, {"a.md": sha("A\n"), key: sha("precious\n")})
    before = state(out)
    with pytest.raises(OutputConflict) as failure:
        write_pages({"a.md": "A2\n"}, out)
    assert [(p.code, p.message, p.file) for p in failure.value.problems] == [
        (
            "output-conflict",
            f"the manifest is unreadable ({key!r} {reason}); move the folder aside and build again",
            (out / MANIFEST).as_posix(),
        )
    ]
    assert victim.read_text() == "precious\n"
    assert state(out) == before, "nothing is touched"


def test_refuses_a_manifest_whose_values_are_not_hashes(tmp_path: Path) -> None:
    write_pages({"a.md": "A\n"}, tmp_path)
    plant_manifest(tmp_path, {"a.md": "A"})
    with pytest.raises(OutputConflict) as failure:
        write_pages({"a.md": "A2\n"}, tmp_path)
    assert [p.message for p in failure.value.problems] == [
        "the manifest is unreadable ('A' is not a hash); move the folder aside and build again"
    ]
    assert (tmp_path / "a.md").read_text() == "A\n"


def test_refuses_a_symlinked_manifest(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_pages({"a.md": "A\n", "b.md": "B\n"}, out)
    elsewhere = tmp_path / "elsewhere.json"
    (out / MANIFEST).rename(elsewhere)
    (out / MANIFEST).symlink_to(elsewhere)
    before = state(tmp_path)
    with pytest.raises(OutputConflict) as failure:
        write_pages({"a.md": "A2\n"}, out)
    assert [(p.message, p.file) for p in failure.value.problems] == [
        ("the manifest is unreadable (it is a symbolic link); move the folder aside and build again", (out / MANIFEST).as_posix())
    ]
    assert state(tmp_path) == before
    assert (out / MANIFEST).is_symlink()


# --- all or nothing: the journal, recovery and Ctrl-C ------------------------------------------

OLD = {"index.md": "I1\n", "sheets/a.md": "A\n", "sheets/b.md": "B1\n", "gone/x.md": "X\n"}
NEW = {"index.md": "I2\n", "sheets/a.md": "A\n", "sheets/b.md": "B2\n", "fresh/deep/y.md": "Y\n", "sheets/c.md": "C\n"}
OTHER_TOKEN = "0123456789abcdef" * 2


class Killed(BaseException):
    """Stands for SIGKILL: raised at a chosen step, after the folder was copied as it was at that moment.

    These step-by-step tests stop between calls, when everything written so far is visible: they do not test fsync ordering.
    """


def state(root: Path) -> dict[str, bytes | None]:
    """Every folder (None) and file (its bytes) under ``root``, by relative path."""
    return {p.relative_to(root).as_posix(): (None if p.is_dir() else p.read_bytes()) for p in sorted(root.rglob("*"))}


def leftovers(root: Path) -> list[str]:
    return [
        p.name for p in root.rglob("*") if publish.TEMP_NAME.fullmatch(p.name) or p.name in (publish.JOURNAL, publish.PENDING)
    ]


#: The calls that change the output folder: a kill or Ctrl-C can land before any of them.
STEPS = [(disk, "write_new"), (disk, "fsync_dir"), (Path, "replace"), (Path, "unlink"), (Path, "mkdir")]


def instrument(monkeypatch: pytest.MonkeyPatch, on_step: Callable[[], None]) -> None:
    for owner, name in STEPS:
        original = getattr(owner, name)

        def wrapper(*args: Any, _original: Any = original, **kwargs: Any) -> Any:
            on_step()
            return _original(*args, **kwargs)

        monkeypatch.setattr(owner, name, wrapper)


@pytest.fixture
def old_and_new(tmp_path: Path) -> tuple[Path, dict[str, bytes | None], dict[str, bytes | None]]:
    """A pristine output folder holding OLD, and the states a finished OLD → NEW build starts from and ends in."""
    pristine = tmp_path / "pristine"
    write_pages(OLD, pristine)
    reference = tmp_path / "reference"
    shutil.copytree(pristine, reference)
    write_pages(NEW, reference)
    return pristine, state(pristine), state(reference)


def test_a_kill_at_any_step_recovers_to_the_old_or_the_new_pages(tmp_path: Path, old_and_new: Any) -> None:
    pristine, old, new = old_and_new
    outcomes = set()
    for step in itertools.count():
        out, killed = tmp_path / f"out-{step}", tmp_path / f"killed-{step}"
        shutil.copytree(pristine, out)
        calls = 0

        def on_step(step: int = step, out: Path = out, killed: Path = killed) -> None:
            nonlocal calls
            calls += 1
            if calls == step + 1:
                shutil.copytree(out, killed, symlinks=True)
                raise Killed

        with monkeypatch_context() as m:
            instrument(m, on_step)
            try:
                write_pages(NEW, out)
            except Killed:
                pass
            else:
                break
        had_journal = (killed / JOURNAL).exists()
        had_pending = (killed / publish.PENDING).exists()
        result = recover(killed)
        assert result.action == ("rolled-forward" if had_journal else "rolled-back" if had_pending else "clean"), step
        assert result.problems == (), step
        assert state(killed) == (new if had_journal else old), step
        outcomes.add(result.action)
        recover(out)  # the same step ending in an exception rather than a kill
        assert state(out) in (old, new), step
    assert outcomes == {"clean", "rolled-back", "rolled-forward"}
    assert step > 20, "every step of prepare, commit and apply was tried"


def test_ctrl_c_at_any_step_leaves_the_old_or_the_new_pages(tmp_path: Path, old_and_new: Any) -> None:
    pristine, old, new = old_and_new
    seen = []
    for step in itertools.count():
        out = tmp_path / f"out-{step}"
        shutil.copytree(pristine, out)
        calls = 0

        def on_step(step: int = step) -> None:
            nonlocal calls
            calls += 1
            if calls == step + 1:
                signal.raise_signal(signal.SIGINT)

        with monkeypatch_context() as m:
            instrument(m, on_step)
            if step > 100:
                pytest.fail("write_pages never finished without reaching the step")
            try:
                write_pages(NEW, out)
            except KeyboardInterrupt:
                pass
            else:
                break
        assert state(out) in (old, new), step
        assert leftovers(out) == [], step
        seen.append(state(out) == new)
    assert True in seen and False in seen, "Ctrl-C landed both before and after the commit"


def kill_when(out: Path, killed: Path, condition: Callable[[], bool]) -> None:
    """Run OLD → NEW in ``out`` and kill it at the first step where ``condition`` holds; ``killed`` keeps what was left."""

    def on_step() -> None:
        if not killed.exists() and condition():
            shutil.copytree(out, killed, symlinks=True)
            raise Killed

    with monkeypatch_context() as m:
        instrument(m, on_step)
        with pytest.raises(Killed):
            write_pages(NEW, out)


def test_recover_rolls_a_committed_journal_forward(tmp_path: Path, old_and_new: Any) -> None:
    pristine, _old, new = old_and_new
    out, killed = tmp_path / "out", tmp_path / "killed"
    shutil.copytree(pristine, out)
    kill_when(out, killed, lambda: (out / JOURNAL).exists())
    assert (killed / "sheets" / "b.md").read_text() == "B1\n", "killed right after the commit, before any rename"
    assert recover(killed) == publish.Recovery("rolled-forward")
    assert state(killed) == new
    assert recover(killed) == publish.Recovery("clean")


def test_recover_discards_an_uncommitted_run(tmp_path: Path, old_and_new: Any) -> None:
    pristine, old, _new = old_and_new
    out, killed = tmp_path / "out", tmp_path / "killed"
    shutil.copytree(pristine, out)
    kill_when(out, killed, lambda: any(p.name.endswith("-journal.tmp") for p in out.iterdir()))
    assert len(leftovers(killed)) == len(NEW) - 1 + 2, "a temporary page per change, the journal's and the pending record"
    assert recover(killed) == publish.Recovery("rolled-back")
    assert state(killed) == old


def test_recover_leaves_files_it_did_not_create(tmp_path: Path, old_and_new: Any) -> None:
    pristine, old, _new = old_and_new
    out, killed = tmp_path / "out", tmp_path / "killed"
    shutil.copytree(pristine, out)
    kill_when(out, killed, lambda: any(p.name.endswith("-journal.tmp") for p in out.iterdir()))
    assert any(publish.TEMP_NAME.fullmatch(p.name) for p in (killed / "sheets").iterdir())
    foreign = {
        f".factsheet-{OTHER_TOKEN}-0.tmp": b"someone else's\n",
        f"sheets/.factsheet-{OTHER_TOKEN}-journal.tmp": b"someone else's\n",
        ".a.md.tmp": b"an editor's backup\n",
        "notes.txt": b"mine\n",
    }
    for rel, data in foreign.items():
        (killed / rel).write_bytes(data)
    assert recover(killed) == publish.Recovery("rolled-back")
    assert state(killed) == {**old, **foreign}


def test_recover_refuses_a_journal_it_cannot_read(tmp_path: Path) -> None:
    write_pages({"a.md": "A\n"}, tmp_path)
    (tmp_path / JOURNAL).write_text('{"generator": "factsheet", "token": "nope"}\n')
    with pytest.raises(OutputConflict) as failure:
        write_pages({"a.md": "A2\n"}, tmp_path)
    assert failure.value.problems[0].file == (tmp_path / JOURNAL).as_posix()
    assert (tmp_path / "a.md").read_text() == "A\n"
    assert (tmp_path / JOURNAL).read_text() == '{"generator": "factsheet", "token": "nope"}\n'


@pytest.mark.parametrize(
    ("where", "bad", "culprit"),
    [
        ("delete", {"target": "../victim.txt", "before": "HASH"}, "../victim.txt"),
        ("replace", {"temp": f"../{OTHER_TEMP}", "target": "a.md", "before": None, "after": "HASH"}, f"../{OTHER_TEMP}"),
        ("replace", {"temp": OTHER_TEMP, "target": "../victim.txt", "before": None, "after": "HASH"}, "../victim.txt"),
        ("manifest", {"../victim.txt": "HASH"}, "../victim.txt"),
    ],
)
def test_refuses_a_journal_naming_a_path_outside_the_folder(
    tmp_path: Path, where: str, bad: dict[str, Any], culprit: str
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    out = tmp_path / "out"
    write_pages({"a.md": "A\n"}, out)
    bad = {key: sha("precious\n") if value == "HASH" else value for key, value in bad.items()}
    journal: dict[str, Any] = {"generator": "factsheet", "token": OTHER_TOKEN, "replace": [], "delete": [], "manifest": {}}
    journal[where] = bad if where == "manifest" else [bad]
    (out / JOURNAL).write_text(json.dumps(journal))
    if where == "replace":
        (out / bad["temp"]).write_text("planted\n")
    before = state(tmp_path)
    message = f"is not a journal factsheet can finish ({culprit!r} is not a plain relative path); move it away, then build again"
    for attempt in (lambda: recover(out), lambda: write_pages({"a.md": "A2\n"}, out)):
        with pytest.raises(OutputConflict) as failure:
            attempt()
        assert [(p.message, p.file) for p in failure.value.problems] == [(message, (out / JOURNAL).as_posix())]
    assert state(tmp_path) == before, "nothing is touched"


def test_refuses_a_pending_record_it_did_not_write(tmp_path: Path) -> None:
    (tmp_path / publish.PENDING).write_text("not ours\n")
    with pytest.raises(OutputConflict):
        recover(tmp_path)
    with pytest.raises(OutputConflict):
        write_pages({"a.md": "A\n"}, tmp_path)
    assert (tmp_path / publish.PENDING).read_text() == "not ours\n"
    assert not (tmp_path / "a.md").exists()


def test_rolling_forward_keeps_an_edit_made_after_the_kill(tmp_path: Path) -> None:
    write_pages({"a.md": "A\n", "b.md": "B\n", "gone.md": "bye\n"}, tmp_path)
    killed = tmp_path.parent / f"{tmp_path.name}-killed"

    def on_step() -> None:
        if not killed.exists() and (tmp_path / JOURNAL).exists():
            shutil.copytree(tmp_path, killed, symlinks=True)
            raise Killed

    with monkeypatch_context() as m:
        instrument(m, on_step)
        with pytest.raises(Killed):
            write_pages({"a.md": "A2\n", "b.md": "B2\n"}, tmp_path)
    (killed / "a.md").write_text("edited after the kill\n")
    (killed / "gone.md").write_text("also edited\n")
    recovery = recover(killed)
    assert recovery.action == "rolled-forward"
    assert [(p.message, p.file) for p in recovery.problems] == [
        ("changed while factsheet was writing; left as it is", (killed / "a.md").as_posix()),
        ("changed while factsheet was writing; left as it is", (killed / "gone.md").as_posix()),
    ]
    assert (killed / "a.md").read_text() == "edited after the kill\n"
    assert (killed / "b.md").read_text() == "B2\n"
    assert (killed / "gone.md").read_text() == "also edited\n"
    with pytest.raises(OutputConflict) as failure:
        write_pages({"a.md": "A2\n", "b.md": "B2\n"}, killed)
    assert [Path(p.file).name for p in failure.value.problems] == ["a.md", "gone.md"]


def test_a_conflict_found_after_the_commit_outlives_a_ctrl_c(tmp_path: Path) -> None:
    write_pages({"a.md": "A\n", "b.md": "B\n"}, tmp_path)

    def on_step() -> None:
        if (tmp_path / JOURNAL).exists() and (tmp_path / "a.md").read_text() == "A\n":
            (tmp_path / "a.md").write_text("edited while factsheet was writing\n")
            signal.raise_signal(signal.SIGINT)

    with monkeypatch_context() as m:
        instrument(m, on_step)
        with pytest.raises(OutputConflict) as failure:
            write_pages({"a.md": "A2\n", "b.md": "B2\n"}, tmp_path)
    assert [(p.message, p.file) for p in failure.value.problems] == [
        ("changed while factsheet was writing; left as it is", (tmp_path / "a.md").as_posix())
    ]
    assert (tmp_path / "a.md").read_text() == "edited while factsheet was writing\n"
    assert (tmp_path / "b.md").read_text() == "B2\n"
    assert leftovers(tmp_path) == []


def test_an_unchanged_build_writes_nothing(tmp_path: Path) -> None:
    write_pages(OLD, tmp_path)
    before = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*")}
    write_pages(OLD, tmp_path)
    assert {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*")} == before


# --- whole trees: the site swap ----------------------------------------------------------------


def fill_with(files: dict[str, str]) -> Callable[[Path], None]:
    def fill(folder: Path) -> None:
        for rel, text in files.items():
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / rel).write_text(text)

    return fill


def siblings(site: Path) -> list[str]:
    return sorted(p.name for p in site.parent.iterdir())


def test_replace_tree_swaps_in_the_new_tree(tmp_path: Path) -> None:
    site = tmp_path / "site"
    replace_tree(site, fill_with({"index.html": "old", "old/only.html": "x"}))
    replace_tree(site, fill_with({"index.html": "new", "new/page.html": "y"}))
    assert state(site) == {"index.html": b"new", "new": None, "new/page.html": b"y"}
    assert siblings(site) == ["site"]


def needs_exchange(tmp_path: Path) -> None:
    """Skip unless the file system under ``tmp_path`` can swap two folders with renameat2(RENAME_EXCHANGE)."""
    if sys.platform != "linux":
        pytest.skip("renameat2 is Linux only")
    a, b = tmp_path / "probe-a", tmp_path / "probe-b"
    a.mkdir()
    b.mkdir()
    try:
        if not swap._exchange(a, b):
            pytest.skip("this kernel or file system has no RENAME_EXCHANGE")
    finally:
        a.rmdir()
        b.rmdir()


def test_replace_tree_uses_renameat2_on_linux(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    needs_exchange(tmp_path)
    exchanged = []
    original = swap._exchange

    def spy(a: Path, b: Path) -> bool:
        exchanged.append(original(a, b))
        return exchanged[-1]

    monkeypatch.setattr(swap, "_exchange", spy)
    site = tmp_path / "site"
    replace_tree(site, fill_with({"index.html": "old"}))
    assert exchanged == [], "a missing folder is renamed into place"
    replace_tree(site, fill_with({"index.html": "new"}))
    assert exchanged == [True]
    assert (site / "index.html").read_text() == "new"


def test_replace_tree_falls_back_to_two_renames(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(swap, "_exchange", lambda a, b: False)
    site = tmp_path / "site"
    replace_tree(site, fill_with({"index.html": "old"}))
    replace_tree(site, fill_with({"index.html": "new"}))
    assert state(site) == {"index.html": b"new"}
    assert siblings(site) == ["site"]


def test_every_new_folder_is_fsynced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[Path] = []
    original = disk.fsync_dir

    def spy(folder: Path) -> None:
        synced.append(folder)
        original(folder)

    monkeypatch.setattr(disk, "fsync_dir", spy)
    out = tmp_path / "x" / "y"
    write_pages({"a/b/c.md": "C\n"}, out)
    assert {tmp_path, tmp_path / "x", out, out / "a", out / "a" / "b"} <= set(synced)
    synced.clear()
    site = tmp_path / "p" / "q" / "site"
    replace_tree(site, fill_with({"index.html": "new"}))
    assert {tmp_path, tmp_path / "p", site.parent} <= set(synced)


@pytest.mark.parametrize("how", ["exchange", "fallback"])
def test_the_swap_is_on_disk_before_the_old_tree_is_deleted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    if how == "exchange":
        needs_exchange(tmp_path)
    else:
        monkeypatch.setattr(swap, "_exchange", lambda a, b: False)
    site = tmp_path / "site"
    replace_tree(site, fill_with({"index.html": "old"}))
    events: list[tuple[str, Path]] = []
    exchange, fsync_dir, rename, rmtree = swap._exchange, disk.fsync_dir, Path.rename, shutil.rmtree

    def spy_exchange(a: Path, b: Path) -> bool:
        done = exchange(a, b)
        events.append(("swap", b))
        return done

    def spy_rename(self: Path, target: Any) -> Path:
        moved = rename(self, target)
        events.append(("swap", Path(target)))
        return moved

    def spy_fsync(folder: Path) -> None:
        events.append(("fsync", folder))
        fsync_dir(folder)

    def spy_rmtree(path: Any, *args: Any, **kwargs: Any) -> None:
        events.append(("delete", Path(path)))
        rmtree(path, *args, **kwargs)

    monkeypatch.setattr(swap, "_exchange", spy_exchange)
    monkeypatch.setattr(disk, "fsync_dir", spy_fsync)
    monkeypatch.setattr(Path, "rename", spy_rename)
    monkeypatch.setattr(shutil, "rmtree", spy_rmtree)
    replace_tree(site, fill_with({"index.html": "new"}))
    swapped = max(i for i, (kind, path) in enumerate(events) if kind == "swap" and path == site)
    deleted = [i for i, (kind, _path) in enumerate(events) if kind == "delete"]
    assert len(deleted) == 1, "the old tree is deleted"
    work = events[deleted[0]][1].parent
    assert work.name.startswith(".site.factsheet-")
    synced = [path for kind, path in events[swapped : deleted[0]] if kind == "fsync"]
    assert tmp_path in synced, "the folder holding the site"
    assert work in synced, "the temporary folder"
    assert (site / "index.html").read_text() == "new"


def test_a_failed_build_leaves_the_old_tree(tmp_path: Path) -> None:
    site = tmp_path / "site"
    replace_tree(site, fill_with({"index.html": "old"}))

    def fail(folder: Path) -> None:
        fill_with({"index.html": "half"})(folder)
        raise RuntimeError("the build failed")

    with pytest.raises(RuntimeError):
        replace_tree(site, fail)
    assert state(site) == {"index.html": b"old"}
    assert siblings(site) == ["site"], "the temporary tree is removed"


@pytest.mark.parametrize("kind", ["symlink", "file"])
def test_refuses_to_replace_a_symlink_or_a_file(tmp_path: Path, kind: str) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "precious.txt").write_text("keep\n")
    site = tmp_path / "site"
    if kind == "symlink":
        site.symlink_to(elsewhere)
    else:
        site.write_text("a file\n")
    called = []
    with pytest.raises(OutputConflict) as failure:
        replace_tree(site, called.append)
    assert failure.value.problems[0].code == "output-conflict"
    assert called == []
    assert (elsewhere / "precious.txt").read_text() == "keep\n"
    assert site.is_symlink() if kind == "symlink" else site.read_text() == "a file\n"
    assert siblings(site) == ["elsewhere", "site"]


def test_removes_only_its_own_abandoned_temporary_trees(tmp_path: Path) -> None:
    site = tmp_path / "site"

    def plant(name: str, owner: bytes | None) -> Path:
        work = tmp_path / name
        (work / "new" / "assets").mkdir(parents=True)
        (work / "new" / "assets" / "page.html").write_text("half a build\n")
        if owner is not None:
            (work / swap._OWNER).write_bytes(owner)
        return work

    plant(".site.factsheet-abandon1", swap._OWNER_TEXT)
    (tmp_path / ".site.factsheet-emptyone").mkdir()  # a build that has not yet written its owner file
    plant(".site.factsheet-noowner1", None)
    plant(".site.factsheet-otherown", b"someone else's\n")
    plant(".site.factsheet-toolongname", swap._OWNER_TEXT)
    plant(".other.factsheet-abandon1", swap._OWNER_TEXT)
    running = plant(".site.factsheet-running1", swap._OWNER_TEXT)
    with (running / swap._OWNER).open("rb") as lock:
        if sys.platform != "win32":
            fcntl.flock(lock, fcntl.LOCK_EX)
        replace_tree(site, fill_with({"index.html": "new"}))
    assert siblings(site) == [
        ".other.factsheet-abandon1",
        ".site.factsheet-emptyone",
        ".site.factsheet-noowner1",
        ".site.factsheet-otherown",
        ".site.factsheet-running1",
        ".site.factsheet-toolongname",
        "site",
    ]
    assert (running / "new" / "assets" / "page.html").exists()


def test_a_swap_the_system_refuses_leaves_the_old_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    replace_tree(site, fill_with({"index.html": "old"}))

    def refuse(a: Path, b: Path) -> bool:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(swap, "_exchange", refuse)
    with pytest.raises(OutputConflict, match="the previous tree is left as it was"):
        replace_tree(site, fill_with({"index.html": "new"}))
    assert state(site) == {"index.html": b"old"}
    assert siblings(site) == ["site"]


def test_the_fallback_never_deletes_an_old_tree_it_could_not_put_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    replace_tree(site, fill_with({"index.html": "old"}))
    monkeypatch.setattr(swap, "_exchange", lambda a, b: False)
    original = Path.rename

    def rename(self: Path, target: Any) -> Path:
        if Path(target) == site and self.name in ("new", "old"):
            raise OSError(errno.ENOTEMPTY, "Directory not empty")
        return original(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(OutputConflict, match="the previous tree is now") as failure:
        replace_tree(site, fill_with({"index.html": "new"}))
    kept = Path(failure.value.problems[0].message.rsplit(" ", 1)[1])
    assert (kept / "index.html").read_text() == "old"
    monkeypatch.undo()
    replace_tree(site, fill_with({"index.html": "newer"}))
    assert (kept / "index.html").read_text() == "old", "a later build leaves it alone"


def test_ctrl_c_is_not_heeded_where_sigint_is_ignored(tmp_path: Path, old_and_new: Any) -> None:
    pristine, _old, new = old_and_new
    out = tmp_path / "out"
    shutil.copytree(pristine, out)
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with monkeypatch_context() as m:
            instrument(m, lambda: signal.raise_signal(signal.SIGINT))
            write_pages(NEW, out)
    finally:
        signal.signal(signal.SIGINT, previous)
    assert state(out) == new


@pytest.mark.skipif(sys.platform == "win32", reason="no advisory locks on Windows")
def test_refuses_to_write_while_another_run_holds_the_folder(tmp_path: Path) -> None:
    write_pages({"a.md": "A\n"}, tmp_path)
    fd = os.open(tmp_path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with pytest.raises(OutputConflict, match="another factsheet run is writing into this folder"):
            write_pages({"a.md": "A2\n"}, tmp_path)
    finally:
        os.close(fd)
    assert (tmp_path / "a.md").read_text() == "A\n"
