"""``factsheet diff`` (what a pull request changes in meaning) and ``check --format github``."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import CONTENT, REAL_SLUG
from generator import cli, pipeline
from generator.changes import NO_CHANGE
from generator.errors import Problem

SIDECAR = f"content/articles/{REAL_SLUG}.yml"


def git(repo: Path, *args: str) -> str:
    env = {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    result = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True, env={**env, "PATH": "/usr/bin:/bin"}
    )
    return result.stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    shutil.copytree(CONTENT, tmp_path / "content")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "base")
    git(tmp_path, "checkout", "-q", "-b", "change")
    return tmp_path


def edit(repo: Path, old: str, new: str) -> None:
    path = repo / SIDECAR
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def commit(repo: Path, message: str) -> str:
    git(repo, "commit", "-q", "-am", message)
    return git(repo, "rev-parse", "HEAD")


def test_a_rating_change_between_two_commits_shows_old_and_new_with_the_rationale(repo: Path) -> None:
    base = git(repo, "rev-parse", "HEAD")
    edit(
        repo,
        "    rating: unverified\n    rationale: |\n      Russia did not say",
        "    rating: misleading\n    rationale: |\n      Russia did not say",
    )
    commit(repo, "rate")
    summary = pipeline.diff(repo / "content", base, repo)
    assert summary.startswith("## What this change does to the fact sheets\n\n### Ratings\n\n")
    line = next(line for line in summary.splitlines() if "→" in line)
    assert line.startswith(
        f"- **Russia says some units are returning to base; NATO sees no sign of de-escalation** (`{REAL_SLUG}`): "
        "“Some Russian military units were returning to their bases after exercises near Ukraine.”: unverified → **misleading**. "
        "New rationale: “Russia did not say how many units were being withdrawn, or how far."
    )


def test_the_default_base_is_the_merge_base_with_main(repo: Path) -> None:
    edit(repo, "value: {approx: 130000}", "value: {approx: 140000}")
    summary = pipeline.diff(repo / "content", None, repo)
    assert "### Figures" in summary
    assert (
        "Russian troops built up to the north, east and south of Ukraine: about 130,000 troops → **about 140,000 troops**"
        in summary
    )


def test_formatting_only_is_no_change_in_meaning(repo: Path) -> None:
    path = repo / SIDECAR
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "tags: [russia, ukraine, nato, military]", "tags:\n  - russia\n  - ukraine\n  - nato\n  - military  # reflowed"
        ),
        encoding="utf-8",
    )
    assert pipeline.diff(repo / "content", "main", repo) == NO_CHANGE + "\n"


def test_sheets_status_quotes_and_sources(repo: Path) -> None:
    edit(repo, "status: published", "status: retracted")
    edit(repo, "One should maintain an air", "One should maintain an air")
    edit(repo, "text: If we see a withdrawal", "text: If we see a real withdrawal")
    edit(repo, "  - id: interfax-ukraine\n    kind: news-agency", "  - id: interfax\n    kind: news-agency")
    edit(repo, "    via: [interfax-ukraine]", "    via: [interfax]")
    shutil.copy(repo / SIDECAR, repo / "content" / "articles" / "2022-02-16-copy.yml")
    summary = pipeline.diff(repo / "content", "main", repo)
    assert (
        "- Added **Russia says some units are returning to base; NATO sees no sign of de-escalation** (`2022-02-16-copy`), status retracted"
        in summary
    )
    assert "status published → retracted" in summary
    assert (
        "quote edited: “If we see a withdrawal, we will believe in a de-escalation” → “If we see a real withdrawal, we will believe in a de-escalation”"
        in summary
    )
    assert "source added, `interfax`: Quoted Ukraine" in summary and "source removed, `interfax-ukraine`" in summary


def test_untrusted_text_in_the_summary_is_escaped(repo: Path) -> None:
    edit(repo, "title: Russia says", "title: <img src=x onerror=alert(1)> [x](javascript:alert(1)) Russia says")
    summary = pipeline.diff(repo / "content", "main", repo)
    assert "<img" not in summary and "](javascript" not in summary
    assert "&#60;img src=x onerror=alert(1)&#62;" in summary


def test_diff_command_prints_the_summary(repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    assert cli.main(["diff", "main"]) == 0
    assert capsys.readouterr().out == NO_CHANGE + "\n"
    assert cli.main(["diff", "no-such-revision"]) == 1
    assert capsys.readouterr().err == (
        "git ls-tree --name-only no-such-revision -- content failed: fatal: Not a valid object name no-such-revision\n"
    )


def test_check_prints_github_annotations(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    path = content / "articles" / f"{REAL_SLUG}.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("One should maintain an air", "One should keep an air"), encoding="utf-8"
    )
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert cli.main(["--content", str(content), "check"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"::error file=content/articles/{REAL_SLUG}.yml,line=102,col=11,title=quote-not-in-text::quotes[0].text: this quote is "
        "not in the article text (the sidecar has 'keep' where the text has 'maintain'); the nearest passage is "
        '“"One should maintain an air of cautious scepticism,"”; copy the words exactly; an ellipsis (…) may join two exact '
        "fragments",
        "1 error in 1 file.",
    ]
    assert cli.main(["--content", str(content), "check", "--format", "text"]) == 1
    assert capsys.readouterr().err.startswith(f"content/articles/{REAL_SLUG}.yml:102:11: quotes[0].text:")


def test_annotations_escape_what_github_would_read_as_syntax() -> None:
    problem = Problem("wrong-type", "50% done\nnext", "a,b:c.yml", 1, 2, "field")
    assert problem.github() == "::error file=a%2Cb%3Ac.yml,line=1,col=2,title=wrong-type::field: 50%25 done%0Anext"


def test_a_figure_edit_that_keeps_the_value_is_still_a_change(repo: Path) -> None:
    edit(repo, "label: Russian troops built up", "label: Russian soldiers built up")
    summary = pipeline.diff(repo / "content", "main", repo)
    assert "Russian soldiers built up to the north, east and south of Ukraine: label changed, value unchanged" in summary


def test_a_sidecar_with_an_unsafe_file_name_is_left_out_of_the_summary(repo: Path) -> None:
    shutil.copy(repo / SIDECAR, repo / "content" / "articles" / "x`![a](https:__evil).yml")
    assert pipeline.diff(repo / "content", "main", repo) == NO_CHANGE + "\n"
