"""Each sheet's "last updated" date: from its update notes, else from the git history of its sidecar, never the build time."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from conftest import CONTENT, REAL_SLUG, TEMPLATES
from generator import history, pipeline

SIDECAR = f"articles/{REAL_SLUG}.yml"


def commit(repo: Path, when: str, message: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": f"{when}T12:00:00+00:00", "GIT_COMMITTER_DATE": f"{when}T12:00:00+00:00"}
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    subprocess.run(["git", "commit", "-qm", message], cwd=repo, check=True, env=env)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository holding a copy of the real content, committed on 1 March 2024 and edited on 2 May 2024."""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "config", "user.email", "editor@example.org"], cwd=tmp_path, check=True)
    subprocess.run(["git", "config", "user.name", "Editor"], cwd=tmp_path, check=True)
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    commit(tmp_path, "2024-03-01", "Add the sheet")
    sidecar = content / SIDECAR
    sidecar.write_text(sidecar.read_text(encoding="utf-8").replace("tags: [russia,", "tags: [europe, russia,"), encoding="utf-8")
    commit(tmp_path, "2024-05-02", "Tag it")
    (content / "entities.yml").write_text((content / "entities.yml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    commit(tmp_path, "2024-06-03", "Touch the registry only")
    return content


def test_commit_dates_give_first_and_last_commit_of_each_file(repo: Path) -> None:
    dates = history.commit_dates(repo / "articles")
    assert dates[f"{REAL_SLUG}.yml"] == (date(2024, 3, 1), date(2024, 5, 2))
    assert dates[f"{REAL_SLUG}.txt"] == (date(2024, 3, 1), date(2024, 3, 1))


def test_the_sheet_shows_its_last_commit_when_it_has_no_updates(repo: Path) -> None:
    sheet = pipeline.check(repo).sheets[0]
    assert (sheet.first_published, sheet.last_updated) == (date(2024, 3, 1), (date(2024, 5, 2), "history"))
    page = pipeline.render_pages(repo, [TEMPLATES])[f"sheets/{REAL_SLUG}.md"]
    assert "\nFact sheet last updated: 2 May 2024.\n" in page


def test_an_update_note_gives_the_date_even_when_later_commits_exist(repo: Path) -> None:
    sidecar = repo / SIDECAR
    text = sidecar.read_text(encoding="utf-8").replace(
        "updates: []", "updates:\n  - {date: 2024-04-10, kind: correction, note: Corrected the tags.}"
    )
    sidecar.write_text(text, encoding="utf-8")
    commit(repo.parent, "2024-07-04", "Correct")
    assert pipeline.check(repo).sheets[0].last_updated == (date(2024, 4, 10), "updates")
    page = pipeline.render_pages(repo, [TEMPLATES])[f"sheets/{REAL_SLUG}.md"]
    assert "\nFact sheet last updated: 10 April 2024 (see [Updates](#updates)).\n" in page


def test_outside_git_the_date_is_unknown_and_not_shown(tmp_path: Path) -> None:
    content = shutil.copytree(CONTENT, tmp_path / "content")
    sheet = pipeline.check(content).sheets[0]
    assert (sheet.committed, sheet.last_updated, sheet.first_published) == (None, None, date(2022, 2, 15))
    assert "last updated" not in pipeline.render_pages(content, [TEMPLATES])[f"sheets/{REAL_SLUG}.md"]


def test_uncommitted_sidecars_have_no_commit_dates(repo: Path) -> None:
    shutil.copy(repo / SIDECAR, repo / "articles" / "2024-08-01-new-sheet.yml")
    assert "2024-08-01-new-sheet.yml" not in history.commit_dates(repo / "articles")
