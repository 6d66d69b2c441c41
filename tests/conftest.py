"""Shared fixtures. Paths are built from this file, never from the current directory."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
ROOT = TESTS.parent
FIXTURES = TESTS / "fixtures"
CONTENT = ROOT / "content"
TEMPLATES = ROOT / "templates"
REAL_SLUG = "2022-02-15-russia-troops-ukraine-border"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true", help="rewrite golden and expected-message files")


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


def compare_golden(path: Path, actual: str, update: bool) -> None:
    """Assert ``actual`` equals the golden file, or rewrite it with --update-goldens."""
    if update or not path.exists():
        if not update:
            pytest.fail(f"missing golden file {path}; run pytest --update-goldens and review the diff")
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8")


@pytest.fixture
def content_with(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A content folder holding the real registries plus the given sidecar files."""

    def make(*sidecars: Path) -> Path:
        content = tmp_path / "content"
        (content / "articles").mkdir(parents=True)
        for name in ("entities.yml", "ratings.yml"):
            shutil.copy(CONTENT / name, content / name)
        for sidecar in sidecars:
            shutil.copy(sidecar, content / "articles" / sidecar.name)
        return content

    return make
