"""The strict YAML loader: plain values, positions, file checks. Bad YAML is in the hostile corpus (test_hostile.py)."""

from __future__ import annotations

from pathlib import Path

from generator import load


def test_yaml_11_values_stay_text(tmp_path: Path) -> None:
    path = tmp_path / "x.yml"
    path.write_text(
        "a: NO\nb: yes\nc: on\nd: 1:30\ne: 010\nf: 1.10\ng: ~\nh: 2024-02-30\ni: 0x1F\nj: .inf\n"
        "k: null\nl:\nm: 'null'\nn: [1, 2]\n",
        encoding="utf-8",
    )
    doc, problems = load.load_yaml(path)
    assert problems == []
    assert doc is not None
    assert doc.data == {
        "a": "NO",
        "b": "yes",
        "c": "on",
        "d": "1:30",
        "e": "010",
        "f": "1.10",
        "g": "~",
        "h": "2024-02-30",
        "i": "0x1F",
        "j": ".inf",
        "k": None,
        "l": None,
        "m": "null",
        "n": ("1", "2"),
    }


def test_positions_are_recorded_for_values_and_keys(tmp_path: Path) -> None:
    path = tmp_path / "x.yml"
    path.write_text("figures:\n  - id: a\n    value: {exact: 1}\n", encoding="utf-8")
    doc, _ = load.load_yaml(path)
    assert doc is not None
    assert doc.locate(("figures", 0, "value", "exact")) == load.Position(3, 20)
    assert doc.locate(("figures", 0, "id"), key=True) == load.Position(2, 5)
    assert doc.locate(("figures", 0, "missing")) == load.Position(2, 5)


def test_symlinked_sidecar_is_rejected(tmp_path: Path) -> None:
    target = tmp_path / "real.yml"
    target.write_text("a: 1\n", encoding="utf-8")
    link = tmp_path / "link.yml"
    link.symlink_to(target)
    doc, problems = load.load_yaml(link, tmp_path)
    assert doc is None
    assert [p.format() for p in problems] == ["link.yml: is a symbolic link; commit the file itself [file-symlink]"]


def test_oversize_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "big.yml"
    path.write_text("a: " + "x" * load.MAX_FILE_BYTES + "\n", encoding="utf-8")
    doc, problems = load.load_yaml(path, tmp_path)
    assert doc is None
    assert [p.format() for p in problems] == [
        "big.yml: file is 524,292 bytes, the limit is 524,288 bytes; split or shorten it [file-too-large]"
    ]


def test_symlink_anywhere_under_content_is_reported(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    (content / "entities.yml").write_text("entities: []\n", encoding="utf-8")
    (content / "ratings.yml").write_text("ratings: []\n", encoding="utf-8")
    (content / "articles" / "etc").symlink_to("/etc")
    loaded = load.load_content(content)
    assert [p.format() for p in loaded.problems] == [
        "content/articles/etc: is a symbolic link; commit the file itself [file-symlink]"
    ]
