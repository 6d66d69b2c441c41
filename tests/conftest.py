"""Shared fixtures. Paths are built from this file, never from the current directory."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

# The tests' own render cache, in a fresh folder for each run, never the developer's.
os.environ["FACTSHEET_CACHE_DIR"] = tempfile.mkdtemp(prefix="factsheet-test-cache-")

TESTS = Path(__file__).parent
ROOT = TESTS.parent
FIXTURES = TESTS / "fixtures"
HOSTILE = TESTS / "hostile"
CONTENT = ROOT / "content"
TEMPLATES = ROOT / "templates"
REAL_SLUG = "2022-02-15-russia-troops-ukraine-border"
CHART_SRC = re.compile(r"\.\./[a-z0-9]+(?:-[a-z0-9]+)*\.svg")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(os.environ["FACTSHEET_CACHE_DIR"], ignore_errors=True)


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


def assemble_content(dest: Path, sidecars: Iterable[Path], registries: Path = CONTENT) -> Path:
    """Make ``dest`` a content folder: the registries from ``registries`` plus copies of ``sidecars``."""
    (dest / "articles").mkdir(parents=True)
    for name in ("entities.yml", "ratings.yml", "series.yml"):
        if (registries / name).exists():
            shutil.copy(registries / name, dest / name)
    for sidecar in sidecars:
        shutil.copy(sidecar, dest / "articles" / sidecar.name)
    return dest


def hostile_content(dest: Path) -> Path:
    """The hostile registries and every case in tests/hostile/inert, as a content folder."""
    return assemble_content(dest, sorted((HOSTILE / "inert").glob("*.yml")), HOSTILE)


@pytest.fixture(scope="session")
def hostile_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hostile_content(tmp_path_factory.mktemp("hostile") / "content")


def require(ok: bool, reason: str) -> None:
    """Skip without ``ok``; in CI (CI=true), where .ci/run installs everything, fail instead."""
    if ok:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true, so this fails rather than skips)", pytrace=False)
    pytest.skip(reason)


def copy_project(tmp: Path, content: Path) -> Path:
    """A copy of the site project (docs, templates, overrides, mkdocs.yml) with ``content`` as its content."""
    project = tmp / "project"
    project.mkdir()
    for name in ("pages", "templates", "overrides"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(content, project / "content")
    return project


def mkdocs_build(project: Path, site: Path) -> subprocess.CompletedProcess[str]:
    """Run ``mkdocs build --strict`` on ``project`` into ``site``, as ``make site`` does."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--config-file",
            str(project / "mkdocs.yml"),
            "--site-dir",
            str(site),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def factsheet_site(project: Path, site: Path, engine: str, config: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``factsheet site --engine ENGINE`` on ``project`` (its mkdocs.yml, or ``config``) into ``site``, in a process of its own."""
    command = [sys.executable, "-m", "generator.cli", "site", "--engine", engine]
    command += ["--config", str(config or project / "mkdocs.yml"), "--site-dir", str(site)]
    env = {**os.environ, "FACTSHEET_SITE_URL": "http://127.0.0.1:8000/"}
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=project, check=False)


def search_fragments(site: Path) -> dict[str, dict[str, Any]]:
    """Pagefind's record of each indexed page, by URL: its title and text as the search results show them."""
    records = {}
    for path in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd"), path
        record = json.loads(data.removeprefix(b"pagefind_dcd"))
        records[record["url"]] = record
    return records


def page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def content_area(soup: BeautifulSoup):  # type: ignore[no-untyped-def]
    article = soup.select_one("article.md-content__inner")
    assert article is not None
    return article


def assert_loads_nothing_from_other_hosts(site: Path) -> None:
    """No page of ``site`` loads a script, stylesheet, icon or image from another host."""
    for html in site.rglob("*.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(["script", "link", "img"]):
            url = str(tag.get("src") or tag.get("href") or "")
            if tag.name == "link" and tag.get("rel") not in (["stylesheet"], ["preload"], ["icon"], ["shortcut", "icon"]):
                continue
            assert not url.startswith(("http://", "https://", "//")), (html, url)


def assert_inert(soup: BeautifulSoup) -> None:
    """No script, event handler, frame or non-http(s) link inside the content area, or in <title>."""
    area = content_area(soup)
    assert area.find_all(["script", "iframe", "object", "embed", "style", "svg"]) == []
    for image in area.find_all("img"):
        # The only images are the generated series charts, beside the page.
        assert set(image.attrs) == {"alt", "src"} and CHART_SRC.fullmatch(image["src"]), image
    for tag in area.find_all(True):
        assert not any(name.lower().startswith("on") for name in tag.attrs), tag
        for attr in ("href", "src", "action", "formaction"):
            value = tag.get(attr)
            if value is not None:
                assert urlsplit(str(value).strip()).scheme in ("", "http", "https"), tag
    assert soup.title is not None and soup.title.find_all(True) == []


@pytest.fixture
def content_with(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A content folder holding the real registries plus the given sidecar files."""

    def make(*sidecars: Path) -> Path:
        return assemble_content(tmp_path / "content", sidecars)

    return make


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the real renders, so a test can tell a hit from a miss."""
    calls: list[int] = []
    from generator import render

    real = render.render_pages

    def counted(*args: object, **kwargs: object) -> dict[str, str]:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(render, "render_pages", counted)
    return calls


@pytest.fixture
def converted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The source path of every page MkDocs really converts, so a test can tell a cached page from a converted one."""
    from mkdocs.structure.pages import Page

    calls: list[str] = []
    real = Page.render

    def counted(self: Page, config: object, files: object) -> None:
        calls.append(self.file.src_uri)
        real(self, config, files)  # type: ignore[arg-type]

    monkeypatch.setattr(Page, "render", counted)
    return calls
