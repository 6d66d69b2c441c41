"""Open data: every published sheet as JSON (with its own JSON Schema) and as tidy CSV tables.

The files are written beside the pages (``data/``), by ``factsheet build`` and
into the built site alike. Numbers are strings of digits in the JSON, exactly as
the sidecar gives them, so no precision is lost to floating point. A CSV cell
that a spreadsheet would run as a formula is prefixed with ``'``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from generator.model import Corpus, Sheet, Sidecar, Unnamed

DATA_DIR = "data"
#: Bumped when a field changes meaning or disappears; adding a field does not bump it.
FORMAT_VERSION = 1
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class ExportedSheet(BaseModel):
    """One published fact sheet in ``data/factsheets.json``."""

    model_config = ConfigDict(frozen=True)

    slug: str
    """The sheet's id; its page is ``sheets/<slug>/``."""
    page: str
    """The sheet's page, relative to the site root."""
    sidecar: Sidecar
    """The sidecar's content, field for field (see the sidecar format)."""


class Export(BaseModel):
    """``data/factsheets.json``: every published fact sheet, newest first."""

    model_config = ConfigDict(frozen=True, title="Fact sheets export")

    version: Literal[1]
    """The format version; see FORMAT_VERSION."""
    sheets: tuple[ExportedSheet, ...]


def _export(corpus: Corpus) -> Export:
    sheets = tuple(ExportedSheet(slug=s.slug, page=f"sheets/{s.slug}/", sidecar=s.sidecar) for s in corpus.published())
    return Export(version=FORMAT_VERSION, sheets=sheets)


def factsheets_json(corpus: Corpus) -> str:
    """``data/factsheets.json``."""
    return json.dumps(_export(corpus).model_dump(mode="json"), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def factsheets_schema() -> str:
    """``data/factsheets.schema.json``: the JSON Schema of ``factsheets.json``, derived from the model."""
    schema = Export.model_json_schema(mode="serialization")
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Unnamed):
        return f"unnamed: {value.unnamed}"
    if isinstance(value, Decimal):
        return format(value, "f")
    if not isinstance(value, str):
        return str(value)  # numbers and dates: "-2.5" is a number, not a formula
    return "'" + value if value.startswith(_FORMULA_START) else value


def _csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([_cell(v) for v in row] for row in rows)
    return out.getvalue()


def figures_csv(corpus: Corpus) -> str:
    """``data/figures.csv``: one row per figure in a published sheet."""
    header = (
        "sheet", "published", "figure", "label", "kind", "value", "min", "max", "words", "unit", "as_of", "stated_by", "source",
        "series",
    )  # fmt: skip
    return _csv(header, (_figure_row(sheet, f) for sheet in corpus.published() for f in sheet.sidecar.figures))


def _figure_row(sheet: Sheet, figure: Any) -> tuple[Any, ...]:
    v = figure.value
    value = next((n for n in (v.exact, v.approx, v.above, v.below) if n is not None), None)
    return (
        sheet.slug, sheet.sidecar.article.published, figure.id, figure.label, v.kind, value, v.min, v.max, v.vague,
        figure.unit, figure.as_of, figure.stated_by, figure.source, figure.series,
    )  # fmt: skip


def claims_csv(corpus: Corpus) -> str:
    """``data/claims.csv``: one row per claim in a published sheet, with its rating."""
    header = ("sheet", "published", "claim", "text", "claimant", "date", "rating", "rating_label")
    rows = (
        (s.slug, s.sidecar.article.published, c.id, c.text, c.claimant, c.date, c.rating, corpus.rating(c.rating).label)
        for s in corpus.published()
        for c in s.sidecar.claims
    )
    return _csv(header, rows)


def data_files(corpus: Corpus) -> dict[str, str]:
    """Every open-data file, by path under the site root."""
    return {
        f"{DATA_DIR}/factsheets.json": factsheets_json(corpus),
        f"{DATA_DIR}/factsheets.schema.json": factsheets_schema(),
        f"{DATA_DIR}/figures.csv": figures_csv(corpus),
        f"{DATA_DIR}/claims.csv": claims_csv(corpus),
    }
