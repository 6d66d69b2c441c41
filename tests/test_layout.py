"""The package's layout keeps to its rules: no import circle, no site engine outside its adapter, no oversized module.

Imports are read from the source (every ``import`` and ``from … import``,
inside functions too), so a circle hidden in a function-level import counts.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "generator"
#: The top-level modules of the site engines, and the one folder each may be imported in.
ENGINES = {"mkdocs": "generator/sites/mkdocs", "material": "generator/sites/mkdocs", "properdocs": "generator/sites/properdocs"}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imported(path: Path, known: set[str]) -> set[str]:
    """The modules ``path`` imports: generator's own as module names, others by their top-level name."""
    found: set[str] = set()
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package.split(".")[: len(package.split(".")) - node.level + 1], *filter(None, [base])])
            for alias in node.names:
                target = f"{base}.{alias.name}"
                found.add(target if target in known else base)
    return {name if name in known or not name.startswith("generator") else name.rsplit(".", 1)[0] for name in found}


def graph() -> dict[str, set[str]]:
    known = set(modules())
    return {name: {m for m in imported(path, known) if m in known and m != name} for name, path in modules().items()}


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every group of modules that import each other, directly or through others (Tarjan's strongly connected components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(edges.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_the_circle_finder_finds_a_circle() -> None:
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_no_module_imports_itself_round_a_circle() -> None:
    edges = graph()
    # A package's __init__ may gather its own parts; a part importing its package back is what makes a circle.
    edges = {
        name: {m for m in targets if not (m.startswith(f"{name}.") and Path(modules()[name]).name == "__init__.py")}
        for name, targets in edges.items()
    }
    assert circles(edges) == []


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_only_an_adapter_imports_its_site_engine(path: Path) -> None:
    tops = {name.split(".")[0] for name in imported(path, set(modules()))}
    where = path.relative_to(ROOT).as_posix()
    for engine, folder in ENGINES.items():
        if engine in tops:
            assert where.startswith(f"{folder}/"), f"{where} imports {engine}, which only {folder}/ may import"


def test_the_pipeline_and_the_cli_load_no_site_engine() -> None:
    script = (
        "import sys, generator.cli, generator.pipeline, generator.sites;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material', 'properdocs')))"
    )
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert out.strip() == "[]"


#: No module grows past this: a longer one holds several parts, which belong in modules of their own.
MAX_LINES = 400


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_module_is_over_400_lines(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(ROOT)} has {lines} lines; split it into parts"


def test_the_contributing_map_names_every_subpackage() -> None:
    text = (ROOT / "docs" / "contributing.md").read_text(encoding="utf-8")
    section = text[text.index("## Where things live") :]
    for package in sorted(p.parent for p in PACKAGE.glob("*/__init__.py")):
        assert f"`{package.relative_to(ROOT).as_posix()}/`" in section, f"{package.name} is missing from the map"


#: The stages in pipeline order: none imports a later one.
STAGES = ["generator.load", "generator.model", "generator.validate", "generator.render", "generator.publish", "generator.sites"]


def stage(module: str) -> int | None:
    return next((i for i, s in enumerate(STAGES) if module == s or module.startswith(f"{s}.")), None)


def test_no_stage_imports_a_later_one() -> None:
    backwards = []
    for module, targets in graph().items():
        here = stage(module)
        for target in targets:
            there = stage(target)
            if here is not None and there is not None and there > here:
                backwards.append(f"{module} imports {target}")
    assert backwards == []
