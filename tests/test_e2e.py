"""End to end: ``mkdocs build --strict`` of the real site and of a hostile one, then the HTML."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import FIXTURES, REAL_SLUG, ROOT

pytestmark = pytest.mark.e2e
MKDOCS = [sys.executable, "-m", "mkdocs"]


def build(project: Path, site: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [*MKDOCS, "build", "--strict", "--config-file", str(project / "mkdocs.yml"), "--site-dir", str(site)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def copy_project(tmp: Path, content: Path) -> Path:
    project = tmp / "project"
    project.mkdir()
    for name in ("docs", "templates"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(content, project / "content")
    return project


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("real") / "site"
    result = build(ROOT, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("hostile")
    project = copy_project(tmp, FIXTURES / "hostile")
    result = build(project, tmp / "site")
    assert result.returncode == 0, result.stderr
    return tmp / "site"


def page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def content_area(soup: BeautifulSoup):  # type: ignore[no-untyped-def]
    article = soup.select_one("article.md-content__inner")
    assert article is not None
    return article


def assert_inert(soup: BeautifulSoup) -> None:
    """No script, event handler, frame or non-http(s) link inside the content area, or in <title>."""
    area = content_area(soup)
    assert area.find_all(["script", "iframe", "object", "embed", "style", "img", "svg"]) == []
    for tag in area.find_all(True):
        assert not any(name.lower().startswith("on") for name in tag.attrs), tag
        for attr in ("href", "src", "action", "formaction"):
            value = tag.get(attr)
            if value is not None:
                assert urlsplit(str(value).strip()).scheme in ("", "http", "https"), tag
    assert soup.title is not None and soup.title.find_all(True) == []


def test_real_sheet_shows_figures_claims_quotes_and_sources(real_site: Path) -> None:
    soup = page(real_site, f"sheets/{REAL_SLUG}")
    text = content_area(soup).get_text(" ", strip=True)
    assert "about 130,000" in text
    assert "Some Russian military units were returning to their bases after exercises near Ukraine." in text
    assert "If we see a withdrawal, we will believe in a de-escalation" in text
    assert "per Interfax Ukraine" in text
    assert "a private US company (not named in the article)" in text
    assert "READ MORE" not in text and "More Stories" not in text
    assert len(soup.select(".fs-rating")) == 4
    assert len(soup.select("article blockquote")) == 6
    assert_inert(soup)


def test_index_lists_the_sheet(real_site: Path) -> None:
    soup = page(real_site, "sheets")
    links = [a["href"] for a in content_area(soup).select("table a")]
    assert links == [f"{REAL_SLUG}/"]


def test_search_index_contains_the_sheet(real_site: Path) -> None:
    index = json.loads((real_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    sheet_docs = [d for d in index["docs"] if d["location"].startswith(f"sheets/{REAL_SLUG}/")]
    assert sheet_docs
    assert any("Stoltenberg" in d["text"] for d in sheet_docs)


def test_site_loads_nothing_from_other_hosts(real_site: Path) -> None:
    for html in real_site.rglob("*.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(["script", "link", "img"]):
            url = str(tag.get("src") or tag.get("href") or "")
            if tag.name == "link" and tag.get("rel") not in (["stylesheet"], ["preload"], ["icon"], ["shortcut", "icon"]):
                continue
            assert not url.startswith(("http://", "https://", "//")), (html, url)


def test_hostile_sheet_is_inert_and_visibly_intact(hostile_site: Path) -> None:
    soup = page(hostile_site, "sheets/2024-01-01-hostile")
    assert_inert(soup)
    text = content_area(soup).get_text("", strip=False)
    for literal in (
        "</title><script>alert('title')</script> & <b>bold</b> {{ 7*7 }}",
        "<script>alert('org')</script> Evil & Co | Ltd",
        "[Mallory](javascript:alert(1))",
        "a | b | c",
        "1. Not a list item | ![img](x) <!--",
        "- not a list | ### not a heading",
        "{: #id .class onmouseover=alert(1) }",
        '" onmouseover="alert(1)',
        "&lt;pre-encoded&gt; &amp;",
        "[click](JaVaScRiPt:alert(1))",
        '!!! warning "admonition"',
        "**Bold**".strip("*"),
    ):
        assert literal in text, literal
    assert soup.title is not None
    assert soup.title.get_text().startswith("</title><script>alert('title')</script>")
    links = [a["href"] for a in content_area(soup).find_all("a") if not a["href"].startswith(("#", "../tags/"))]
    assert links == [
        "https://example.com/a%20path?q=%3Cx%3E&y=%22z%22%29%5D%28javascript:alert%281%29%29",
        "https://example.com/ok",
        "https://example.com/%22%3E%3Cscript%3Ealert%281%29%3C/script%3E",
    ]


def test_invalid_sidecar_fails_the_build_with_the_same_messages(tmp_path: Path) -> None:
    project = copy_project(tmp_path, ROOT / "content")
    shutil.copy(FIXTURES / "invalid" / "2022-02-15-unknown-rating.yml", project / "content" / "articles")
    result = build(project, tmp_path / "site")
    assert result.returncode == 1
    expected = (FIXTURES / "invalid" / "2022-02-15-unknown-rating.expected").read_text()
    assert expected in result.stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("path", ["sheets", "sheets/tags"])
def test_hostile_title_is_inert_on_listing_pages(hostile_site: Path, path: str) -> None:
    soup = page(hostile_site, path)
    assert_inert(soup)
    assert "</title><script>alert('title')</script> & <b>bold</b> {{ 7*7 }}" in content_area(soup).get_text("")


def test_tag_pages_link_the_sheet(real_site: Path) -> None:
    sheet = page(real_site, f"sheets/{REAL_SLUG}")
    assert [a["href"] for a in sheet.select(".md-tag")] == [
        f"../tags/#tag:{t}" for t in ("military", "nato", "russia", "ukraine")
    ]
    tags = content_area(page(real_site, "sheets/tags")).get_text(" ", strip=True)
    assert "nato" in tags and "Russia says some units are returning to base" in tags
