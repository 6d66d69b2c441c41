"""The tool's manual: its own site, built from docs/ with manual.yml in strict mode by each engine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT, assert_loads_nothing_from_other_hosts, factsheet_site

pytestmark = pytest.mark.e2e

DOCS = ROOT / "docs"


@pytest.fixture(scope="module")
def manuals(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Engine → the manual it built, with ``factsheet site --config manual.yml`` as ``make docs`` runs it."""
    built = {}
    for engine in ("mkdocs", "properdocs"):
        site = tmp_path_factory.mktemp(f"manual-{engine}") / "manual"
        result = factsheet_site(ROOT, site, engine, config=ROOT / "manual.yml")
        assert result.returncode == 0, result.stderr
        built[engine] = site
    return built


def test_the_manual_has_a_page_for_every_file_in_docs(manuals: dict[str, Path]) -> None:
    for engine, site in manuals.items():
        for page in DOCS.rglob("*.md"):
            relative = page.relative_to(DOCS).with_suffix("")
            built = site / "index.html" if relative.name == "index" else site / relative / "index.html"
            assert built.is_file(), (engine, relative)
        assert sorted(p.name for p in (site / "images").glob("*.png")) == sorted(p.name for p in (DOCS / "images").glob("*.png"))


def test_the_manual_carries_no_page_of_the_publication(manuals: dict[str, Path]) -> None:
    for site in manuals.values():
        assert not (site / "sheets").exists() and not (site / "people").exists() and not (site / "methodology").exists()


def test_the_manual_loads_nothing_from_other_hosts(manuals: dict[str, Path]) -> None:
    for site in manuals.values():
        assert_loads_nothing_from_other_hosts(site)


def test_the_manual_is_searchable_from_itself(manuals: dict[str, Path]) -> None:
    for site in manuals.values():
        index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
        titles = {doc["title"] for doc in index["docs"]}
        assert {"Error codes", "Site engines", "Field reference"} <= titles


def test_both_engines_build_the_same_manual(manuals: dict[str, Path]) -> None:
    files = [sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()) for site in manuals.values()]
    assert files[0] == files[1]
