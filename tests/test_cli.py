"""The ``factsheet`` command line: exit codes, messages, and the committed JSON Schemas."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CONTENT, FIXTURES, REAL_SLUG, ROOT
from generator import pipeline, sites
from generator.cli import main
from generator.errors import SiteBuildFailed


def site_project(tmp: Path) -> Path:
    """A copy of the site project, to build with ``factsheet site``."""
    project = tmp / "project"
    project.mkdir()
    for name in ("pages", "templates", "overrides", "content"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    return project


def files_under(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_check_passes_on_real_content(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--content", str(CONTENT), "check"]) == 0
    assert capsys.readouterr().out == "ok: 1 sidecars, 12 entities, 5 ratings, 1 series\n"


def test_check_prints_every_error_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    shutil.copy(FIXTURES / "invalid" / "2022-02-15-unknown-entity.yml", content / "articles")
    assert main(["--content", str(content), "check"]) == 1
    err = capsys.readouterr().err
    assert err == (FIXTURES / "invalid" / "2022-02-15-unknown-entity.expected").read_text()


def test_build_writes_plain_markdown(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["--content", str(CONTENT), "build", "--out", str(out), "--templates", str(ROOT / "templates")]) == 0
    assert (out / "sheets" / f"{REAL_SLUG}.md").read_text(encoding="utf-8").startswith("---\n")
    assert capsys.readouterr().out == f"wrote 31 pages to {out}\n"
    # The manual's generated pages are the manual's (make reference), not the publication's.
    assert (out / "reference" / "ratings.md").is_file() and sorted((out / "reference").iterdir()) == [
        out / "reference" / "ratings.md"
    ]


def test_check_prints_json_for_tools(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    shutil.copy(FIXTURES / "invalid" / "2022-02-15-unknown-entity.yml", content / "articles")
    assert main(["--content", str(content), "check", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["notes"] == []
    assert report["problems"][0] == {
        "code": "unknown-entity",
        "severity": "error",
        "file": "content/articles/2022-02-15-unknown-entity.yml",
        "line": 5,
        "column": 14,
        "field": "article.publisher",
        "message": "'daily-planet' is not in the entity registry; add it to content/entities.yml, or use {unnamed: ...}",
    }


def test_build_without_a_template_folder_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["--content", str(CONTENT), "build", "--out", str(out), "--templates", str(tmp_path / "nowhere")]) == 1
    assert capsys.readouterr().err == (
        f"{tmp_path / 'nowhere'}: the template folder does not exist; give one that does [file-missing]\n1 error in 1 file.\n"
    )
    assert not out.exists()


def test_invalid_content_writes_nothing(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    shutil.copy(FIXTURES / "invalid" / "2022-02-15-wrong-type.yml", content / "articles")
    out = tmp_path / "out"
    assert main(["--content", str(content), "build", "--out", str(out), "--templates", str(ROOT / "templates")]) == 1
    assert not out.exists()


def test_usage_errors_exit_2() -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["frobnicate"])
    assert exit_info.value.code == 2


def test_installed_entry_point_runs() -> None:
    factsheet = Path(sys.executable).parent / "factsheet"
    result = subprocess.run([factsheet, "--content", CONTENT, "check"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_committed_json_schemas_are_up_to_date() -> None:
    for name, text in pipeline.schema_texts().items():
        assert (ROOT / "schema" / name).read_text(encoding="utf-8") == text, f"run 'make schema' to refresh schema/{name}"


def test_schema_command_writes_files(tmp_path: Path) -> None:
    assert main(["schema", "--dir", str(tmp_path)]) == 0
    assert json.loads((tmp_path / "sidecar.schema.json").read_text())["title"] == "Fact sheet sidecar"


@pytest.mark.e2e
def test_site_builds_and_then_replaces_the_site(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    project = site_project(tmp_path)
    assert main(["site", "--config", str(project / "mkdocs.yml")]) == 0
    site = project / "site"
    assert capsys.readouterr().out == f"built {site}\n"
    assert f"sheets/{REAL_SLUG}/index.html" in files_under(site)
    sidecar = project / "content" / "articles" / f"{REAL_SLUG}.yml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8").replace("\ntitle: ", "\ntitle: Updated, ", 1), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["site", "--config", str(project / "mkdocs.yml"), "--site-dir", "project/site"]) == 0, (
        "relative to the current folder"
    )
    assert "Updated, " in (site / "sheets" / REAL_SLUG / "index.html").read_text(encoding="utf-8")
    assert not [p for p in project.iterdir() if p.name.startswith(".site.")], "the old tree is removed"


@pytest.mark.e2e
def test_a_failed_site_build_keeps_the_old_site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = site_project(tmp_path)
    assert main(["site", "--config", str(project / "mkdocs.yml")]) == 0
    old = files_under(project / "site")
    with (project / "pages" / "methodology.md").open("a", encoding="utf-8") as page:
        page.write("\n[a broken link](nowhere.md)\n")
    capsys.readouterr()
    assert main(["site", "--config", str(project / "mkdocs.yml")]) == 1
    err = capsys.readouterr().err
    assert "MkDocs could not build the site" in err
    assert "contains a link 'nowhere.md', but the target is not found" in err
    assert "Aborted with 1 warnings in strict mode!" in err
    assert files_under(project / "site") == old
    assert not [p for p in project.iterdir() if p.name.startswith(".site.")], "the temporary tree is removed"


def test_site_validates_the_content_first(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = site_project(tmp_path)
    shutil.copy(FIXTURES / "invalid" / "2022-02-15-wrong-type.yml", project / "content" / "articles")
    assert main(["site", "--config", str(project / "mkdocs.yml")]) == 1
    assert "[wrong-type]" in capsys.readouterr().err
    assert not (project / "site").exists()
    assert not [p for p in project.iterdir() if p.name.startswith(".site.")]


def leftovers_under(root: Path) -> list[str]:
    return [p.name for p in root.rglob("*") if ".factsheet-" in p.name]


@pytest.mark.parametrize("site_dir", ["pages", "."])
def test_site_refuses_to_build_over_the_pages_or_the_project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, site_dir: str
) -> None:
    project = site_project(tmp_path)
    before = files_under(tmp_path)
    monkeypatch.chdir(project)
    assert main(["site", "--config", "mkdocs.yml", "--site-dir", site_dir]) == 1
    assert capsys.readouterr().err == (
        "mkdocs.yml: MkDocs could not build the site:\n"
        "ERROR: Config value 'site_dir': The 'docs_dir' should not be within the 'site_dir' as this can mean the source "
        "files are overwritten by the output or it will be deleted if --clean is passed to mkdocs build. "
        f"(site_dir: '{(project / site_dir).resolve()}', docs_dir: '{project / 'pages'}')\n"
        "Aborted with a configuration error!\n"
        "The previous site, if any, is left as it was.\n"
    )
    with pytest.raises(SiteBuildFailed):
        sites.build_site(Path("mkdocs.yml"), Path(site_dir))
    assert files_under(tmp_path) == before
    assert leftovers_under(tmp_path) == []


@pytest.mark.parametrize(
    ("site_dir", "message"),
    [
        ("content", "is the content folder {project}/content; building the site there would delete it"),
        ("content/articles", "is inside the content folder {project}/content; the site would be built among the sources"),
        ("templates", "is the template folder {project}/templates; building the site there would delete it"),
        ("overrides/site", "is inside the theme's custom_dir {project}/overrides; the site would be built among the sources"),
    ],
)
def test_site_refuses_to_build_over_the_sources(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], site_dir: str, message: str
) -> None:
    project = site_project(tmp_path)
    before = files_under(tmp_path)
    target = project / site_dir
    assert main(["site", "--config", str(project / "mkdocs.yml"), "--site-dir", str(target)]) == 1
    shown = message.format(project=project)
    assert capsys.readouterr().err == f"{target}: {shown}; choose another site folder [output-conflict]\n1 error in 1 file.\n"
    assert files_under(tmp_path) == before
    assert leftovers_under(tmp_path) == []


def test_site_refuses_to_replace_the_folder_of_the_configuration(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n")
    config = tmp_path / "config" / "mkdocs.yml"
    config.parent.mkdir()
    config.write_text("site_name: Elsewhere\ndocs_dir: ../docs\n")
    before = files_under(tmp_path)
    assert main(["site", "--config", str(config), "--site-dir", str(config.parent)]) == 1
    assert capsys.readouterr().err == (
        f"{config.parent}: is the folder of the configuration file, {config.parent}; building the site there would "
        "delete the project; choose another site folder [output-conflict]\n1 error in 1 file.\n"
    )
    assert files_under(tmp_path) == before


def test_site_refuses_a_symlinked_site_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = site_project(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (project / "site").symlink_to(elsewhere)
    assert main(["site", "--config", str(project / "mkdocs.yml")]) == 1
    assert "is a symbolic link; refusing to replace it" in capsys.readouterr().err
    assert list(elsewhere.iterdir()) == []


def test_ctrl_c_exits_130(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def interrupted(content: Path) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "check", interrupted)
    assert main(["--content", str(CONTENT), "check"]) == 130
    assert capsys.readouterr().err == "factsheet: interrupted\n"
