"""The shared cache: many slots, least recently used first out, and nothing evicted while another run holds it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import CONTENT, REAL_SLUG, TEMPLATES, copy_project
from generator import cache, eviction, pipeline, sites
from generator.errors import FactsheetError, SiteBuildFailed
from generator.render.syndicate import Site

SITE = Site("https://example.org/", "Factsheet", "Factsheet")
SHEET = f"sheets/{REAL_SLUG}.md"
HOUR_NS = 3600 * 10**9


def age(folder: Path, hours: int) -> None:
    """Make every file in the cache look last used ``hours`` ago."""
    then = time.time_ns() - hours * HOUR_NS
    for file in folder.rglob("*"):
        if file.is_file() and file.name != eviction.LOCK:
            os.utime(file, ns=(then, then))


def edit(content: Path, words: str) -> None:
    sidecar = content / "articles" / f"{REAL_SLUG}.yml"
    text = sidecar.read_text(encoding="utf-8")
    sidecar.write_text(text.replace("de-escalation\n", f"de-escalation, {words}\n", 1), encoding="utf-8")


def kept_pages(folder: Path) -> set[str]:
    return {file.name for file in (folder / "pages").iterdir()}


def test_two_content_folders_and_two_versions_of_one_each_keep_their_pages(tmp_path: Path, renders: list[int]) -> None:
    folder = tmp_path / "cache"
    one, two = shutil.copytree(CONTENT, tmp_path / "one"), shutil.copytree(CONTENT, tmp_path / "two")
    pipeline.render_pages(one, [TEMPLATES], SITE, folder)
    assert pipeline.render_pages(two, [TEMPLATES], SITE, folder) == pipeline.render_pages(one, [TEMPLATES], SITE, folder)
    assert len(renders) == 1, "a second checkout of the same content finds the first one's pages"
    edit(two, "on a branch")
    assert "on a branch" in pipeline.render_pages(two, [TEMPLATES], SITE, folder)[SHEET]
    assert "on a branch" not in pipeline.render_pages(one, [TEMPLATES], SITE, folder)[SHEET]
    assert "on a branch" in pipeline.render_pages(two, [TEMPLATES], SITE, folder)[SHEET]
    assert len(renders) == 2, "neither checkout evicted the other's pages"
    edit(two, "back")
    (two / "articles" / f"{REAL_SLUG}.yml").write_text(
        (one / "articles" / f"{REAL_SLUG}.yml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    pipeline.render_pages(two, [TEMPLATES], SITE, folder)
    assert len(renders) == 2, "going back to the first version finds its pages"


def test_the_least_recently_used_go_first_and_only_down_to_the_limit(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    (folder / "pages").mkdir(parents=True)
    now = time.time_ns()
    for n, hours in enumerate([5, 3, 4, 1]):
        file = folder / "pages" / f"{n:064x}"
        file.write_bytes(b"x" * 1000)
        os.utime(file, ns=(now - hours * HOUR_NS, now - hours * HOUR_NS))
    done = eviction.evict(folder, since_ns=now, limit=2500)
    assert done == eviction.Eviction(size=2000, files=2, removed=2)
    assert kept_pages(folder) == {f"{1:064x}", f"{3:064x}"}, "the pages last used 5 and 4 hours ago went"


def test_what_this_run_used_is_kept_over_the_limit_and_what_it_did_not_create_is_never_touched(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    (folder / "html" / "ab").mkdir(parents=True)
    (folder / "pages").mkdir()
    theirs = [folder / "pages" / "notes.md", folder / "html" / "ab" / "README", folder / "elsewhere.json"]
    for file in theirs:
        file.write_text("a file the cache did not write\n", encoding="utf-8")
    (folder / "pages" / f"{0:064x}").symlink_to(folder / "elsewhere.json")
    ours = folder / "html" / "ab" / f"{'ab' * 32}.json"
    ours.write_text("{}", encoding="utf-8")
    dead = folder / "pages" / f".{'cd' * 32}.123.tmp"
    dead.write_bytes(b"half a page")
    then = time.time_ns() - 2 * HOUR_NS
    os.utime(dead, ns=(then, then))
    done = eviction.evict(folder, since_ns=time.time_ns() - HOUR_NS, limit=0)
    assert done == eviction.Eviction(size=2, files=1, removed=1), "only a dead run's temporary file went"
    assert ours.exists() and all(file.exists() for file in theirs)
    assert (folder / "pages" / f"{0:064x}").is_symlink()


def test_an_entry_folder_that_is_a_symbolic_link_is_not_followed(tmp_path: Path) -> None:
    folder, elsewhere = tmp_path / "cache", tmp_path / "elsewhere"
    folder.mkdir()
    elsewhere.mkdir()
    theirs = elsewhere / f"{'ef' * 32}"
    theirs.write_bytes(b"named like a page, but not the cache's")
    (folder / "pages").symlink_to(elsewhere)
    (folder / "html").symlink_to(elsewhere)
    assert eviction.evict(folder, since_ns=time.time_ns() + HOUR_NS, limit=0) == eviction.Eviction(0, 0, 0)
    assert theirs.exists()


def test_an_eviction_put_off_by_another_run_is_done_by_the_next_build_even_if_it_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "work").mkdir()
    project = copy_project(tmp_path / "work", CONTENT)
    monkeypatch.setenv("FACTSHEET_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("FACTSHEET_CACHE_MAX_MB", "0")
    folder = tmp_path / "cache" / "shared"

    def html_entries() -> set[Path]:
        return set(folder.glob("html/*/*.json"))

    sites.build_site(project / "mkdocs.yml", tmp_path / "site")
    first = html_entries()
    age(folder, 2)
    other = eviction.Hold(folder)
    page = project / "pages" / "methodology.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nA line added while another run holds the cache.\n", encoding="utf-8")
    sites.build_site(project / "mkdocs.yml", tmp_path / "site")
    assert first < html_entries() and eviction.pending(folder), "nothing was removed while the other run held the cache"
    other.release()
    built = sites.build_site(project / "mkdocs.yml", tmp_path / "site")
    assert not eviction.pending(folder)
    gone = first - html_entries()
    assert len(gone) == 1, "the one entry this build did not use, the page as it was before the edit"
    assert "A line added while" in (built / "methodology" / "index.html").read_text(encoding="utf-8")


def test_a_build_that_fails_lets_go_of_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "work").mkdir()
    project = copy_project(tmp_path / "work", CONTENT)
    monkeypatch.setenv("FACTSHEET_CACHE_DIR", str(tmp_path / "cache"))
    page = project / "pages" / "methodology.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[A broken link](no-such-page.md)\n", encoding="utf-8")
    with pytest.raises(SiteBuildFailed, match=r"no-such-page\.md"):
        sites.build_site(project / "mkdocs.yml", tmp_path / "site")
    assert eviction.evict(tmp_path / "cache" / "shared", time.time_ns()) is not None, "no hold was left behind"


def test_nothing_is_evicted_while_another_run_holds_the_cache(
    tmp_path: Path, renders: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "cache"
    one, two = shutil.copytree(CONTENT, tmp_path / "one"), shutil.copytree(CONTENT, tmp_path / "two")
    first = dict(pipeline.render_pages(one, [TEMPLATES], SITE, folder))
    held = pipeline.render_pages(one, [TEMPLATES], SITE, folder)
    assert isinstance(held, cache.StoredPages), "a hit, whose pages are read later"
    age(folder, 2)
    monkeypatch.setenv("FACTSHEET_CACHE_MAX_MB", "0")
    edit(two, "meanwhile")
    pipeline.render_pages(two, [TEMPLATES], SITE, folder)
    assert eviction.evict(folder, time.time_ns()) is None
    assert dict(held) == first, "every page the first run holds could still be read"
    held.release()
    done = eviction.evict(folder, time.time_ns())
    assert done is not None and done.size == 0 and kept_pages(folder) == set()


def test_after_a_miss_the_pages_of_other_keys_are_evicted_beyond_the_limit(
    tmp_path: Path, renders: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, content = tmp_path / "cache", shutil.copytree(CONTENT, tmp_path / "content")
    pipeline.render_pages(content, [TEMPLATES], SITE, folder)
    age(folder, 2)
    monkeypatch.setenv("FACTSHEET_CACHE_MAX_MB", "0")
    edit(content, "edited")
    pages = pipeline.render_pages(content, [TEMPLATES], SITE, folder)
    [manifest] = (folder / "renders").glob("*.json")
    assert kept_pages(folder) == set(json.loads(manifest.read_text(encoding="utf-8"))["pages"].values())
    assert "edited" in pages[SHEET]
    assert pipeline.render_pages(content, [TEMPLATES], SITE, folder) == pages and len(renders) == 2


@pytest.mark.parametrize("value", ["lots", "-1", "1.5", ""])
def test_a_size_that_is_no_number_of_megabytes_is_refused(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("FACTSHEET_CACHE_MAX_MB", value)
    with pytest.raises(FactsheetError) as failure:
        cache.default_folder()
    assert str(failure.value) == (
        f"FACTSHEET_CACHE_MAX_MB: expected a whole number of megabytes, got {value!r}; set it to 0 or more, or unset it for 2048"
    )


def test_two_site_builds_at_once_on_one_cache_both_succeed_and_make_the_uncached_sites(tmp_path: Path) -> None:
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
    projects = [copy_project(tmp_path / name, CONTENT) for name in ("one", "two")]
    edit(projects[1] / "content", "on the other branch")
    env = {**os.environ, "FACTSHEET_CACHE_DIR": str(tmp_path / "cache"), "FACTSHEET_CACHE_MAX_MB": "0"}

    def start(project: Path, site: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
        command = [
            sys.executable,
            "-m",
            "generator.cli",
            "site",
            "--config",
            str(project / "mkdocs.yml"),
            "--site-dir",
            str(site),
        ]
        return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    def files(site: Path) -> dict[str, bytes]:
        return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}

    def finish(runs: list[subprocess.Popen[bytes]]) -> None:
        for run in runs:
            output, _ = run.communicate(timeout=600)
            assert run.returncode == 0, output.decode()

    for round in range(2):
        if round:
            # The second round finds every entry old, and each build writes and evicts: it would take the other's
            # entries but for the lock.
            age(tmp_path / "cache" / "shared", 2)
            for n, project in enumerate(projects):
                page = project / "pages" / "methodology.md"
                page.write_text(page.read_text(encoding="utf-8") + f"\nA line from project {n}.\n", encoding="utf-8")
        finish([start(project, tmp_path / f"site-{round}-{n}", env) for n, project in enumerate(projects)])
    off = {**env, "FACTSHEET_CACHE_DIR": "off"}
    finish([start(project, tmp_path / f"uncached-{n}", off) for n, project in enumerate(projects)])
    for n in range(2):
        assert files(tmp_path / f"site-1-{n}") == files(tmp_path / f"uncached-{n}")
