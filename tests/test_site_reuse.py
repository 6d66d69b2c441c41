"""The site caches: MkDocs' HTML of unchanged pages is reused, and a cached build is the very site an uncached one is."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.utils.meta import get_data

from conftest import CONTENT, REAL_SLUG, copy_project
from generator import pipeline, sites
from generator.errors import SiteBuildFailed
from generator.sites.mkdocs import reuse

Build = Callable[..., dict[str, bytes]]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path, CONTENT)


@pytest.fixture
def site(tmp_path: Path, project: Path, monkeypatch: pytest.MonkeyPatch) -> Build:
    """Builds the project with its own cache folder (or none, with ``cache=False``) and returns the site's files."""
    monkeypatch.setenv("FACTSHEET_CACHE_DIR", str(tmp_path / "cache"))

    def run(cache: bool = True) -> dict[str, bytes]:
        with monkeypatch.context() as patch:
            if not cache:
                patch.setenv("FACTSHEET_CACHE_DIR", "off")
            out = sites.build_site(project / "mkdocs.yml", tmp_path / "site")
        return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}

    return run


def bodies(project: Path) -> dict[str, str]:
    """The Markdown MkDocs converts of each generated page: the page without its front matter."""
    pages = pipeline.render_pages(project / "content", [project / "templates"])
    return {path: get_data(text)[0] for path, text in pages.items() if path.endswith(".md")}


def entries(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache").rglob("html/*/*.json"))


def test_an_unchanged_site_converts_no_page_and_comes_out_byte_for_byte_the_same(
    site: Build, converted: list[str], tmp_path: Path
) -> None:
    first = site()
    pages = len(converted)
    assert pages > 20 and len(entries(tmp_path)) == pages
    assert site() == first
    assert len(converted) == pages, "the second build took every page's HTML from the cache"


def test_an_untested_mkdocs_converts_every_page_and_builds_the_same_site(
    site: Build, converted: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    first = site()
    pages = len(converted)
    monkeypatch.setattr(reuse, "engine_version", lambda: "1.7.0")
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.factsheet"):
        assert site() == first
    assert len(converted) == 2 * pages, "with an MkDocs reuse was not tested with, no page's HTML came from the cache"
    assert "factsheet: page reuse was not tested with MkDocs 1.7.0; every page is converted" in caplog.messages


def test_the_installed_mkdocs_is_one_reuse_was_tested_with() -> None:
    assert reuse.supported(), f"MkDocs {reuse.engine_version()} is installed; test reuse with it and add it to reuse.TESTED"


@pytest.mark.parametrize(
    ("edit", "page", "shows"),
    [
        ("sidecar", f"sheets/{REAL_SLUG}.md", "NATO sees no sign of de-escalation, edited"),
        ("registry", "people/jens-stoltenberg.md", "Jens Stoltenberg, edited"),
        ("template", f"sheets/{REAL_SLUG}.md", "Edited template line."),
        ("hand-written page", "methodology.md", "An edited methodology line."),
    ],
)
def test_each_kind_of_change_is_converted_again_and_the_site_is_what_an_uncached_build_makes(
    site: Build, converted: list[str], project: Path, tmp_path: Path, edit: str, page: str, shows: str
) -> None:
    site()
    before = len(converted)
    markdown = bodies(project)
    target = {
        "sidecar": project / "content" / "articles" / f"{REAL_SLUG}.yml",
        "registry": project / "content" / "entities.yml",
        "template": project / "templates" / "sheet.md.j2",
        "hand-written page": project / "pages" / "methodology.md",
    }[edit]
    text = target.read_text(encoding="utf-8")
    if edit == "sidecar":
        text = text.replace("de-escalation\n", "de-escalation, edited\n", 1)
    elif edit == "registry":
        text = text.replace("Jens Stoltenberg", "Jens Stoltenberg, edited")
    else:
        text += f"\n{shows}\n"
    original = target.read_text(encoding="utf-8")
    target.write_text(text, encoding="utf-8")
    cached = site()
    changed = {path for path, body in bodies(project).items() if markdown.get(path) != body}
    if edit == "hand-written page":
        changed.add(page)
    assert page in changed and len(changed) < before
    assert sorted(converted[before:]) == sorted(changed), "only the pages whose Markdown changed are converted again"
    html = page.removesuffix(".md") + "/index.html"
    assert shows in cached[html].decode()
    assert len(entries(tmp_path)) == before + len(changed), "the entries of the pages as they were are kept"
    assert cached == site(cache=False)
    converting = len(converted)
    target.write_text(original, encoding="utf-8")
    site()
    assert len(converted) == converting, "undoing the edit converts nothing: the pages as they were are still kept"


def test_a_damaged_entry_is_converted_again(site: Build, converted: list[str], tmp_path: Path) -> None:
    first = site()
    pages = len(converted)
    damaged = entries(tmp_path)
    for entry in damaged[:3]:
        entry.write_text('{"format": 1, "content": 7', encoding="utf-8")
    assert site() == first
    assert len(converted) == pages + 3


def test_a_page_whose_conversion_warned_is_not_kept_so_a_strict_build_still_fails(
    site: Build, project: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    docs = project / "pages" / "methodology.md"
    docs.write_text(docs.read_text(encoding="utf-8") + "\n[Broken](no-such-page.md)\n", encoding="utf-8")
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "lax"), strict=False)
    with caplog.at_level(logging.WARNING):
        build(config)
    assert "no-such-page.md" in caplog.text
    with pytest.raises(SiteBuildFailed, match=r"no-such-page\.md"):
        site()


def test_a_build_without_a_cache_folder_converts_every_page(
    site: Build, converted: list[str], tmp_path: Path, project: Path
) -> None:
    site(cache=False)
    pages = len(converted)
    site(cache=False)
    assert len(converted) == 2 * pages
    assert not (tmp_path / "cache").exists()
    assert reuse.clean_pages(tmp_path / "cache", project / "content") == set()
