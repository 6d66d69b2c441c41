"""Pull-request plumbing: the workflows, the pre-commit hooks and the editor schemas."""

from __future__ import annotations

import datetime
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from conftest import CONTENT, REAL_SLUG, ROOT
from generator import load

WORKFLOWS = ROOT / ".github" / "workflows"


def workflow(name: str) -> dict[str, Any]:
    # The project's own loader: PyYAML's would read the key `on` as True.
    doc, problems = load.load_yaml(WORKFLOWS / name)
    assert problems == [] and doc is not None and isinstance(doc.data, dict)
    return doc.data


def run_steps(data: dict[str, Any]) -> list[str]:
    return [step["run"] for job in data["jobs"].values() for step in job.get("steps", ()) if "run" in step]


def test_workflows_match_githubs_schema() -> None:
    files = sorted(str(p) for p in WORKFLOWS.glob("*.yml"))
    assert [Path(f).name for f in files] == ["cms-status.yml", "deploy.yml", "links.yml", "pull-request.yml"]
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pull_request_workflow_is_read_only_and_checks_builds_and_summarises() -> None:
    data = workflow("pull-request.yml")
    assert list(data["on"]) == ["pull_request"]
    assert data["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in data["jobs"].values())
    steps = run_steps(data)
    # The browser tests need Debian's chromium, so the job runs in Debian and installs it first.
    assert data["jobs"]["check"]["container"].endswith("-bookworm")
    assert "apt-get install" in steps[0] and " chromium " in steps[0]
    assert steps[1].startswith("make check")
    assert any(s.startswith("make site") for s in steps)
    assert any("factsheet diff" in s and '>> "$GITHUB_STEP_SUMMARY"' in s for s in steps)
    # Untrusted values reach scripts through env:, never pasted into the script by ${{ }}.
    assert not any("${{" in s for s in steps)
    text = (WORKFLOWS / "pull-request.yml").read_text(encoding="utf-8")
    assert "pull_request_target:" not in text


def test_links_workflow_runs_weekly_read_only_and_keeps_the_report() -> None:
    data = workflow("links.yml")
    assert set(data["on"]) == {"schedule", "workflow_dispatch"} and len(data["on"]["schedule"]) == 1
    assert data["permissions"] == {"contents": "read"}
    steps = data["jobs"]["links"]["steps"]
    check = next(s for s in steps if "make links" in s.get("run", ""))
    assert "pipefail" in check["run"] and "tee links-report.txt" in check["run"]
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["if"] == "always()" and upload["with"]["path"] == "links-report.txt"


def _git(folder: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, check=True)
    return done.stdout


def test_cms_status_workflow_writes_only_from_the_base_branch_s_code() -> None:
    data = workflow("cms-status.yml")
    assert data["on"]["pull_request"]["types"] == ("opened", "labeled", "synchronize")
    assert data["permissions"] == {"contents": "read"}
    [job] = data["jobs"].values()
    assert job["permissions"] == {"contents": "write"}
    assert "head.repo.full_name == github.repository" in job["if"] and "'cms/'" in job["if"]
    tool, branch = (s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert tool["with"] == {"ref": "${{ github.event.pull_request.base.sha }}", "path": "tool", "persist-credentials": "false"}
    assert branch["with"]["path"] == "pr"
    script = job["steps"][-1]
    assert script["working-directory"] == "pr" and "../tool/.venv/bin/factsheet cms-status" in script["run"]
    assert not any("${{" in s for s in run_steps(data))


def test_cms_status_workflow_commits_the_status_of_the_pull_request_s_column(tmp_path: Path) -> None:
    """The job's script, run as the job runs it: on a cms/ branch's checkout, with the tool beside it."""
    origin, pr, sheet = tmp_path / "origin.git", tmp_path / "pr", f"content/articles/{REAL_SLUG}.yml"
    _git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    _git(tmp_path, "clone", "-q", str(origin), str(pr))
    shutil.copytree(CONTENT, pr / "content")
    who = ("-c", "user.name=Test", "-c", "user.email=test@example.org")
    _git(pr, "add", "-A")
    _git(pr, *who, "commit", "-q", "-m", "seed")
    _git(pr, "push", "-q", "origin", "main")
    base = _git(pr, "rev-parse", "HEAD").strip()
    _git(pr, "switch", "-q", "-c", "cms/sheets/russia")
    edited = (pr / sheet).read_text(encoding="utf-8").replace("approx: 130000", "approx: 150000")
    (pr / sheet).write_text(edited, encoding="utf-8")
    _git(pr, *who, "commit", "-q", "-a", "-m", "an edit in the CMS")
    (tmp_path / "tool" / ".venv" / "bin").mkdir(parents=True)
    (tmp_path / "tool" / ".venv" / "bin" / "factsheet").symlink_to(Path(sys.executable).parent / "factsheet")
    script = workflow("cms-status.yml")["jobs"]["status"]["steps"][-1]["run"]

    def run(*labels: str) -> str:
        env = {**os.environ, "LABELS": json.dumps(labels), "BASE": base, "HEAD_REF": "cms/sheets/russia"}
        return subprocess.run(["bash", "-c", script], cwd=pr, env=env, capture_output=True, text=True, check=True).stdout

    assert run("bug") == "No single decap-cms/ label: nothing to set.\n"
    assert run("decap-cms/pending_review") == f"{sheet}: status published → review\n"
    pushed = _git(origin, "show", "cms/sheets/russia:" + sheet)
    assert pushed == edited.replace("status: published", "status: review", 1)
    assert (
        _git(origin, "log", "-1", "--format=%s", "cms/sheets/russia")
        == "Status from the CMS's column (decap-cms/pending_review)\n"
    )
    assert run("decap-cms/pending_review") == f"{sheet}: status review, kept\n"
    assert _git(origin, "rev-list", "--count", "cms/sheets/russia") == "3\n"


def test_deploy_workflow_builds_main_and_publishes_site_to_pages() -> None:
    data = workflow("deploy.yml")
    assert data["on"]["push"] == {"branches": ("main",)}
    assert data["permissions"] == {"contents": "read"}
    build, deploy = data["jobs"]["build"], data["jobs"]["deploy"]
    site = next(s for s in build["steps"] if s.get("run", "").startswith("make site"))
    # Absolute URLs for the feed and ClaimReview data, and full history for "last updated" dates.
    assert site["env"] == {"FACTSHEET_SITE_URL": "${{ steps.pages.outputs.base_url }}"}
    checkout = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == "0"
    upload = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"] == {"path": "site"}
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")


@pytest.mark.parametrize(
    ("command", "path"), [("validate-manifest", ".pre-commit-hooks.yaml"), ("validate-config", ".pre-commit-config.yaml")]
)
def test_pre_commit_files_are_valid(command: str, path: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", command, str(ROOT / path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pre_commit_hooks_run_factsheet_check_on_content() -> None:
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["entry"] == "factsheet check" and hook["files"] == "^content/"
    [repo] = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"]
    assert repo["hooks"][0]["entry"].endswith("factsheet check")


def editor_view(path: Path) -> Any:
    """The file as a YAML 1.2 editor sees it: like PyYAML's safe loader, but dates stay text."""

    def undate(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: undate(v) for k, v in value.items()}
        if isinstance(value, list):
            return [undate(v) for v in value]
        return value.isoformat() if isinstance(value, datetime.date) else value

    return undate(yaml.safe_load(path.read_text(encoding="utf-8")))


def schema(name: str) -> jsonschema.protocols.Validator:
    data = json.loads((ROOT / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(data)
    cls.check_schema(data)
    return cls(data)


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("sidecar", CONTENT / "articles" / "2022-02-15-russia-troops-ukraine-border.yml"),
        ("entities", CONTENT / "entities.yml"),
        ("ratings", CONTENT / "ratings.yml"),
    ],
)
def test_real_files_validate_against_the_exported_schema(name: str, path: Path) -> None:
    assert list(schema(name).iter_errors(editor_view(path))) == []


def test_a_wrong_field_fails_the_exported_schema() -> None:
    data = editor_view(CONTENT / "articles" / "2022-02-15-russia-troops-ukraine-border.yml")
    data["claims"][0]["ratting"] = data["claims"][0].pop("rating")
    messages = sorted(e.message for e in schema("sidecar").iter_errors(data))
    assert messages == ["'rating' is a required property", "Additional properties are not allowed ('ratting' was unexpected)"]


def test_every_yaml_file_under_content_names_its_schema_and_the_editor_settings_agree() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))["yaml.schemas"]
    assert settings == {
        "./schema/sidecar.schema.json": "content/articles/*.yml",
        "./schema/entities.schema.json": "content/entities.yml",
        "./schema/ratings.schema.json": "content/ratings.yml",
    }
    for path in CONTENT.rglob("*.yml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert target.is_file() and target.parent == (ROOT / "schema").resolve(), path
