"""Open data: the JSON export (checked against its own schema) and the CSV tables, parsed back."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema

from conftest import CONTENT, REAL_SLUG, TEMPLATES
from generator import pipeline
from generator.render import export


def pages() -> dict[str, str]:
    return pipeline.render_pages(CONTENT, [TEMPLATES])


def test_json_export_validates_against_its_schema_and_round_trips() -> None:
    out = pages()
    data = json.loads(out["data/factsheets.json"])
    schema = json.loads(out["data/factsheets.schema.json"])
    jsonschema.validators.validator_for(schema).check_schema(schema)
    assert list(jsonschema.validators.validator_for(schema)(schema).iter_errors(data)) == []
    assert data["version"] == export.FORMAT_VERSION == 1
    [sheet] = data["sheets"]
    assert (sheet["slug"], sheet["page"]) == (REAL_SLUG, f"sheets/{REAL_SLUG}/")
    corpus = pipeline.check(CONTENT)
    assert export.Export.model_validate_json(out["data/factsheets.json"]).sheets[0].sidecar == corpus.sheets[0].sidecar
    assert sheet["sidecar"]["figures"][0]["value"]["approx"] == "130000"
    assert sheet["sidecar"]["claims"][3]["claimant"] == {"unnamed": "the private US company that released the pictures"}


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_tables_have_one_row_per_figure_and_claim() -> None:
    out = pages()
    figures = rows(out["data/figures.csv"])
    assert [(r["figure"], r["kind"], r["value"], r["words"], r["unit"], r["series"]) for r in figures] == [
        ("russian-troops-near-ukraine", "approx", "130000", "", "troops", "russian-troops-near-ukraine-border"),
        ("days-to-verify-by-satellite", "vague", "", "several", "days", ""),
    ]
    claims = rows(out["data/claims.csv"])
    assert len(claims) == 4 and {r["sheet"] for r in claims} == {REAL_SLUG}
    assert claims[0]["rating"] == "unverified" and claims[0]["rating_label"] == "Unverified"
    assert claims[3]["claimant"] == "unnamed: the private US company that released the pictures"


def test_csv_cells_that_a_spreadsheet_would_run_are_defused(hostile_tree: Path) -> None:
    out = pipeline.render_pages(hostile_tree, [TEMPLATES])
    texts = [r["text"] for r in rows(out["data/claims.csv"])]
    assert "'- not a list | ### not a heading" in texts
    assert all(not t.startswith(("=", "+", "-", "@")) for r in rows(out["data/claims.csv"]) for t in r.values())


def test_negative_and_tiny_numbers_stay_numbers(tmp_path: Path) -> None:
    import shutil

    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    sidecar = content / "articles" / f"{REAL_SLUG}.yml"
    sidecar.unlink(), (content / "articles" / f"{REAL_SLUG}.txt").unlink()
    text = (CONTENT / "articles" / f"{REAL_SLUG}.yml").read_text(encoding="utf-8")
    sidecar.write_text(text.replace("value: {approx: 130000}", "value: {min: -2.5, max: 0.00000001}"), encoding="utf-8")
    out = pipeline.render_pages(content, [TEMPLATES])
    [row, _] = rows(out["data/figures.csv"])
    assert (row["min"], row["max"]) == ("-2.5", "0.00000001")
    data = json.loads(out["data/factsheets.json"])
    assert data["sheets"][0]["sidecar"]["figures"][0]["value"] == {"min": "-2.5", "max": "0.00000001"}
    schema = json.loads(out["data/factsheets.schema.json"])
    assert list(jsonschema.validators.validator_for(schema)(schema).iter_errors(data)) == []
    assert "2.5 to 0.00000001" in out[f"sheets/{REAL_SLUG}.md"] and "1E-8" not in out[f"sheets/{REAL_SLUG}.md"]
