"""The ``factsheet`` command line: exit codes, messages, and the committed JSON Schemas."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CONTENT, FIXTURES, REAL_SLUG, ROOT
from generator import pipeline
from generator.cli import main


def test_check_passes_on_real_content(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--content", str(CONTENT), "check"]) == 0
    assert capsys.readouterr().out == "ok: 1 sidecars, 12 entities, 5 ratings\n"


def test_check_prints_every_error_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    shutil.copy(FIXTURES / "invalid" / "2022-02-15-unknown-entity.yml", content / "articles")
    assert main(["--content", str(content), "check"]) == 1
    err = capsys.readouterr().err
    assert err == (FIXTURES / "invalid" / "2022-02-15-unknown-entity.expected").read_text()


def test_build_writes_plain_markdown(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["--content", str(CONTENT), "build", "--out", str(out), "--templates", str(ROOT / "templates")]) == 0
    assert (out / "sheets" / f"{REAL_SLUG}.md").read_text(encoding="utf-8").startswith("---\n")
    assert capsys.readouterr().out == f"wrote 6 pages to {out}\n"


def test_invalid_content_writes_nothing(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    shutil.copy(FIXTURES / "invalid" / "2022-02-15-wrong-type.yml", content / "articles")
    out = tmp_path / "out"
    assert main(["--content", str(content), "build", "--out", str(out), "--templates", str(ROOT / "templates")]) == 1
    assert not out.exists()


def test_usage_errors_exit_2() -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["frobnicate"])
    assert exit_info.value.code == 2


def test_installed_entry_point_runs() -> None:
    factsheet = Path(sys.executable).parent / "factsheet"
    result = subprocess.run([factsheet, "--content", CONTENT, "check"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_committed_json_schemas_are_up_to_date() -> None:
    for name, text in pipeline.schema_texts().items():
        assert (ROOT / "schema" / name).read_text(encoding="utf-8") == text, f"run 'make schema' to refresh schema/{name}"


def test_schema_command_writes_files(tmp_path: Path) -> None:
    assert main(["schema", "--dir", str(tmp_path)]) == 0
    assert json.loads((tmp_path / "sidecar.schema.json").read_text())["title"] == "Fact sheet sidecar"
