"""The docs and README agree with the code."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from mkdocs.utils.yaml import yaml_load

from conftest import CONTENT, ROOT
from generator import pipeline
from generator.cli import _parser
from generator.errors import CODES, ValidationFailed
from generator.render import manual_pages

DOCS = ROOT / "docs"
PAGES = ROOT / "pages"


def test_readme_opens_with_the_two_commands() -> None:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    block = lines[lines.index("```sh") + 1 : lines.index("```sh") + 3]
    assert [line.split()[:2] for line in block] == [["make", "site"], ["make", "test"]]


def test_every_cli_command_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    subparsers = next(a for a in _parser()._actions if a.dest == "command")
    for name in subparsers.choices:  # type: ignore[union-attr]
        assert f"`factsheet {name}" in readme, name


def test_every_make_target_in_the_readme_exists() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z-]+):", makefile, re.M))
    readme = (ROOT / "README.md").read_text(encoding="utf-8") + (DOCS / "contributing.md").read_text(encoding="utf-8")
    for target in set(re.findall(r"`make ([a-z-]+)`|^make ([a-z-]+)", readme, re.M)):
        name = target[0] or target[1]
        assert name in targets, name


def test_every_error_code_the_code_raises_is_documented() -> None:
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "generator").glob("*.py"))
    raised = set(re.findall(r'"((?:[a-z]+-)+[a-z]+)"', source))
    emitted = {c for c in raised if re.search(rf'(Problem|problem|PydanticCustomError|_error)\(\s*"{c}"', source)}
    assert emitted, "the pattern found no codes"
    assert emitted <= set(CODES)


def test_sidecar_format_example_is_valid(tmp_path: Path) -> None:
    text = (DOCS / "sidecar-format.md").read_text(encoding="utf-8")
    example = text.split("```yaml\n", 1)[1].split("```", 1)[0]
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    (content / "articles" / "2022-02-15-example.yml").write_text(example, encoding="utf-8")
    corpus = pipeline.check(content)
    assert "2022-02-15-example" in {s.slug for s in corpus.sheets}


def test_contributing_page_shows_real_output(tmp_path: Path) -> None:
    page = (DOCS / "contributing.md").read_text(encoding="utf-8")
    shown = page.split("```text\n", 1)[1].split("```", 1)[0]
    example = (DOCS / "sidecar-format.md").read_text(encoding="utf-8").split("```yaml\n", 1)[1].split("```", 1)[0]
    broken = example.replace(
        "value: {vague: several}   # or {exact: 3}, {approx: 130000}, {min: 2, max: 5}", "value: {approx: 130000 troops}"
    )
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    (content / "articles" / "2022-02-15-example.yml").write_text(broken, encoding="utf-8")
    with pytest.raises(ValidationFailed) as failure:
        pipeline.check(content)
    assert failure.value.report() + "\n" == shown


def nav_paths(config_file: Path) -> list[str]:
    """Every page the ``nav`` of ``config_file`` names."""
    with config_file.open(encoding="utf-8") as file:
        config = yaml_load(file)  # MkDocs' own loader, which knows !ENV

    def paths(nav: object) -> list[str]:
        if isinstance(nav, str):
            return [nav]
        if isinstance(nav, list):
            return [p for item in nav for p in paths(item)]
        if isinstance(nav, dict):
            return [p for value in nav.values() for p in paths(value)]
        return []

    return paths(config["nav"])


def test_the_publications_nav_pages_are_its_own_or_generated() -> None:
    generated = set(pipeline.render_pages(CONTENT, [ROOT / "templates"]))
    for path in nav_paths(ROOT / "mkdocs.yml"):
        assert (PAGES / path).is_file() or path in generated, path
    assert sorted(p.relative_to(PAGES).as_posix() for p in PAGES.rglob("*.md")) == sorted(
        p for p in nav_paths(ROOT / "mkdocs.yml") if (PAGES / p).is_file()
    )


def test_the_manuals_nav_names_every_page_of_the_manual() -> None:
    pages = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md"))
    assert sorted(nav_paths(ROOT / "manual.yml")) == pages


def test_the_manuals_reference_pages_are_what_the_model_and_the_error_codes_give() -> None:
    for path, text in manual_pages().items():
        assert (DOCS / path).read_text(encoding="utf-8") == text, f"run 'make reference' to refresh docs/{path}"


def test_the_publication_and_the_manual_share_no_page() -> None:
    generated = set(pipeline.render_pages(CONTENT, [ROOT / "templates"]))
    manual = {p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")} - {"index.md"}  # each site has a home
    assert manual.isdisjoint(generated | {p.relative_to(PAGES).as_posix() for p in PAGES.rglob("*.md")})


def test_all_codes_have_descriptions() -> None:
    assert all(description.endswith(".") for description in CODES.values())


def _security_table() -> tuple[list[str], list[str]]:
    text = (DOCS / "security.md").read_text(encoding="utf-8")
    section = text.split("## Who controls what", 1)[1].split("\n## ", 1)[0]
    rows = [line.split("|")[1:3] for line in section.splitlines() if line.startswith("| ") and "---" not in line][1:]
    contributor = [p for left, _ in rows for p in re.findall(r"`([^`]+)`", left)]
    maintainer = [p for _, right in rows for p in re.findall(r"`([^`]+)`", right)]
    return contributor, maintainer


def _owners(path: str) -> list[str]:
    """The owners of ``path`` by .github/CODEOWNERS: the last matching rule wins."""
    owners: list[str] = []
    for line in (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            pattern, *names = line.split()
            if pattern == "*" or ("/" + path).startswith(pattern.rstrip("*")):
                owners = names
    return owners


def test_security_page_names_who_controls_what_and_codeowners_agrees() -> None:
    contributor, maintainer = _security_table()
    assert contributor and all(p.startswith("content/") for p in contributor)
    assert {"mkdocs.yml", "templates/", "generator/", "overrides/", ".github/"} <= set(maintainer)
    for path in maintainer:
        assert _owners(path) == ["@factsheet/maintainers"], path
        assert (ROOT / path.rstrip("/")).exists(), path
    for path in contributor:
        assert _owners(path) == ["@factsheet/editors"], path


def test_security_page_cites_only_real_codes_and_files() -> None:
    text = (DOCS / "security.md").read_text(encoding="utf-8")
    for code in re.findall(r"(?:error|errors) `([a-z-]+)`", text) + re.findall(r", `([a-z]+-[a-z-]+)`", text):
        assert code in CODES, code
    for path in re.findall(r"`((?:tests|generator|overrides)/[\w./-]+)`", text):
        assert (ROOT / path).exists(), path


def test_the_benchmark_page_shows_the_committed_results() -> None:
    """docs/benchmarks.md quotes the tables `make bench` last wrote, unchanged, with the command that wrote them."""
    page = (DOCS / "benchmarks.md").read_text(encoding="utf-8")
    start, end = "<!-- results: benchmarks/results/latest.md -->\n", "<!-- end of results -->\n"
    quoted = page[page.index(start) + len(start) : page.index(end)]
    assert quoted == (ROOT / "benchmarks" / "results" / "latest.md").read_text(encoding="utf-8")
    assert "make bench" in page
