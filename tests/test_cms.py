"""``factsheet cms-config``: the Git-based CMS's configuration, derived from the model, and what the form can hold."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import create_model

from conftest import CONTENT, REAL_SLUG, ROOT, copy_project, mkdocs_build, require, search_fragments
from generator import cms, pipeline
from generator.errors import ValidationFailed
from generator.model import JSON_SCHEMAS, Line, Sidecar, Status, json_schema


def collection(config: dict[str, Any], name: str) -> dict[str, Any]:
    return next(c for c in config["collections"] if c["name"] == name)


def _property(schema: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """A JSON Schema property without its "or null", and whether it may be null."""
    options = schema.get("anyOf", [])
    if {"type": "null"} in options:
        rest = [o for o in options if o != {"type": "null"}]
        return (rest[0] if len(rest) == 1 else {"anyOf": rest}), True
    return schema, False


def compare(
    fields: list[dict[str, Any]], schema: dict[str, Any], defs: dict[str, Any], where: str, optional: bool = False
) -> None:
    """Every form field against the JSON Schema that the model also derives: names, order, kinds and what is required.

    Inside an ``optional`` object the form requires nothing (the CMS would ask for it when the object is left out),
    and says in the help what is needed once the object is filled in.
    """
    properties = schema["properties"]
    assert [f["name"] for f in fields] == list(properties), where
    required = set(schema.get("required", []))
    for f in fields:
        here = f"{where}.{f['name']}"
        prop, nullable = _property(properties[f["name"]])
        needed = f["name"] in required and not nullable and "default" not in properties[f["name"]]
        hint = " ".join(properties[f["name"]]["description"].replace("``", "`").split())
        if optional and needed:
            hint += " Needed when this part is filled in."
        assert f.get("hint") == hint, here
        if prop.get("type") == "array":
            assert f["widget"] == "list" or (f["widget"] == "relation" and f["multiple"]), here
            assert f["required"] == ("minItems" in prop), here
            items = prop["items"]
            if "$ref" in items:
                compare(f["fields"], defs[items["$ref"].split("/")[-1]], defs, here)
            continue
        assert f["required"] == (f["name"] in required and not nullable and not optional), here
        if "$ref" in prop:
            assert f["widget"] == "object", here
            compare(f["fields"], defs[prop["$ref"].split("/")[-1]], defs, here, optional=optional or not f["required"])
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
        assert done.stdout.startswith("# Written by factsheet from the model in generator/model/; do not edit by hand.\n")
        return yaml.safe_load(done.stdout)  # type: ignore[no-any-return]

    github = run("--repo", "newsroom/factsheets", "--branch", "trunk")
    assert github == cms.config(cms.Backend("newsroom/factsheets", "trunk"))
    assert github["backend"] == {"name": "github", "repo": "newsroom/factsheets", "branch": "trunk"}
    assert "local_backend" not in github and github["publish_mode"] == "editorial_workflow"
    own_login = run("--repo", "newsroom/factsheets", "--auth-url", "https://auth.newsroom.example")["backend"]
    assert own_login == {
        "name": "github",
        "repo": "newsroom/factsheets",
        "branch": "main",
        "base_url": "https://auth.newsroom.example",
    }
    local = run("--local")
    assert local["local_backend"] is True and local["backend"] == {"name": "git-gateway", "branch": "main"}


def test_the_admin_page_holds_the_cms_with_a_policy_of_its_own(tmp_path: Path) -> None:
    bundle = tmp_path / "dist"
    bundle.mkdir()
    for name, text in [("decap-cms.js", "main"), ("12.decap-cms.js", "chunk"), ("decap-cms.js.map", "map"), ("cms.js", "other")]:
        (bundle / name).write_text(text, encoding="utf-8")
    files = cms.admin_files(bundle, cms.Backend("newsroom/factsheets"))
    assert sorted(files) == ["12.decap-cms.js", "config.yml", "decap-cms.js", "index.html"]
    page = files["index.html"].decode()
    assert f'<meta http-equiv="Content-Security-Policy" content="{cms.ADMIN_POLICY}">' in page
    assert re.findall(r"<script[^>]*>", page) == ['<script src="decap-cms.js">']
    assert yaml.safe_load(files["config.yml"]) == cms.config(cms.Backend("newsroom/factsheets"), local=True)
    (bundle / "decap-cms.js").unlink()
    with pytest.raises(FileNotFoundError, match=re.escape("decap-cms.js is missing; install the CMS with npm ci")):
        cms.admin_files(bundle)


def test_the_site_has_the_admin_page_only_beside_the_publication_s_pages(tmp_path: Path) -> None:
    bundle = ROOT / "node_modules" / "decap-cms" / "dist"
    require(bundle.is_dir(), "the CMS is missing: run npm ci")
    project = copy_project(tmp_path, CONTENT)
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(text.replace("node_modules/decap-cms/dist", str(bundle)), encoding="utf-8")
    site = tmp_path / "site"
    assert mkdocs_build(project, site).returncode == 0
    admin = site / "admin"
    assert (admin / "index.html").is_file() and (admin / "decap-cms.js").read_bytes() == (bundle / "decap-cms.js").read_bytes()
    assert yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8")) == cms.config(local=True)
    # The publication's pages keep their own policy, and search does not index the CMS.
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "'unsafe-eval'" not in home and "Content-Security-Policy" in home
    assert not any("admin/" in p for p in search_fragment_urls(site))
    (project / "pages" / "admin").mkdir()
    (project / "pages" / "admin" / "notes.md").write_text("# Notes\n", encoding="utf-8")
    failed = mkdocs_build(project, tmp_path / "again")
    assert failed.returncode != 0 and "the docs folder has an admin/ folder, where the CMS's page goes" in failed.stderr
    # Without npm there is no CMS to copy: the site builds all the same, without the page.
    (project / "mkdocs.yml").write_text(text.replace("node_modules/decap-cms/dist", str(tmp_path / "no-npm")), encoding="utf-8")
    shutil.rmtree(project / "pages" / "admin")
    built = mkdocs_build(project, tmp_path / "plain")
    assert built.returncode == 0 and not (tmp_path / "plain" / "admin").exists()
    assert "no CMS at" in built.stderr and "so the site has no admin/ page" in built.stderr


def search_fragment_urls(site: Path) -> list[str]:
    return [f["url"] for f in search_fragments(site).values()]


def _patterns(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern":
                yield value[0] if isinstance(value, list) else value
            else:
                yield from _patterns(value)
    elif isinstance(node, list):
        for value in node:
            yield from _patterns(value)


def test_every_pattern_in_the_form_and_the_schemas_is_a_javascript_regular_expression() -> None:
    """The CMS and editors' JSON Schema validators run these in JavaScript, which has no (?P<name>…)."""
    node = shutil.which("node")
    require(node is not None, "node is missing: .ci/run installs it")
    patterns = sorted({*_patterns(cms.config()), *(p for s in JSON_SCHEMAS.values() for p in _patterns(json_schema(s)))})
    assert len(patterns) >= 4
    script = "for (const p of JSON.parse(process.argv[1])) { try { new RegExp(p, 'u') } catch (e) { console.log(p) } }"
    assert (
        subprocess.run([str(node), "-e", script, json.dumps(patterns)], capture_output=True, text=True, check=True).stdout == ""
    )


