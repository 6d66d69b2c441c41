"""The generated pages of the tool's manual (``docs/``): the field reference, from the model, and the error codes.

They are the tool's, not the newsroom's, so their templates ship with the
package (``manual_templates/``) instead of living in the site's template
folder. ``make reference`` writes them into ``docs/reference/``, and a test
fails when the committed pages and the model disagree.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.errors import CODES
from generator.model import JSON_SCHEMAS, SLUG_PATTERN, json_schema
from generator.render.pages import markdown_environment, page

TEMPLATES = Path(__file__).parent / "manual_templates"
#: Where the pages go, relative to the manual's ``docs/``.
REFERENCE_DIR = "reference"


def manual_pages() -> dict[str, str]:
    """The generated pages of the manual, by path relative to ``docs/``."""
    env = markdown_environment([TEMPLATES])
    return {
        f"{REFERENCE_DIR}/fields.md": page(env, "fields.md.j2", {"title": "Field reference"}, files=field_reference()),
        f"{REFERENCE_DIR}/errors.md": page(env, "errors.md.j2", {"title": "Error codes"}, codes=CODES),
    }


def write_manual_pages(docs: Path) -> list[Path]:
    """Write :func:`manual_pages` under the manual's folder ``docs``; return their paths."""
    written = []
    for relative, text in manual_pages().items():
        path = docs / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def _type_name(prop: dict[str, Any]) -> str:
    if "$ref" in prop:
        return str(prop["$ref"]).rsplit("/", 1)[-1]
    if "anyOf" in prop:
        names = [_type_name(p) for p in prop["anyOf"]]
        return " or ".join(n for n in names if n != "null") + (", or null" if "null" in names else "")
    if "enum" in prop:
        return "one of: " + ", ".join(f"`{v}`" for v in prop["enum"])
    if "const" in prop:
        return f"`{prop['const']}`"
    kind = prop.get("type")
    if kind == "array":
        return f"list of {_type_name(prop.get('items', {}))}"
    if kind == "string" and prop.get("format") == "uri":
        return "URL (http or https)"
    if kind == "string" and prop.get("format") == "date":
        return "date (YYYY-MM-DD)"
    if kind == "string" and prop.get("pattern") == SLUG_PATTERN:
        return "id"
    return {"string": "text", "number": "number", "object": "mapping", None: "any"}.get(kind, str(kind))


def field_reference() -> list[tuple[str, str, list[tuple[str, str, str, bool, str]]]]:
    """Every object in the file schemas as (name, description, field rows).

    Each field row is (name, type, description, required, default). Derived from
    the same schema editors use, so the documentation cannot drift from the code.
    """
    sections: list[tuple[str, str, list[tuple[str, str, str, bool, str]]]] = []
    seen: set[str] = set()
    for model in JSON_SCHEMAS.values():
        schema = json_schema(model)
        objects = [(model.__name__, schema), *sorted(schema.get("$defs", {}).items())]
        for name, obj in objects:
            if name in seen:
                continue
            seen.add(name)
            required = set(obj.get("required", ()))
            rows = [
                (
                    field,
                    _type_name(prop),
                    " ".join(str(prop.get("description", "")).split()),
                    field in required,
                    "" if "default" not in prop else json.dumps(prop["default"]),
                )
                for field, prop in obj.get("properties", {}).items()
            ]
            sections.append((name, " ".join(str(obj.get("description", "")).split()), rows))
    return sections
