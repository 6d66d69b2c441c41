"""The same content built by each site engine, in strict mode, into the same site.

ProperDocs answers ``mkdocs`` imports with its own modules for the whole
process, so every ProperDocs build here runs ``factsheet site`` in a process
of its own; the MkDocs builds do too, to be built the same way.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from mkdocs.utils.yaml import yaml_load

from conftest import HOSTILE, REAL_SLUG, ROOT, content_area, copy_project, factsheet_site, hostile_content, search_fragments

pytestmark = pytest.mark.e2e

ENGINES = ("mkdocs", "properdocs")
#: Each engine names itself in this tag, and nowhere else in the site.
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def built(project: Path, site: Path, engine: str) -> Path:
    result = factsheet_site(project, site, engine)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"built {site}\n"
    return site


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The real project, and a copy of it whose content is the hostile corpus's many inert sheets."""
    tmp = tmp_path_factory.mktemp("hostile-project")
    return {"real": ROOT, "hostile": copy_project(tmp, hostile_content(tmp / "content"))}


@pytest.fixture(scope="module")
def sites(projects: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """(project, engine) → its site."""
    return {
        (name, engine): built(project, tmp_path_factory.mktemp(f"{name}-{engine}") / "site", engine)
        for name, project in projects.items()
        for engine in ENGINES
    }


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("project", ["real", "hostile"])
def test_both_engines_build_the_same_pages(sites: dict[tuple[str, str], Path], project: str) -> None:
    mkdocs, properdocs = files(sites[project, "mkdocs"]), files(sites[project, "properdocs"])
    assert sorted(mkdocs) == sorted(properdocs)
    sheets = [p for p in mkdocs if p.startswith("sheets/20") and p.endswith("/index.html")]
    if project == "real":
        assert sheets == [f"sheets/{REAL_SLUG}/index.html"]
    else:
        assert len(sheets) == len(list((HOSTILE / "inert").glob("*.yml")))


@pytest.mark.parametrize("project", ["real", "hostile"])
def test_every_sheet_reads_the_same_on_both_engines(sites: dict[tuple[str, str], Path], project: str) -> None:
    mkdocs, properdocs = files(sites[project, "mkdocs"]), files(sites[project, "properdocs"])
    pages = [p for p in mkdocs if p.endswith(".html")]
    sheets = [p for p in pages if p.startswith("sheets/") and p != "sheets/index.html"]
    assert sheets
    for path in sheets:
        mine, theirs = (
            content_area(BeautifulSoup(tree[path], "html.parser")).get_text(" ", strip=True) for tree in (mkdocs, properdocs)
        )
        assert mine == theirs, path
    # Beyond the text, the pages differ only where each engine names itself.
    differ = [p for p in pages if GENERATOR.sub(b"", mkdocs[p]) != GENERATOR.sub(b"", properdocs[p])]
    assert differ == []
    assert b"ProperDocs" in properdocs["index.html"] and b"ProperDocs" not in mkdocs["index.html"]


@pytest.mark.parametrize("project", ["real", "hostile"])
def test_both_engines_index_the_same_records_for_search(sites: dict[tuple[str, str], Path], project: str) -> None:
    mkdocs, properdocs = search_fragments(sites[project, "mkdocs"]), search_fragments(sites[project, "properdocs"])
    assert mkdocs == properdocs
    assert any(url.startswith("/sheets/") for url in properdocs)


@pytest.mark.parametrize(("engine", "name"), [("mkdocs", "MkDocs"), ("properdocs", "ProperDocs")])
def test_a_strict_build_fails_on_a_warning_and_keeps_the_old_site(tmp_path: Path, engine: str, name: str) -> None:
    project = copy_project(tmp_path, ROOT / "content")
    site = built(project, tmp_path / "site", engine)
    old = files(site)
    (project / "pages" / "methodology.md").write_text("See [the missing page](missing.md).\n", encoding="utf-8")
    result = factsheet_site(project, site, engine)
    assert result.returncode == 1
    assert result.stderr == (
        f"{project / 'mkdocs.yml'}: {name} could not build the site:\n"
        "WARNING: Doc file 'methodology.md' contains a link 'missing.md', but the target is not found among "
        "documentation files.\n"
        "Aborted with 1 warnings in strict mode!\n"
        "The previous site, if any, is left as it was.\n"
    )
    assert files(site) == old


def test_properdocs_refuses_a_process_that_has_loaded_mkdocs() -> None:
    script = "import mkdocs.plugins; from generator import sites; sites.adapter('properdocs')"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=False)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        "generator.errors.SiteBuildFailed: the site engine properdocs cannot be loaded: ProperDocs cannot build "
        "in a process that has loaded MkDocs; run `factsheet site --engine properdocs` on its own"
    )


