"""The render cache: a hit returns the very pages a fresh render gives, and any change to an input is a miss."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import CONTENT, REAL_SLUG, TEMPLATES
from generator import cache, pipeline, render
from generator.errors import ValidationFailed
from generator.render.syndicate import Site

SITE = Site("https://example.org/", "Factsheet", "Factsheet")
SHEET = f"sheets/{REAL_SLUG}.md"


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A copy of the content and the templates, and a cache folder: (content, templates, cache)."""
    content = shutil.copytree(CONTENT, tmp_path / "content")
    templates = shutil.copytree(TEMPLATES, tmp_path / "templates")
    return content, templates, tmp_path / "cache"


def manifests(folder: Path) -> list[Path]:
    """The manifest of each key kept in the cache ``folder``."""
    return sorted((folder / "renders").glob("*.json"))


def cached(project: tuple[Path, Path, Path]) -> dict[str, str]:
    content, templates, folder = project
    return pipeline.render_pages(content, [templates], SITE, folder)


def test_a_hit_returns_exactly_what_a_fresh_render_gives(project: tuple[Path, Path, Path], renders: list[int]) -> None:
    first = cached(project)
    assert cached(project) == first == pipeline.render_pages(project[0], [project[1]], SITE)
    assert len(renders) == 2, "the second call was served from the cache; the third had no cache"


@pytest.mark.parametrize(
    ("edit", "shows"),
    [
        ("sidecar", "NATO sees no sign of de-escalation, edited"),
        ("registry", "Jens Stoltenberg, edited"),
        ("template", "Edited template line."),
        ("article text", "quote-not-in-text"),
    ],
)
def test_each_kind_of_change_is_picked_up(project: tuple[Path, Path, Path], renders: list[int], edit: str, shows: str) -> None:
    content, templates, _folder = project
    cached(project)
    sidecar = content / "articles" / f"{REAL_SLUG}.yml"
    if edit == "sidecar":
        text = sidecar.read_text(encoding="utf-8")
        sidecar.write_text(text.replace("de-escalation\n", "de-escalation, edited\n", 1), encoding="utf-8")
    elif edit == "registry":
        registry = content / "entities.yml"
        registry.write_text(
            registry.read_text(encoding="utf-8").replace("Jens Stoltenberg", "Jens Stoltenberg, edited"), encoding="utf-8"
        )
    elif edit == "template":
        page = templates / "sheet.md.j2"
        page.write_text(page.read_text(encoding="utf-8") + "\nEdited template line.\n", encoding="utf-8")
    else:
        text = content / "articles" / f"{REAL_SLUG}.txt"
        text.write_text(text.read_text(encoding="utf-8").replace("cautious scepticism", "cautious doubt"), encoding="utf-8")
        with pytest.raises(ValidationFailed) as failure:
            cached(project)
        assert shows in failure.value.report()
        return
    # Written within the same second as the digests were recorded: the racy-file rule must catch it.
    assert shows in cached(project)[SHEET]
    assert len(renders) == 2


def test_a_commit_to_the_articles_is_picked_up_because_it_changes_the_dates(
    project: tuple[Path, Path, Path], renders: list[int]
) -> None:
    content, _templates, _folder = project
    root = content.parent

    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.email=e@example.org", "-c", "user.name=E", *args], cwd=root, check=True)

    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "First")
    first = cached(project)
    git("commit", "-q", "--allow-empty", "-m", "Elsewhere in the repository")
    assert cached(project) == first and len(renders) == 1, "a commit that touches no article leaves the dates as they were"
    sidecar = content / "articles" / f"{REAL_SLUG}.yml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    git("commit", "-qam", "An article")
    cached(project)
    assert len(renders) == 2


def test_a_same_size_edit_within_the_clock_resolution_is_picked_up(project: tuple[Path, Path, Path]) -> None:
    content, _templates, _folder = project
    cached(project)
    registry = content / "entities.yml"
    before = registry.read_text(encoding="utf-8")
    registry.write_text(before.replace("Jens Stoltenberg", "Jens Stoltenbarg"), encoding="utf-8")
    assert len(registry.read_text(encoding="utf-8")) == len(before)
    assert "Jens Stoltenbarg" in cached(project)["people/jens-stoltenberg.md"]


