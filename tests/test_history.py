"""Each sheet's dates: published when a commit first made it published, last updated by its update notes or else
its last commit on the main line, never the build time; unknown, not wrong, where the history is missing."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from conftest import CONTENT, REAL_SLUG, TEMPLATES
from generator import pipeline
from generator.load import history
from generator.load.history import Committed

SIDECAR = f"articles/{REAL_SLUG}.yml"


def git(repo: Path, *args: str, when: str | None = None) -> None:
    env = dict(os.environ)
    if when is not None:
        env |= {"GIT_AUTHOR_DATE": f"{when}T12:00:00+00:00", "GIT_COMMITTER_DATE": f"{when}T12:00:00+00:00"}
    subprocess.run(["git", *args], cwd=repo, check=True, env=env, capture_output=True)


def commit(repo: Path, when: str, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", message, when=when)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository where the real sheet is committed as a draft on 1 March 2024, published on 2 April and
    re-tagged on 2 May; the registry alone changes on 3 June."""
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "config", "user.email", "editor@example.org")
    git(tmp_path, "config", "user.name", "Editor")
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    edit(content / SIDECAR, "status: published", "status: draft")
    commit(tmp_path, "2024-03-01", "Draft the sheet")
    edit(content / SIDECAR, "status: draft", "status: published")
    commit(tmp_path, "2024-04-02", "Publish it")
    edit(content / SIDECAR, "tags: [russia,", "tags: [europe, russia,")
    commit(tmp_path, "2024-05-02", "Tag it")
    (content / "entities.yml").write_text((content / "entities.yml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    commit(tmp_path, "2024-06-03", "Touch the registry only")
    return content


def test_a_sheet_is_published_when_a_commit_publishes_it_and_updated_by_its_last_commit(repo: Path) -> None:
    dates = history.commit_dates(repo / "articles")
    assert dates[f"{REAL_SLUG}.yml"] == Committed(published=date(2024, 4, 2), changed=date(2024, 5, 2))
    assert dates[f"{REAL_SLUG}.txt"] == Committed(published=None, changed=date(2024, 3, 1))
    sheet = pipeline.check(repo).sheets[0]
    assert (sheet.first_published, sheet.last_updated) == (date(2024, 4, 2), (date(2024, 5, 2), "history"))
    page = pipeline.render_pages(repo, [TEMPLATES])[f"sheets/{REAL_SLUG}.md"]
    assert "\nFact sheet last updated: 2 May 2024 (its latest edit).\n" in page


def test_an_update_note_gives_the_date_even_when_later_commits_exist(repo: Path) -> None:
    edit(repo / SIDECAR, "updates: []", "updates:\n  - {date: 2024-04-10, kind: correction, note: Corrected the tags.}")
    commit(repo.parent, "2024-07-04", "Correct")
    assert pipeline.check(repo).sheets[0].last_updated == (date(2024, 4, 10), "updates")
    page = pipeline.render_pages(repo, [TEMPLATES])[f"sheets/{REAL_SLUG}.md"]
    assert "\nFact sheet last updated: 10 April 2024 (see [Updates](#updates)).\n" in page


def test_a_merged_sheet_is_dated_by_its_merge_not_by_its_branch(repo: Path) -> None:
    main = repo.parent
    git(main, "checkout", "-q", "-b", "new-sheet")
    shutil.copy(repo / SIDECAR, repo / "articles" / "2024-08-01-new-sheet.yml")
    commit(main, "2024-08-01", "A sheet on a branch")
    git(main, "checkout", "-q", "main")
    edit(repo / SIDECAR, "tags: [europe,", "tags: [eu,")
    commit(main, "2024-08-05", "Meanwhile on main")
    git(main, "merge", "-q", "--no-ff", "-m", "Merge the new sheet", "new-sheet", when="2024-09-09")
    dates = history.commit_dates(repo / "articles")
    assert dates["2024-08-01-new-sheet.yml"] == Committed(published=date(2024, 9, 9), changed=date(2024, 9, 9))
    assert dates[f"{REAL_SLUG}.yml"] == Committed(published=date(2024, 4, 2), changed=date(2024, 8, 5))


def test_a_shallow_clone_knows_no_dates_rather_than_wrong_ones(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    clone = tmp_path_factory.mktemp("shallow") / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.parent}", str(clone)], check=True)
    assert history.commit_dates(clone / "content" / "articles") == {}
    full = tmp_path_factory.mktemp("full") / "clone"
    subprocess.run(["git", "clone", "-q", f"file://{repo.parent}", str(full)], check=True)
    assert history.commit_dates(full / "content" / "articles") == history.commit_dates(repo / "articles")


def test_outside_git_the_dates_are_unknown_and_not_shown(tmp_path: Path) -> None:
    content = shutil.copytree(CONTENT, tmp_path / "content")
    sheet = pipeline.check(content).sheets[0]
    assert (sheet.committed, sheet.last_updated, sheet.first_published) == (None, None, date(2022, 2, 15))
    assert "last updated" not in pipeline.render_pages(content, [TEMPLATES])[f"sheets/{REAL_SLUG}.md"]


def test_uncommitted_sidecars_have_no_commit_dates(repo: Path) -> None:
    shutil.copy(repo / SIDECAR, repo / "articles" / "2024-08-01-new-sheet.yml")
    assert "2024-08-01-new-sheet.yml" not in history.commit_dates(repo / "articles")