def test_cms_status_sets_only_the_status_and_keeps_every_other_byte(tmp_path: Path) -> None:
    seed = (CONTENT / "articles" / f"{REAL_SLUG}.yml").read_text(encoding="utf-8")
    sheets = {
        "seed.yml": seed,
        "quoted.yml": "title: x  # a title\nstatus: 'draft'   # set by the CMS\r\nsummary: y\n",
        "empty.yml": "title: x\nstatus:\n",
        "retracted.yml": "status: retracted\ntitle: x\n",
    }
    for name, text in sheets.items():
        (tmp_path / name).write_bytes(text.encode())
    lines = pipeline.cms_status("decap-cms/pending_publish", [tmp_path / name for name in sheets])
    assert lines == [
        f"{tmp_path / 'seed.yml'}: status published, kept",
        f"{tmp_path / 'quoted.yml'}: status draft → published",
        f"{tmp_path / 'empty.yml'}: status empty → published",
        f"{tmp_path / 'retracted.yml'}: status retracted, kept",
    ]
    assert (tmp_path / "quoted.yml").read_bytes() == b"title: x  # a title\nstatus: published   # set by the CMS\r\nsummary: y\n"
    assert (tmp_path / "empty.yml").read_text(encoding="utf-8") == "title: x\nstatus: published\n"
    assert (tmp_path / "retracted.yml").read_text(encoding="utf-8") == sheets["retracted.yml"]
    pipeline.cms_status("decap-cms/draft", [tmp_path / "seed.yml"])
    assert (tmp_path / "seed.yml").read_text(encoding="utf-8") == seed.replace("\nstatus: published\n", "\nstatus: draft\n")


def test_cms_status_changes_nothing_when_any_sheet_cannot_take_it(tmp_path: Path) -> None:
    good = tmp_path / "good.yml"
    good.write_text("status: draft\ntitle: x\n", encoding="utf-8")
    (tmp_path / "none.yml").write_text("title: x\n", encoding="utf-8")
    (tmp_path / "flow.yml").write_text("{status: draft, title: x}\n", encoding="utf-8")
    (tmp_path / "broken.yml").write_text("status: [draft\n", encoding="utf-8")
    (tmp_path / "link.yml").symlink_to(good)
    names = ["good.yml", "none.yml", "flow.yml", "broken.yml", "link.yml"]
    with pytest.raises(ValidationFailed) as failed:
        pipeline.cms_status("decap-cms/pending_review", [tmp_path / n for n in names])
    assert [(Path(p.file).name, p.line, p.code, p.message) for p in failed.value.problems] == [
        ("broken.yml", 2, "yaml-syntax", "while parsing a flow sequence, did not find expected ',' or ']'"),
        (
            "flow.yml",
            1,
            "cms-status",
            "the status is not written as 'status: value' on a line of its own; write it so, then run this again",
        ),
        ("link.yml", None, "file-symlink", "is a symbolic link; commit the file itself"),
        ("none.yml", 1, "cms-status", "there is no status to set; add 'status: draft' at the top"),
    ]
    assert good.read_text(encoding="utf-8") == "status: draft\ntitle: x\n"


def test_the_workflow_labels_are_the_cms_s_columns_and_name_a_status_each() -> None:
    assert cms.WORKFLOW_LABELS == {
        "decap-cms/draft": "draft",
        "decap-cms/pending_review": "review",
        "decap-cms/pending_publish": "published",
    }
    assert set(cms.WORKFLOW_LABELS.values()) <= set(typing.get_args(Status))
    assert cms.config()["publish_mode"] == "editorial_workflow"