def test_an_empty_folder_in_the_content_is_a_miss_and_fails_validation(project: tuple[Path, Path, Path]) -> None:
    content, _templates, _folder = project
    cached(project)
    (content / "articles" / "stray").mkdir()
    with pytest.raises(ValidationFailed) as failure:
        cached(project)
    assert [p.code for p in failure.value.problems] == ["file-name"]


def test_a_symbolic_link_among_the_templates_is_refused_before_the_cache_is_read(project: tuple[Path, Path, Path]) -> None:
    _content, templates, folder = project
    (templates / "linked").symlink_to(templates.parent / "content")
    with pytest.raises(ValidationFailed) as failure:
        cached(project)
    assert [p.format() for p in failure.value.problems] == [
        f"{templates / 'linked'}: is a symbolic link; commit the file itself [file-symlink]"
    ]
    assert not folder.exists()


def test_the_cache_key_refuses_a_symbolic_link_by_itself(project: tuple[Path, Path, Path]) -> None:
    # Behind the scan, the key is a second guard: an input behind a link could change unseen.
    content, templates, folder = project
    (templates / "linked").symlink_to(templates.parent / "content")
    calls: list[int] = []

    def fresh() -> dict[str, str]:
        calls.append(1)
        return {"a.md": "a"}

    cache.cached_pages(folder, content, [templates], SITE, fresh)
    cache.cached_pages(folder, content, [templates], SITE, fresh)
    assert len(calls) == 2


def test_a_change_made_while_rendering_is_not_filed_under_the_old_key(
    project: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    content, templates, folder = project
    sidecar = content / "articles" / f"{REAL_SLUG}.yml"
    original = sidecar.read_text(encoding="utf-8")
    real = render.render_pages

    def save_during(*args: object, **kwargs: object) -> dict[str, str]:
        pages = real(*args, **kwargs)  # type: ignore[arg-type]
        sidecar.write_text(original.replace("de-escalation\n", "de-escalation, saved meanwhile\n", 1), encoding="utf-8")
        return pages

    monkeypatch.setattr(render, "render_pages", save_during)
    pipeline.render_pages(content, [templates], SITE, folder)
    monkeypatch.setattr(render, "render_pages", real)
    sidecar.write_text(original, encoding="utf-8")
    assert manifests(folder) == []
    assert cached(project) == pipeline.render_pages(content, [templates], SITE)


def test_a_cache_that_cannot_be_written_only_costs_time(tmp_path: Path, renders: list[int]) -> None:
    content = shutil.copytree(CONTENT, tmp_path / "content")
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    pages = pipeline.render_pages(content, [TEMPLATES], SITE, blocked / "cache")
    assert pages == pipeline.render_pages(content, [TEMPLATES], SITE)
    assert not list(tmp_path.glob("**/*.tmp"))


def test_a_damaged_cache_is_rendered_again(project: tuple[Path, Path, Path], renders: list[int]) -> None:
    first = cached(project)
    [manifest] = manifests(project[2])
    manifest.write_text("{not json", encoding="utf-8")
    [stats] = (project[2] / "stats").iterdir()
    stats.write_text("[]", encoding="utf-8")
    assert cached(project) == first and len(renders) == 2
    manifest.write_text('["a list"]', encoding="utf-8")
    assert cached(project) == first and len(renders) == 3


def test_a_hit_reads_each_page_only_when_asked_and_a_missing_page_file_is_a_miss(
    project: tuple[Path, Path, Path], renders: list[int]
) -> None:
    first = cached(project)
    stored = cached(project)
    assert isinstance(stored, cache.StoredPages) and len(renders) == 1
    files = project[2] / "pages"
    assert {file.name for file in files.iterdir()} == set(stored.digests.values())
    (files / stored.digests[SHEET]).unlink()
    assert cached(project) == first and len(renders) == 2


def test_the_cache_lives_outside_the_project_and_can_be_turned_off(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("FACTSHEET_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.default_folder() == tmp_path / "xdg" / "factsheet" / "shared"
    assert cache.content_folder(CONTENT) == tmp_path / "xdg" / "factsheet" / cache.slot(CONTENT)
    monkeypatch.setenv("FACTSHEET_CACHE_DIR", "off")
    assert cache.default_folder() is None and cache.content_folder(CONTENT) is None
