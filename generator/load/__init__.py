"""Stage 1, load: find the content's files and read them, refusing what is unsafe to read.

The registries, the sidecars and the article texts under ``content/`` are
found here; each YAML file is parsed strictly by :mod:`.document`, which keeps
the line and column of every value. Links, special files and unportable names
are refused by :mod:`.tree` before anything is read, and :mod:`.history` adds
what git knows of each file's dates.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import Problem
from generator.load import history, tree
from generator.load.document import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    Document,
    Path_,
    Position,
    display_name,
    format_path,
    load_yaml,
    located,
    read_text,
)
from generator.text import markdown_to_text

__all__ = [
    "ARTICLES_DIR",
    "ENTITIES_FILE",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "RATINGS_FILE",
    "SERIES_FILE",
    "TEXT_SUFFIXES",
    "ArticleText",
    "Document",
    "LoadedContent",
    "Path_",
    "Position",
    "display_name",
    "format_path",
    "load_content",
    "load_sidecars",
    "load_yaml",
    "located",
    "read_text",
]


@dataclass(frozen=True)
class ArticleText:
    """An article's text, committed beside its sidecar as ``<slug>.txt`` or ``<slug>.md``."""

    path: Path
    display: str
    body: str


@dataclass(frozen=True)
class LoadedContent:
    """Every file under ``content/`` that parsed, and the problems of those that did not."""

    root: Path
    entities: Document | None
    ratings: Document | None
    sheets: tuple[Document, ...]
    texts: dict[str, ArticleText]
    problems: tuple[Problem, ...]
    series: Document | None = None
    """The optional registry of tracked figures."""
    committed: Mapping[str, history.Committed] = field(default_factory=dict)
    """What git knows of each file under articles/, by name; empty outside git."""
    unparsed: tuple[Path, ...] = ()
    """The sidecars found but not parsed, with ``load_content(..., parse_sidecars=False)``."""

    @property
    def registry_files(self) -> tuple[str, ...]:
        """How messages name the registry files, whether or not they exist."""
        return tuple(display_name(self.root / name, self.root.parent) for name in (ENTITIES_FILE, RATINGS_FILE, SERIES_FILE))


ENTITIES_FILE = "entities.yml"
RATINGS_FILE = "ratings.yml"
SERIES_FILE = "series.yml"
ARTICLES_DIR = "articles"
TEXT_SUFFIXES = (".txt", ".md")


def load_sidecars(paths: Iterable[Path], root: Path) -> tuple[list[Document], list[Problem]]:
    """Parse the sidecars at ``paths`` (under the content folder ``root``): those that parsed, and every problem."""
    sheets, problems = [], []
    for path in paths:
        doc, found = load_yaml(path, root.parent)
        problems += found
        if doc is not None:
            sheets.append(doc)
    return sheets, problems


def load_content(root: Path, *, parse_sidecars: bool = True) -> LoadedContent:
    """Find and parse the registries and every sidecar under ``root``, collecting all problems.

    With ``parse_sidecars=False`` the sidecars are found but not parsed: their
    paths are in ``unparsed``, for :func:`load_sidecars` to parse, a part at a time.
    """
    problems = tree.scan([tree.Folder(root, portable=True)], root.parent)
    refused = {p.file for p in problems}
    registries: list[Document | None] = []
    for name in (ENTITIES_FILE, RATINGS_FILE):
        path = root / name
        if not path.exists() and not path.is_symlink():
            problems.append(
                Problem("file-missing", f"the registry {name} is missing; create it", display_name(path, root.parent))
            )
            registries.append(None)
            continue
        doc, found = load_yaml(path, root.parent) if display_name(path, root.parent) not in refused else (None, [])
        problems += found
        registries.append(doc)
    series = None
    if (root / SERIES_FILE).is_file() and display_name(root / SERIES_FILE, root.parent) not in refused:
        series, found = load_yaml(root / SERIES_FILE, root.parent)
        problems += found
    sheets: list[Document] = []
    sidecars: list[Path] = []
    texts: dict[str, ArticleText] = {}
    articles = root / ARTICLES_DIR
    for path in sorted(articles.iterdir()) if articles.is_dir() else []:
        display = display_name(path, root.parent)
        if display in refused:
            continue
        if path.suffix in TEXT_SUFFIXES:
            body, found = read_text(path, display)
            problems += found
            if body is not None:
                # A Markdown article is checked against its text, as factsheet draft reads it.
                texts[path.stem] = ArticleText(path, display, markdown_to_text(body) if path.suffix == ".md" else body)
            continue
        if path.suffix != ".yml":
            problems.append(
                Problem(
                    "file-name", f"unexpected file; sidecars end in .yml, article texts in {' or '.join(TEXT_SUFFIXES)}", display
                )
            )
            continue
        sidecars.append(path)
    if parse_sidecars:
        sheets, found = load_sidecars(sidecars, root)
        problems += found
        sidecars = []
    committed = history.commit_dates(articles) if articles.is_dir() else {}
    return LoadedContent(
        root, registries[0], registries[1], tuple(sheets), texts, tuple(problems), series, committed, tuple(sidecars)
    )
