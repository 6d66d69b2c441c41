"""Writing sidecars: the YAML text of a new or drafted sidecar, with comments for the writer.

``factsheet new`` and ``factsheet draft`` both write through :func:`emit`, which
quotes every value that a YAML reader could take for anything but text, so
that the file reads back as exactly what was written. Fields the writer must
fill in hold the marker :data:`TO_FILL`; ``factsheet check`` reports each one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from generator.errors import FileExists
from generator.model import Article, Sidecar

#: The value of a field the writer still has to fill in.
TO_FILL = "TODO"
SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/sidecar.schema.json"
_PLAIN = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?|\d{4}-\d{2}-\d{2}|[a-z0-9]+(?:-[a-z0-9]+)*")
_YAML_WORDS = frozenset({"null", "true", "false", "yes", "no", "on", "off", "y", "n", "~"})

Comments = Mapping[tuple[str | int, ...], str]


def field_help(model: type[BaseModel], name: str) -> str:
    """The first sentence of a model field's docstring, for a comment beside it."""
    text = " ".join((model.model_fields[name].description or "").replace("``", "").split())
    return text.split(". ")[0].rstrip(".")


def scalar(value: Any) -> str:
    """One value as YAML that reads back as exactly that text (or null)."""
    if value is None:
        return "null"
    text = str(value)
    if text == TO_FILL or (_PLAIN.fullmatch(text) and text.lower() not in _YAML_WORDS):
        return text
    # PyYAML quotes whatever its YAML 1.1 resolver would read as anything but this text.
    dumped = yaml.safe_dump(text, allow_unicode=True, width=10_000)
    return dumped.removesuffix("\n").removesuffix("\n...").strip()


def emit(data: Mapping[str, Any], comments: Comments | None = None, header: Sequence[str] = ()) -> str:
    """YAML text for ``data`` (mappings, lists and text), with ``comments`` at the given paths."""
    lines = list(header)
    _mapping(data, (), 0, comments or {}, lines)
    return "\n".join(lines) + "\n"


def _comment(path: tuple[str | int, ...], comments: Comments) -> str:
    return f"  # {comments[path]}" if path in comments else ""


def _mapping(data: Mapping[str, Any], path: tuple[str | int, ...], indent: int, comments: Comments, lines: list[str]) -> None:
    pad = " " * indent
    for key, value in data.items():
        here = (*path, key)
        if (
            isinstance(value, Mapping)
            and value
            and len(value) <= 2
            and not any(isinstance(v, Mapping | list | tuple) for v in value.values())
        ):
            flow = ", ".join(f"{k}: {scalar(v)}" for k, v in value.items())
            lines.append(f"{pad}{key}: {{{flow}}}{_comment(here, comments)}")
        elif isinstance(value, Mapping) and value:
            lines.append(f"{pad}{key}:{_comment(here, comments)}")
            _mapping(value, here, indent + 2, comments, lines)
        elif isinstance(value, Mapping):
            lines.append(f"{pad}{key}: {{}}{_comment(here, comments)}")
        elif isinstance(value, list | tuple) and value and all(isinstance(v, Mapping) for v in value):
            lines.append(f"{pad}{key}:{_comment(here, comments)}")
            for i, item in enumerate(value):
                block: list[str] = []
                _mapping(item, (*here, i), indent + 4, comments, block)
                block[0] = f"{pad}  - {block[0].lstrip()}"
                lines += block
        elif isinstance(value, list | tuple):
            lines.append(f"{pad}{key}: [{', '.join(scalar(v) for v in value)}]{_comment(here, comments)}")
        else:
            lines.append(f"{pad}{key}: {scalar(value)}{_comment(here, comments)}")


def skeleton(published: str = TO_FILL, **lists: list[Any]) -> dict[str, Any]:
    """A draft sidecar's fields, with :data:`TO_FILL` for what a person must write and ``lists`` filled in."""
    data: dict[str, Any] = {
        "status": "draft",
        "title": TO_FILL,
        "article": {"headline": TO_FILL, "publisher": None, "url": None, "published": published, "authors": [], "language": "en"},
        "summary": TO_FILL,
        "tags": [],
    }
    return data | {name: lists.get(name, []) for name in ("figures", "claims", "quotes", "sources", "updates")}


def new_sidecar() -> str:
    """The text of an empty, commented sidecar for ``factsheet new``."""
    data = skeleton()
    comments: dict[tuple[str | int, ...], str] = {(name,): field_help(Sidecar, name) for name in data}
    comments |= {("article", name): field_help(Article, name) for name in data["article"]}
    comments[("article", "publisher")] = "an entity id from content/entities.yml, or null when the text does not say"
    comments[("article", "url")] = "https://… where it was published, or null"
    comments[("article", "published")] = "YYYY-MM-DD"
    header = [
        SCHEMA_LINE,
        f"# A new fact sheet. Replace every {TO_FILL}, add figures, claims, quotes and sources,",
        "# then run `factsheet check`. Every field is described in docs/sidecar-format.md.",
    ]
    return emit(data, comments, header)


def write_new(path: Path, text: str, *, force: bool = False) -> None:
    """Write ``text`` to ``path``; refuse to replace an existing file unless ``force``.

    Never writes through a symbolic link. Without ``force`` the file is created
    exclusively, so a file that appears meanwhile is not replaced either; with it,
    the new text goes to a temporary file that is renamed over the old one, so a
    crash leaves the old sidecar whole.
    """
    if path.is_symlink():
        raise FileExists(f"{path} is a symbolic link; refusing to write through it")
    if path.exists() and not path.is_file():
        raise FileExists(f"{path} exists and is not a file")
    if path.exists() and not force:
        raise FileExists(f"{path} already exists; edit it, or add --force to replace it")
    path.parent.mkdir(parents=True, exist_ok=True)
    if not force:
        try:
            with path.open("x", encoding="utf-8") as handle:
                handle.write(text)
        except FileExistsError:
            raise FileExists(f"{path} already exists; edit it, or add --force to replace it") from None
        return
    temp = path.with_name(f".{path.name}.factsheet-new")
    temp.write_text(text, encoding="utf-8")
    temp.replace(path)
