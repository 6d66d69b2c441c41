"""``factsheet build --out``: writes its own files, never touches anyone else's."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import OutputConflict
from generator.publish import MANIFEST, write_pages


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
