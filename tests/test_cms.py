"""``factsheet cms-config``: the Git-based CMS's configuration, derived from the model, and what the form can hold."""

from __future__ import annotations

import re
import subprocess
import sys
from typing import Any

import pytest
import yaml
from pydantic import create_model

from conftest import CONTENT, ROOT
from generator import cms
from generator.model import JSON_SCHEMAS, Line, Sidecar, json_schema


def collection(config: dict[str, Any], name: str) -> dict[str, Any]:
    return next(c for c in config["collections"] if c["name"] == name)


def _property(schema: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """A JSON Schema property without its "or null", and whether it may be null."""
    options = schema.get("anyOf", [])
    if {"type": "null"} in options:
        rest = [o for o in options if o != {"type": "null"}]
        return (rest[0] if len(rest) == 1 else {"anyOf": rest}), True
    return schema, False


def compare(fields: list[dict[str, Any]], schema: dict[str, Any], defs: dict[str, Any], where: str) -> None:
    """Every form field against the JSON Schema that the model also derives: names, order, kinds and what is required."""
    properties = schema["properties"]
    assert [f["name"] for f in fields] == list(properties), where
    required = set(schema.get("required", []))
    for f in fields:
        here = f"{where}.{f['name']}"
        prop, nullable = _property(properties[f["name"]])
        assert f.get("hint") == " ".join(properties[f["name"]]["description"].replace("``", "`").split()), here
        if prop.get("type") == "array":
            assert f["widget"] == "list" or (f["widget"] == "relation" and f["multiple"]), here
            assert f["required"] == ("minItems" in prop), here
            items = prop["items"]
            if "$ref" in items:
                compare(f["fields"], defs[items["$ref"].split("/")[-1]], defs, here)
            continue
        assert f["required"] == (f["name"] in required and not nullable), here
        if "$ref" in prop:
            assert f["widget"] == "object", here
            compare(f["fields"], defs[prop["$ref"].split("/")[-1]], defs, here)
        elif "enum" in prop:
            assert (f["widget"], f["options"]) == ("select", prop["enum"]), here
        elif prop.get("type") in ("number", "integer"):
            assert f["widget"] == "number", here
        elif prop.get("format") == "date":
            assert (f["widget"], f["format"]) == ("datetime", "YYYY-MM-DD"), here
        elif "oneOf" in prop:  # a registry id or {unnamed: …}: the form picks the id
            assert (f["widget"], f["file"]) == ("relation", "entities"), here
        else:
            assert prop["type"] == "string" and f["widget"] in ("string", "text", "relation"), here


@pytest.mark.parametrize("name", list(JSON_SCHEMAS))
def test_the_form_has_every_field_of_the_model_as_its_json_schema_gives_it(name: str) -> None:
    config = cms.config()
    model = JSON_SCHEMAS[name]
    if model is Sidecar:
        fields = collection(config, "sheets")["fields"]
    else:
        registry = next(key for key, (_path, _key, _label, m) in cms.REGISTRIES.items() if m is model)
        fields = next(f for f in collection(config, "registries")["files"] if f["name"] == registry)["fields"]
    schema = json_schema(model)
    compare(fields, schema, schema.get("$defs", {}), name)


def test_a_field_added_to_the_model_appears_in_the_form_with_its_help() -> None:
    extended = create_model("Extended", __base__=Sidecar, correspondent=(Line | None, None))
    extended.model_fields["correspondent"].description = "Who filed the story."
    [added] = [f for f in cms.fields(extended) if f["name"] == "correspondent"]
    assert added == {"name": "correspondent", "label": "Correspondent", "widget": "string", "required": False,
                     "hint": "Who filed the story."}  # fmt: skip


def test_a_type_the_form_cannot_show_is_refused_by_name() -> None:
    odd = create_model("Odd", when=(complex, ...))
    with pytest.raises(TypeError, match="no CMS widget for <class 'complex'>"):
        cms.fields(odd)


def registry_ids() -> dict[str, set[str]]:
    ids = {}
    for name, (path, key, _label, _model) in cms.REGISTRIES.items():
        data = yaml.safe_load((ROOT / path).read_text(encoding="utf-8")) or {}
        ids[name] = {str(entry["id"]) for entry in data.get(key) or []}
    return ids


def misfits(value: Any, field: dict[str, Any], ids: dict[str, set[str]], where: str) -> list[str]:
    """Where a value from a sidecar would not fit the form field that shows it."""
    widget = field["widget"]
    if widget == "relation":
        values = value if field.get("multiple") else [value]
        if field.get("multiple") and not isinstance(value, list):
            return [f"{where}: not a list"]
        return [f"{where}: {v!r} is no id in {field['file']}" for v in values if str(v) not in ids[field["file"]]]
    if widget == "object":
        return fits(value, field["fields"], ids, where)
    if widget == "list":
        if not isinstance(value, list):
            return [f"{where}: not a list"]
        out = []
        for i, item in enumerate(value):
            if "fields" in field:
                out += fits(item, field["fields"], ids, f"{where}[{i}]")
            else:
                out += misfits(item, field["field"], ids, f"{where}[{i}]")
        return out
    if widget == "select":
        return [] if value in field["options"] else [f"{where}: {value!r} is not an option"]
    if widget == "number":
        return [] if isinstance(value, int | float) else [f"{where}: {value!r} is not a number"]
    if "pattern" in field and not re.search(field["pattern"][0], str(value)):
        return [f"{where}: {value!r} does not match {field['pattern'][0]}"]
    return []


def fits(data: Any, fields: list[dict[str, Any]], ids: dict[str, set[str]], where: str) -> list[str]:
    if not isinstance(data, dict):
        return [f"{where}: not a mapping"]
    by_name = {f["name"]: f for f in fields}
    out = [f"{where}.{key}: no such field in the form" for key in data if key not in by_name]
    out += [f"{where}.{f['name']}: required, missing" for f in fields if f["required"] and f["name"] not in data]
    for key, value in data.items():
        if key in by_name and value is not None:
            out += misfits(value, by_name[key], ids, f"{where}.{key}")
    return out


def test_the_seed_content_fits_the_form_but_for_the_unnamed_speakers_it_cannot_pick() -> None:
    config = cms.config()
    ids = registry_ids()
    [sheet] = sorted((CONTENT / "articles").glob("*.yml"))
    data = yaml.safe_load(sheet.read_text(encoding="utf-8"))
    found = fits(data, collection(config, "sheets")["fields"], ids, sheet.stem)
    unnamed = [m for m in found if "{'unnamed':" in m]
    assert found == unnamed and unnamed == [
        "2022-02-15-russia-troops-ukraine-border.claims[3].claimant: {'unnamed': 'the private US company that released "
        "the pictures'} is no id in entities"
    ]
    for registry in collection(config, "registries")["files"]:
        data = yaml.safe_load((ROOT / registry["file"]).read_text(encoding="utf-8"))
        assert fits(data, registry["fields"], ids, registry["file"]) == []


def test_the_command_prints_the_configuration_for_a_repository_or_for_decap_server() -> None:
    def run(*args: str) -> dict[str, Any]:
        done = subprocess.run(
            [sys.executable, "-m", "generator.cli", "cms-config", *args], cwd=ROOT, capture_output=True, text=True, check=True
        )
        assert done.stdout.startswith("# Written by `factsheet cms-config`")
        return yaml.safe_load(done.stdout)  # type: ignore[no-any-return]

    github = run("--repo", "newsroom/factsheets", "--branch", "trunk")
    assert github == cms.config(repo="newsroom/factsheets", branch="trunk")
    assert github["backend"] == {"name": "github", "repo": "newsroom/factsheets", "branch": "trunk"}
    assert "local_backend" not in github and github["publish_mode"] == "editorial_workflow"
    assert run("--local")["local_backend"] is True