def test_an_unknown_engine_is_refused_by_the_command_line(tmp_path: Path) -> None:
    result = factsheet_site(ROOT, tmp_path / "site", "hugo")
    assert result.returncode == 2
    assert "factsheet site: error: argument --engine: invalid choice: 'hugo'" in result.stderr


def test_under_properdocs_a_warning_from_a_plugin_logging_as_mkdocs_counts_in_strict_mode() -> None:
    # Material and other plugins written for MkDocs log as mkdocs.*; ProperDocs counts warnings under properdocs.
    script = (
        "import logging; from generator.sites import properdocs;"
        "seen = []; handler = logging.Handler(); handler.emit = seen.append;"
        "logging.getLogger('properdocs').addHandler(handler);"
        "logging.getLogger('mkdocs.material.tags').warning('before');"
        "ctx = properdocs._legacy_loggers(); ctx.__enter__();"
        "logging.getLogger('mkdocs.material.tags').warning('during');"
        "ctx.__exit__(None, None, None);"
        "logging.getLogger('mkdocs.material.tags').warning('after');"
        "print([r.getMessage() for r in seen])"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout == "['during']\n"


def plain_build(project: Path, tmp: Path) -> Path:
    """``factsheet build --out`` of ``project``'s content, with its pages/, built by a plain ``mkdocs build --strict``.

    No factsheet plugin takes part: the tree the pipeline writes is a complete site source for any engine.
    """
    tree, site = tmp / "tree", tmp / "site"
    command = [sys.executable, "-m", "generator.cli", "--content", str(project / "content"), "build", "--out", str(tree)]
    command += ["--templates", str(project / "templates"), "--site-url", "http://127.0.0.1:8000/"]
    command += ["--publishing-principles", "methodology.md", "--corrections-policy", "corrections-policy.md"]
    subprocess.run(command, check=True, capture_output=True, text=True)
    for page in (project / "pages").rglob("*"):
        if page.is_file():
            target = tree / page.relative_to(project / "pages")
            assert not target.exists(), target
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(page, target)
    config = yaml_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = [p for p in config["plugins"] if not (isinstance(p, dict) and "factsheet" in p)]
    config["docs_dir"], config["site_dir"] = str(tree), str(site)
    config["theme"]["custom_dir"] = str(project / "overrides")
    config["site_url"] = "http://127.0.0.1:8000/"
    (tmp / "plain.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(tmp / "plain.yml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return site


@pytest.mark.parametrize("project", ["real", "hostile"])
def test_the_markdown_tree_builds_into_the_same_site_without_the_plugin(
    sites: dict[tuple[str, str], Path], projects: dict[str, Path], project: str, tmp_path: Path
) -> None:
    plugin, plain = files(sites[project, "mkdocs"]), files(plain_build(projects[project], tmp_path))
    # What only the plugin adds, after the engine: the search index, which Pagefind builds from the HTML, and the
    # CMS's page (when npm has installed the CMS).
    added = ("pagefind/", "admin/")
    pages = sorted(p for p in plugin if p.endswith(".html") and not p.startswith(added))
    assert [p for p in plugin if not p.startswith(added) and p not in plain] == []
    assert pages == sorted(p for p in plain if p.endswith(".html"))
    reviewed = 0
    for path in pages:
        if path.startswith("sheets/") and path != "sheets/index.html":
            soups = [BeautifulSoup(t[path], "html.parser") for t in (plugin, plain)]
            mine, theirs = (content_area(soup).get_text(" ", strip=True) for soup in soups)
            assert mine == theirs, path
            reviews = [[json.loads(s.string) for s in soup.select("script[type='application/ld+json']")] for soup in soups]
            assert reviews[0] == reviews[1], path
            reviewed += bool(reviews[0])
    assert reviewed, "the ClaimReview data is compared on at least one sheet"
