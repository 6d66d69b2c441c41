"""The pipeline, top to bottom: load → validate → render → publish.

Each function here is one user-facing operation, shared by the CLI and the
MkDocs plugin. Nothing is written until every file has validated.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from generator import load, publish, render, validate
from generator.model import JSON_SCHEMAS, Corpus, json_schema


def check(content: Path) -> Corpus:
    """Load and validate everything under ``content``; raise ValidationFailed with every problem."""
    return validate.validate(load.load_content(content))


def render_pages(content: Path, templates: Sequence[Path]) -> dict[str, str]:
    """Validate, then render every generated page to Markdown, keyed by page path."""
    corpus = check(content)
    env = render.environment(templates, corpus)
    return render.render_pages(env, corpus)


def build(content: Path, templates: Sequence[Path], out: Path) -> list[Path]:
    """Render every page and write it under ``out``; return the paths written."""
    pages = render_pages(content, templates)
    return publish.write_pages(pages, out)


def schema_texts() -> dict[str, str]:
    """The editor JSON Schemas, by file name, as the text ``write_schemas`` writes."""
    return {
        name: json.dumps(json_schema(model), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        for name, model in JSON_SCHEMAS.items()
    }


def write_schemas(folder: Path) -> list[Path]:
    """Write the editor JSON Schemas into ``folder``; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in schema_texts().items():
        (folder / name).write_text(text, encoding="utf-8")
        paths.append(folder / name)
    return paths
